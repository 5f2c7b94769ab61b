"""The hostile corpus uploaded through the admin, as an editor would: every package is
rejected with its reason on its page, and nothing lands outside its own folders."""

from __future__ import annotations

import io
import zipfile
from html import escape

import pytest

from courses.models import ContentPackage
from courses.packages import processing
from courses.packages.archive import ArchiveLimits
from courses.packages.extract import extract_to_storage
from tests.courses.admin.conftest import storage_tree, url
from tests.courses.hostile import archive_cases, h5p_cases, minimal_h5p_files, zip_bytes
from tests.courses.scorm_fixtures import SCORM_2004_LAUNCH, scorm2004_files, zip_package

pytestmark = pytest.mark.django_db

# Cases that need shrunken limits are refused by the archive tests with those limits.
HOSTILE = [case for case in archive_cases() + h5p_cases() if case.limits == ArchiveLimits()]


def _scorm_cases() -> list[tuple[str, bytes, str]]:
    """(name, zip, code) for sound zips that are broken as SCORM packages."""
    no_launch = scorm2004_files(title="t", passing_score=0.8)
    del no_launch[SCORM_2004_LAUNCH]
    wrong_namespace = scorm2004_files(title="t", passing_score=0.8)
    wrong_namespace["imsmanifest.xml"] = wrong_namespace["imsmanifest.xml"].replace(
        "http://www.imsglobal.org/xsd/imscp_v1p1", "http://example.com/imscp"
    )
    return [
        ("no_manifest", zip_package({"index.html": "<p>hello</p>"}), "manifest_missing"),
        ("missing_launch_file", zip_package(no_launch), "launch_file_missing"),
        ("wrong_namespace", zip_package(wrong_namespace), "manifest_namespace"),
    ]


def _fails_mid_unpack() -> list[tuple[str, bytes, str]]:
    """Sound H5P packages whose last file is damaged: refused only while being unpacked,
    after the files before it were written."""
    files = minimal_h5p_files()
    files["content/images/zz-last.png"] = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    data = zip_bytes(files.items(), compression=zipfile.ZIP_STORED)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("content/images/zz-last.png")
    at = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    corrupt = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    return [("corrupt_last_file", corrupt, "corrupt")]


def test_the_corpus_is_big_enough():
    assert len({case.code for case in HOSTILE}) >= 20
    assert len(HOSTILE) + len(_scorm_cases()) >= 60


def test_every_hostile_upload_is_rejected_with_its_reason_and_leaves_nothing_behind(
    client_for, package_editor, post_files, monkeypatch
):
    files_before, folders_before = storage_tree()
    uploads = [(f"{case.id}.h5p", case.data) for case in HOSTILE]
    uploads += [(f"{name}.zip", data) for name, data, _code in _scorm_cases()]
    uploads += [(f"{name}.h5p", data) for name, data, _code in _fails_mid_unpack()]
    unpacked_into = []

    def watched_extract(archive, *, storage, prefix):
        unpacked_into.append(prefix)
        return extract_to_storage(archive, storage=storage, prefix=prefix)

    monkeypatch.setattr(processing, "extract_to_storage", watched_extract)
    client = client_for(package_editor)
    response = post_files(client, uploads)
    assert response.status_code == 200
    packages = {package.title: package for package in ContentPackage.objects.all()}
    assert len(packages) == len(uploads)

    expected = {case.id: (case.code, case.mention, case.stage) for case in HOSTILE}
    expected.update({name: (code, "", "scorm") for name, _data, code in _scorm_cases()})
    expected.update({name: (code, "", "unpack") for name, _data, code in _fails_mid_unpack()})
    for title, (code, mention, stage) in expected.items():
        package = packages[title]
        assert package.status == ContentPackage.Status.REJECTED, title
        # "read"-stage cases are sound zips until their bytes are read; as H5P packages they
        # are refused first for what they lack, which is as good a reason.
        if stage != "read":
            assert package.error_code == code, (title, package.error)
        assert package.error and package.content_prefix == ""
        page = client.get(url("inspect", package.pk)).content.decode()
        assert escape(package.error) in page, title
        if mention and stage != "read":
            assert escape(mention) in page, (title, package.error)

    # Those damaged late did start unpacking, and were cleared away again.
    assert len(unpacked_into) == len(_fails_mid_unpack())
    files_after, folders_after = storage_tree()
    assert not [path for path in files_after if path.startswith(tuple(unpacked_into))]
    uids = {str(package.uid) for package in packages.values()}
    new_files = files_after - files_before
    # The uploads are kept (to check again later); nothing else was written anywhere.
    assert {path.split("/")[1] for path in new_files} == uids
    assert all(path.startswith("uploads/") for path in new_files), sorted(new_files)
    allowed_folders = {"uploads", "content"} | {
        f"{top}/{uid}" for uid in uids for top in ("uploads", "content")
    }
    assert folders_after - folders_before <= allowed_folders
