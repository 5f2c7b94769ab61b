"""The framework management commands: what they print, write and refuse."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from badges.frameworks.loader import read_shipped
from badges.models import Framework, FrameworkItem
from tests.badges.frameworks.test_case_import import local_document

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_frameworks_creates_then_reports_unchanged():
    first = run("load_frameworks")
    assert "digcomp" in first and "created" in first
    assert "eds" in first
    assert "unchanged" in run("load_frameworks").splitlines()[0]
    assert Framework.objects.count() == 2


def test_import_framework_for_a_council(tmp_path, council):
    path = tmp_path / "ict.json"
    path.write_text(json.dumps(local_document()), encoding="utf-8")
    output = run("import_framework", str(path), "--organisation", council.slug)
    assert "ict-skills" in output and "created" in output
    assert Framework.objects.get(code="ict-skills").organisation == council
    assert "unchanged" in run("import_framework", str(path), "--organisation", council.slug)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "is not a JSON file"),
        (b"\xff\xfe\x00garbage", "is not a JSON file"),
        (b"[]", "must be a JSON object"),
        (json.dumps({"CFDocument": {"title": "x"}}).encode(), "'identifier' is required"),
    ],
)
def test_import_framework_refuses_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("import_framework", str(path))
    assert not Framework.objects.exists()


def test_import_framework_refuses_missing_file_and_unknown_council(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_framework", str(tmp_path / "absent.json"))
    path = tmp_path / "ict.json"
    path.write_text(json.dumps(local_document()), encoding="utf-8")
    with pytest.raises(CommandError, match="No council has the slug 'nowhere'"):
        run("import_framework", str(path), "--organisation", "nowhere")
    assert not Framework.objects.exists()


def test_export_framework_to_stdout_and_file(tmp_path, frameworks):
    printed = json.loads(run("export_framework", "digcomp"))
    assert len(printed["CFItems"]) == 26
    path = tmp_path / "out.json"
    assert "Wrote digcomp" in run("export_framework", "digcomp", "-o", str(path))
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written == printed
    shipped = read_shipped("digcomp-2.2.json")
    assert written["CFItems"] == shipped["CFItems"]


def test_export_framework_unknown_code_fails(frameworks):
    with pytest.raises(CommandError, match=r"No framework has the code 'sfia' \(known: .*digcomp"):
        run("export_framework", "sfia")


def test_exit_codes_from_the_command_line(tmp_path, frameworks, monkeypatch):
    """Errors leave with a non-zero status, as scripts and deploy steps expect."""
    from django.core.management import ManagementUtility
    from django.db import connections

    # run_from_argv closes every connection when it ends, which on PostgreSQL would end
    # the test's own transaction under it.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    for argv in (["import_framework", str(bad)], ["export_framework", "sfia"]):
        with pytest.raises(SystemExit) as exited:
            ManagementUtility(["manage.py", *argv]).execute()
        assert exited.value.code == 1
    ManagementUtility(
        ["manage.py", "export_framework", "eds", "-o", str(tmp_path / "e.json")]
    ).execute()
    assert FrameworkItem.objects.filter(framework__code="eds").count() == 31


def test_seed_role_requirements_needs_frameworks_first():
    with pytest.raises(CommandError, match="load_frameworks"):
        run("seed_role_requirements")
