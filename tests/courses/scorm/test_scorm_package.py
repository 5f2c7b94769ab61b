import io

import pytest

from courses.packages.archive import PackageRejected, inspect_archive
from courses.scorm.package import validate_scorm
from courses.scorm.versions import ScormVersion
from tests.courses.scorm_fixtures import (
    SCORM_12_LAUNCHES,
    SCORM_2004_LAUNCH,
    build_scorm12_package,
    build_scorm2004_package,
    minimal_scorm12_dir,
    scorm12_files,
    scorm2004_files,
    zip_package,
)


def validated(data: bytes):
    with inspect_archive(io.BytesIO(data)) as archive:
        return validate_scorm(archive)


def refused(data: bytes) -> PackageRejected:
    with pytest.raises(PackageRejected) as caught:
        validated(data)
    return caught.value


def test_the_real_minimal_scorm_12_package(third_party_dir):
    folder = minimal_scorm12_dir(third_party_dir)
    files = {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    info = validated(zip_package(files))
    assert info.version is ScormVersion.SCORM_12
    assert info.launch_files == ("index.html",)
    assert info.missing_listed_files == ()


def test_our_scorm_2004_package():
    info = validated(build_scorm2004_package(passing_score=0.7))
    assert info.version is ScormVersion.SCORM_2004_4TH
    assert info.launch_files == (SCORM_2004_LAUNCH,)
    assert info.manifest.scos[0].mastery_score == pytest.approx(0.7)
    assert info.missing_listed_files == ()


def test_our_scorm_12_package_has_two_scos_in_order():
    info = validated(build_scorm12_package(mastery_score=75))
    assert info.version is ScormVersion.SCORM_12
    assert info.launch_files == SCORM_12_LAUNCHES
    assert [sco.mastery_score for sco in info.manifest.scos] == [75.0, 75.0]


def test_a_zip_without_a_manifest_is_not_scorm():
    error = refused(zip_package({"index.html": "<p>hello</p>"}))
    assert error.code == "manifest_missing"


def test_a_manifest_inside_a_folder_gets_a_hint():
    inner = scorm12_files(title="t", mastery_score=80)
    files = {f"My Course/{path}": text for path, text in inner.items()}
    error = refused(zip_package(files))
    assert error.code == "manifest_missing"
    assert "My Course/imsmanifest.xml" in error.message
    assert "zip the folder's contents" in error.message


def test_a_manifest_in_capitals_gets_a_hint():
    files = scorm12_files(title="t", mastery_score=80)
    files["IMSManifest.xml"] = files.pop("imsmanifest.xml")
    error = refused(zip_package(files))
    assert error.code == "manifest_missing"
    assert "lower case" in error.message


def test_a_missing_launch_file_is_refused():
    files = scorm2004_files(title="t", passing_score=0.8)
    del files[SCORM_2004_LAUNCH]
    error = refused(zip_package(files))
    assert error.code == "launch_file_missing"
    assert SCORM_2004_LAUNCH in error.message


def test_a_launch_file_differing_in_case_is_missing():
    # Storage behind the site is case-sensitive, so Index.html would not be served.
    files = scorm12_files(title="t", mastery_score=80)
    files["lesson1/Index.html"] = files.pop("lesson1/index.html")
    assert refused(zip_package(files)).code == "launch_file_missing"


def test_a_listed_file_missing_is_reported_not_refused():
    files = scorm2004_files(title="t", passing_score=0.8)
    del files["shared/sco.css"]
    info = validated(zip_package(files))
    assert info.missing_listed_files == ("shared/sco.css",)


def test_a_wrong_namespace_in_a_package_is_refused():
    files = scorm2004_files(title="t", passing_score=0.8)
    files["imsmanifest.xml"] = files["imsmanifest.xml"].replace(
        "http://www.imsglobal.org/xsd/imscp_v1p1", "http://example.com/imscp"
    )
    assert refused(zip_package(files)).code == "manifest_namespace"


def test_fixture_packages_are_reproducible():
    assert build_scorm2004_package() == build_scorm2004_package()
    assert build_scorm12_package() == build_scorm12_package()
