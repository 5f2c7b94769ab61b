import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from courses.models import ContentPackage
from courses.models.packages import package_storage
from courses.packages.archive import ArchiveLimits
from courses.packages.intake import UploadRefused, receive_package
from courses.packages.processing import process_package
from tests.courses.hostile import archive_cases, h5p_cases
from tests.courses.scorm_fixtures import build_scorm12_package, build_scorm2004_package


def stored_files(prefix: str) -> list[str]:
    root = Path(package_storage().location) / prefix
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def receive(data: bytes, filename: str, **kwargs) -> ContentPackage:
    package = receive_package(upload=ContentFile(data, name=filename), filename=filename, **kwargs)
    package.refresh_from_db()
    return package


@pytest.mark.django_db(transaction=True)
def test_real_truefalse_h5p_is_checked_and_unpacked(truefalse_h5p):
    package = receive(truefalse_h5p.read_bytes(), "truefalse.h5p")
    assert package.kind == "h5p"
    assert package.status == ContentPackage.Status.READY, package.error
    assert package.manifest["h5p"]["main_library"] == "H5P.TrueFalse"
    files = stored_files(package.content_prefix)
    assert "h5p.json" in files and "content/content.json" in files
    assert any(name.startswith("H5P.TrueFalse-") for name in files)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "builder, version, scos",
    [(build_scorm12_package, "1.2", 2), (build_scorm2004_package, "2004 4th Edition", 1)],
)
def test_scorm_packages_record_their_version_and_scos(builder, version, scos):
    package = receive(builder(), "course.zip")
    assert package.kind == "scorm"
    assert package.status == ContentPackage.Status.READY, package.error
    assert package.manifest["scorm"]["version"] == version
    assert len(package.manifest["scorm"]["scos"]) == scos
    assert "imsmanifest.xml" in stored_files(package.content_prefix)


# Cases that need shrunken limits to trigger are covered by the archive tests themselves.
HOSTILE = [case for case in archive_cases() + h5p_cases() if case.limits == ArchiveLimits()]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", HOSTILE, ids=[case.id for case in HOSTILE])
def test_hostile_packages_are_rejected_with_a_reason_and_leave_nothing(case):
    package = ContentPackage.objects.create(kind="h5p", title=case.id)
    package.source.save("upload.h5p", ContentFile(case.data))
    process_package(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == ContentPackage.Status.REJECTED
    # "read"-stage cases are sound until their bytes are read; as packages they are
    # refused earlier for what they lack (no h5p.json), which is as good a reason.
    if case.stage != "read":
        assert package.error_code == case.code
    assert package.error and package.content_prefix == ""
    assert stored_files(f"content/{package.uid}") == []


@pytest.mark.django_db(transaction=True)
def test_processing_twice_changes_nothing(truefalse_h5p):
    package = receive(truefalse_h5p.read_bytes(), "truefalse.h5p")
    prefix = package.content_prefix
    process_package(package_id=package.pk)
    package.refresh_from_db()
    assert package.content_prefix == prefix and package.status == "ready"


@pytest.mark.django_db(transaction=True)
def test_a_crashed_run_is_redone_and_its_leftovers_swept(truefalse_h5p):
    package = ContentPackage.objects.create(kind="h5p", title="Crashed")
    package.source.save("upload.h5p", ContentFile(truefalse_h5p.read_bytes()))
    # What a worker killed mid-unpack leaves: status stuck and a partial folder.
    package_storage().save(f"content/{package.uid}/deadbeef/h5p.json", ContentFile(b"{}"))
    ContentPackage.objects.filter(pk=package.pk).update(status="processing")
    process_package(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == "ready"
    assert "h5p.json" in stored_files(package.content_prefix)
    assert stored_files(f"content/{package.uid}/deadbeef") == []


@pytest.mark.django_db
def test_wrong_file_types_are_refused_at_upload():
    with pytest.raises(UploadRefused, match=r"upload a \.h5p file or a SCORM \.zip"):
        receive_package(upload=io.BytesIO(b"<?php"), filename="shell.php")
    with pytest.raises(UploadRefused, match="not a readable zip"):
        receive_package(upload=io.BytesIO(b"not a zip"), filename="course.zip")
    assert not ContentPackage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_deleting_a_package_removes_its_stored_files(truefalse_h5p):
    package = receive(truefalse_h5p.read_bytes(), "truefalse.h5p")
    uid = package.uid
    assert stored_files(f"content/{uid}") and stored_files(f"uploads/{uid}")
    package.delete()
    assert stored_files(f"content/{uid}") == [] and stored_files(f"uploads/{uid}") == []
