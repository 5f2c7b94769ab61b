"""H5P package rules (courses.h5p.validation), on a real package and a hostile corpus."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage

from courses.h5p.validation import (
    CONTENT_EXTENSIONS,
    FORBIDDEN_EXTENSIONS,
    LIBRARY_EXTENSIONS,
    H5PDependency,
    H5PPackageInfo,
    check_file_type,
    validate_h5p,
)
from courses.packages.archive import PackageRejected, extract_to_storage, inspect_archive
from tests.courses.hostile import HostileCase, archive_cases, h5p_cases, minimal_h5p, zip_bytes

PREFIX = "h5p/9d1e"
CASES = h5p_cases()


def accept_h5p(data: bytes, *, storage: FileSystemStorage) -> tuple[H5PPackageInfo, list[str]]:
    """What the upload task does: inspect, validate, and only then unpack."""
    with inspect_archive(io.BytesIO(data)) as archive:
        info = validate_h5p(archive)
        return info, extract_to_storage(archive, storage=storage, prefix=PREFIX)


def test_the_real_truefalse_package_validates(truefalse_h5p: Path) -> None:
    with truefalse_h5p.open("rb") as upload, inspect_archive(upload) as archive:
        info = validate_h5p(archive)

    assert info.title == "Hello World"
    assert info.main_library == "H5P.TrueFalse"
    assert info.main_library_folder == "H5P.TrueFalse-1.6"
    assert (info.language, info.license, info.embed_types) == ("und", "U", ("div",))
    assert info.has_content_json
    assert H5PDependency("H5P.Question", 1, 4) in info.preloaded_dependencies
    assert len(info.preloaded_dependencies) == 8
    assert {"H5P.TrueFalse-1.6", "H5P.JoubelUI-1.3", "FontAwesome-4.5"} <= set(info.library_folders)


def test_the_real_truefalse_package_unpacks_under_its_prefix(
    truefalse_h5p: Path,
    truefalse_workspace: Path,
    package_storage: FileSystemStorage,
    tmp_path: Path,
) -> None:
    info, written = accept_h5p(truefalse_h5p.read_bytes(), storage=package_storage)

    assert info.main_library == "H5P.TrueFalse"
    assert all(name.startswith(f"{PREFIX}/") for name in written)
    assert f"{PREFIX}/H5P.TrueFalse-1.6/scripts/h5p-true-false.js" in written
    stored = package_storage.open(f"{PREFIX}/content/content.json").read()
    assert stored == (truefalse_workspace / "content" / "content.json").read_bytes()
    files = {path for path in (tmp_path / "media").rglob("*") if path.is_file()}
    assert len(files) == len(written)


def test_our_minimal_package_validates() -> None:
    with inspect_archive(io.BytesIO(minimal_h5p())) as archive:
        info = validate_h5p(archive)
    assert info.preloaded_dependencies == (H5PDependency("H5P.Demo", 1, 0),)
    assert info.library_folders == ("H5P.Demo-1.0",)
    assert info.embed_types == ("iframe",)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_hostile_h5p_is_refused_and_nothing_is_written(
    case: HostileCase, package_storage: FileSystemStorage, tmp_path: Path
) -> None:
    with pytest.raises(PackageRejected) as caught:
        accept_h5p(case.data, storage=package_storage)

    assert caught.value.code == case.code
    message = caught.value.message
    assert case.mention in message
    assert message[:1].isupper() and len(message) <= 400
    assert "Traceback" not in message and "Error(" not in message
    assert not (tmp_path / "media").exists()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_h5p_case_is_a_sound_zip(case: HostileCase) -> None:
    # So that each refusal above is the H5P rules' doing, not the archive checks'.
    inspect_archive(io.BytesIO(case.data)).close()


def test_the_whole_corpus_has_at_least_twenty_distinct_cases() -> None:
    ids = [case.id for case in [*archive_cases(), *CASES]]
    assert len(ids) >= 20
    assert len(set(ids)) == len(ids)


def test_a_library_is_found_by_its_plain_machine_name_folder_too() -> None:
    library = {"machineName": "H5P.Demo", "majorVersion": 1, "minorVersion": 0}
    files = {
        "h5p.json": json.dumps(
            {
                "title": "t",
                "mainLibrary": "H5P.Demo",
                "language": "en",
                "embedTypes": ["div"],
                "preloadedDependencies": [library],
            }
        ).encode(),
        "content/content.json": b"{}",
        "H5P.Demo/library.json": json.dumps(library).encode(),
    }
    with inspect_archive(io.BytesIO(zip_bytes(files.items()))) as archive:
        assert validate_h5p(archive).main_library_folder == "H5P.Demo"


def test_the_allow_list_is_h5ps_published_default() -> None:
    published = (
        "json png jpg jpeg gif bmp tif tiff svg eot ttf woff woff2 otf webm mp4 ogg mp3 m4a "
        "wav txt pdf rtf doc docx xls xlsx ppt pptx odt ods odp xml csv diff patch swf md "
        "textile vtt webvtt gltf glb"
    )
    assert set(published.split()) == CONTENT_EXTENSIONS
    assert {"js", "css"} == LIBRARY_EXTENSIONS - CONTENT_EXTENSIONS
    assert not FORBIDDEN_EXTENSIONS & LIBRARY_EXTENSIONS


@pytest.mark.parametrize(
    "name",
    [
        "h5p.json",
        "content/content.json",
        "content/images/diagram.svg",
        "content/videos/intro.webm",
        "content/audio/intro.M4A",
        "content/models/office.glb",
        "content/captions/intro.vtt",
        "H5P.Demo-1.0/scripts/demo.js",
        "H5P.Demo-1.0/styles/demo.css",
        "H5P.Demo-1.0/fonts/icons.woff2",
        "H5P.Demo-1.0/language/cy.json",
        "FontAwesome-4.5/fontawesome-webfont.svg",
    ],
)
def test_allowed_file_types(name: str) -> None:
    check_file_type(name)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("content/a.css", "script_outside_library"),
        ("content/a.mjs", "script_outside_library"),
        ("content/page.xhtml", "forbidden_file_type"),
        ("H5P.Demo-1.0/run.phar", "forbidden_file_type"),
        ("H5P.Demo-1.0/page.shtml", "forbidden_file_type"),
        ("content/archive.zip", "file_type_not_allowed"),
        ("content/Makefile", "file_type_not_allowed"),
        ("H5P.Demo-1.0/module.wasm", "file_type_not_allowed"),
        ("favicon.ico", "unexpected_root_file"),
    ],
)
def test_refused_file_types(name: str, code: str) -> None:
    with pytest.raises(PackageRejected) as caught:
        check_file_type(name)
    assert caught.value.code == code
    assert name in caught.value.message
