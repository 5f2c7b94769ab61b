"""manage.py import_package: one line per file, the real outcome, non-zero on any failure."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from courses.models import ContentPackage
from tests.courses.hostile import minimal_h5p
from tests.courses.scorm_fixtures import build_scorm12_package, build_scorm2004_package

# The command checks each file as it goes, after each file's transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)


def run(*args: str) -> tuple[list[str], CommandError | None]:
    out = io.StringIO()
    try:
        call_command("import_package", *args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        return out.getvalue().splitlines(), error
    return out.getvalue().splitlines(), None


@pytest.fixture
def files(tmp_path, truefalse_h5p):
    paths = {
        "scorm12": tmp_path / "shared-files.zip",
        "scorm2004": tmp_path / "safe-online.zip",
        "h5p": tmp_path / "truefalse.h5p",
        "hostile": tmp_path / "evil.h5p",
    }
    paths["scorm12"].write_bytes(build_scorm12_package())
    paths["scorm2004"].write_bytes(build_scorm2004_package())
    paths["h5p"].write_bytes(truefalse_h5p.read_bytes())
    paths["hostile"].write_bytes(minimal_h5p(extra={"content/shell.php": b"<?php"}))
    return {key: str(path) for key, path in paths.items()}


def test_good_files_are_imported_with_one_line_each(files):
    lines, error = run(files["scorm12"], files["scorm2004"], files["h5p"])
    assert error is None
    assert len(lines) == 3
    assert lines[0].startswith(f"imported {files['scorm12']}: SCORM 1.2, ")
    assert lines[1].startswith(f"imported {files['scorm2004']}: SCORM 2004 4th Edition, ")
    assert lines[2].startswith(f"imported {files['h5p']}: H5P H5P.TrueFalse 1.")
    assert all(line.endswith(" files") for line in lines)
    assert ContentPackage.objects.filter(status="ready", owning_council=None).count() == 3


def test_a_hostile_file_is_rejected_with_its_reason_and_a_non_zero_exit(files):
    lines, error = run(files["scorm12"], files["hostile"], "/no/such/file.zip")
    assert error is not None and error.returncode == 1
    assert "2 of 3 files not imported" in str(error)
    assert lines[0].startswith("imported ")
    assert lines[1] == (
        f"rejected {files['hostile']}: " + ContentPackage.objects.get(title="evil").error
    )
    assert "content/shell.php" in lines[1]
    assert lines[2] == "rejected /no/such/file.zip: there is no such file."


def test_a_file_that_is_not_a_package_at_all(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    lines, error = run(str(notes))
    assert error is not None
    assert lines == [f"rejected {notes}: upload a .h5p file or a SCORM .zip package."]
    assert not ContentPackage.objects.exists()


def test_council_and_title(files, council):
    lines, error = run(files["scorm12"], "--council", council.slug, "--title", "Shared files")
    assert error is None, lines
    package = ContentPackage.objects.get()
    assert package.owning_council == council and package.title == "Shared files"


def test_an_unknown_council_is_a_clear_error_before_anything_is_imported(files, council):
    lines, error = run(files["scorm12"], "--council", "nowhere")
    assert error is not None
    assert "No council has the slug 'nowhere'" in str(error) and council.slug in str(error)
    assert lines == [] and not ContentPackage.objects.exists()


def test_a_title_is_for_one_file_only(files):
    _lines, error = run(files["scorm12"], files["scorm2004"], "--title", "Both")
    assert error is not None and "single FILE" in str(error)
    assert not ContentPackage.objects.exists()
