"""Hostile-input-safe zip inspection and all-or-nothing unpacking (courses.packages.archive)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.storage import FileSystemStorage

from courses.packages.archive import (
    MB,
    ArchiveLimits,
    PackageRejected,
    extract_to_storage,
    guarded_chunks,
    inspect_archive,
)
from tests.courses.hostile import HostileCase, archive_cases, patch_entry, zip_bytes

PREFIX = "packages/2f6c"
CASES = archive_cases()
DEFAULT_LIMITS = ArchiveLimits()


def tree(root: Path) -> set[str]:
    """Every file and folder under root, relative, so a test can see all that was left."""
    return {path.relative_to(root).as_posix() for path in root.rglob("*")}


def unpack(
    data: bytes, *, storage: FileSystemStorage, limits: ArchiveLimits = DEFAULT_LIMITS
) -> list[str]:
    with inspect_archive(io.BytesIO(data), limits=limits) as archive:
        return extract_to_storage(archive, storage=storage, prefix=PREFIX)


def assert_clear(message: str, *, mention: str) -> None:
    """An admin can act on it: a sentence, naming the problem, no Python internals."""
    assert mention in message
    assert message[:1].isupper()
    assert len(message) <= 400
    for internal in ("Traceback", "ZipInfo", "Error(", "b'", "\\\\"):
        assert internal not in message


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_archive_is_refused_and_nothing_is_left(
    case: HostileCase, package_storage: FileSystemStorage, tmp_path: Path
) -> None:
    (tmp_path / "outside.txt").write_text("a file beside the storage, which must survive")

    with pytest.raises(PackageRejected) as caught:
        unpack(case.data, storage=package_storage, limits=case.limits)

    assert caught.value.code == case.code
    assert_clear(caught.value.message, mention=case.mention)
    assert str(caught.value) == caught.value.message
    left = tree(tmp_path)
    assert left <= {"outside.txt", "media", "media/packages"}, left


@pytest.mark.parametrize(
    "case", [case for case in CASES if case.stage == "inspect"], ids=lambda case: case.id
)
def test_inspection_alone_refuses_what_the_directory_gives_away(case: HostileCase) -> None:
    with pytest.raises(PackageRejected) as caught:
        inspect_archive(io.BytesIO(case.data), limits=case.limits)
    assert caught.value.code == case.code


@pytest.mark.parametrize(
    "case", [case for case in CASES if case.stage == "read"], ids=lambda case: case.id
)
def test_reading_refuses_what_only_the_bytes_give_away(case: HostileCase) -> None:
    archive = inspect_archive(io.BytesIO(case.data), limits=case.limits)
    with archive, pytest.raises(PackageRejected) as caught:
        for name in archive.names:
            archive.read(name)
    assert caught.value.code == case.code


def test_corpus_is_large_and_distinct() -> None:
    assert len(CASES) >= 20
    assert len({case.id for case in CASES}) == len(CASES)


def test_default_limits_suit_e_learning_packages() -> None:
    limits = ArchiveLimits()
    assert (limits.max_files, limits.max_ratio) == (5_000, 100)
    assert (limits.max_file_bytes, limits.max_total_bytes) == (200 * MB, 1024 * MB)


def test_names_are_normalised_and_folders_are_not_members() -> None:
    data = zip_bytes(
        [
            ("./content/./a.json", b"{}"),
            ("content\\b.json", b"{}"),
            ("content/", b""),
            ("H5P.X-1.0//lib.js", b"1"),
        ]
    )
    with inspect_archive(io.BytesIO(data)) as archive:
        assert archive.names == ("content/a.json", "content/b.json", "H5P.X-1.0/lib.js")
        assert "content/a.json" in archive
        assert archive.size("H5P.X-1.0/lib.js") == 1
        assert archive.total_size == 5
        assert len(archive) == 3


def test_utf8_names_without_the_utf8_flag_are_read_as_utf8() -> None:
    data = patch_entry(
        zip_bytes([("content/cafXX.png", b"1")]),
        entry=b"content/cafXX.png",
        name="content/café.png".encode(),
    )
    with inspect_archive(io.BytesIO(data)) as archive:
        assert archive.names == ("content/café.png",)


def test_small_files_that_compress_well_are_not_bombs() -> None:
    data = zip_bytes([("content/blank.json", b" " * 500_000)])
    with inspect_archive(io.BytesIO(data)) as archive:
        assert archive.read("content/blank.json") == b" " * 500_000


def test_the_guard_never_yields_more_than_declared() -> None:
    produced = bytearray()
    with pytest.raises(PackageRejected) as caught:
        for chunk in guarded_chunks(io.BytesIO(b"x" * 100_000), name="a.js", declared=10):
            produced.extend(chunk)
    assert caught.value.code == "size_mismatch"
    assert len(produced) <= 10


def test_the_guard_refuses_a_member_shorter_than_declared() -> None:
    with pytest.raises(PackageRejected) as caught:
        list(guarded_chunks(io.BytesIO(b"x" * 5), name="a.js", declared=10))
    assert caught.value.code == "corrupt"


def test_read_honours_a_tighter_cap() -> None:
    archive = inspect_archive(io.BytesIO(zip_bytes([("h5p.json", b"{}" * 10)])))
    with archive, pytest.raises(PackageRejected) as caught:
        archive.read("h5p.json", max_bytes=5)
    assert caught.value.code == "file_too_large"
    assert "h5p.json" in caught.value.message


def test_inspection_leaves_the_callers_file_open() -> None:
    upload = io.BytesIO(zip_bytes([("a.txt", b"a")]))
    inspect_archive(upload).close()
    assert not upload.closed


def test_extraction_writes_every_member_under_the_prefix(
    package_storage: FileSystemStorage, tmp_path: Path
) -> None:
    data = zip_bytes([("h5p.json", b"{}"), ("content/images/a.png", b"png"), ("L-1.0/x.js", b"")])

    written = unpack(data, storage=package_storage)

    assert written == [
        f"{PREFIX}/h5p.json",
        f"{PREFIX}/content/images/a.png",
        f"{PREFIX}/L-1.0/x.js",
    ]
    assert package_storage.open(f"{PREFIX}/content/images/a.png").read() == b"png"
    files = {
        path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file()
    }
    assert files == {f"media/{name}" for name in written}


def test_an_occupied_prefix_is_refused_and_left_untouched(
    package_storage: FileSystemStorage,
) -> None:
    package_storage.save(f"{PREFIX}/earlier.txt", io.BytesIO(b"keep me"))

    with pytest.raises(PackageRejected) as caught:
        unpack(zip_bytes([("a.txt", b"a")]), storage=package_storage)

    assert caught.value.code == "destination_not_empty"
    assert package_storage.listdir(PREFIX) == ([], ["earlier.txt"])


def test_an_existing_empty_prefix_is_used_and_kept_on_failure(
    package_storage: FileSystemStorage, tmp_path: Path
) -> None:
    (tmp_path / "media" / PREFIX).mkdir(parents=True)
    bad = patch_entry(
        zip_bytes([("a.txt", b"a"), ("b.txt", b"B" * 1000)]), entry=b"b.txt", usize=10
    )

    with pytest.raises(PackageRejected):
        unpack(bad, storage=package_storage)

    assert package_storage.listdir(PREFIX) == ([], [])


@pytest.mark.parametrize("prefix", ["", "/", "/abs", "../up", "a/../b", "a//b", "a\\b", "./a"])
def test_an_unsafe_prefix_is_a_programming_error(
    prefix: str, package_storage: FileSystemStorage
) -> None:
    archive = inspect_archive(io.BytesIO(zip_bytes([("a.txt", b"a")])))
    with archive, pytest.raises(ValueError, match="Unsafe storage prefix"):
        extract_to_storage(archive, storage=package_storage, prefix=prefix)


def test_a_lie_found_mid_extraction_removes_what_was_already_written(
    package_storage: FileSystemStorage, tmp_path: Path
) -> None:
    members = [(f"content/{index}/page.json", b"{}") for index in range(3)]
    data = patch_entry(
        zip_bytes([*members, ("content/zz.txt", b"Z" * 50_000)]), entry=b"content/zz.txt", usize=9
    )

    with pytest.raises(PackageRejected) as caught:
        unpack(data, storage=package_storage)

    assert caught.value.code == "size_mismatch"
    assert tree(tmp_path) <= {"media", "media/packages"}


class FailingStorage(FileSystemStorage):
    """Fails on the nth save, after the earlier saves have really written their files."""

    def __init__(self, *, fail_on: int, error: BaseException, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.saves = 0
        self.fail_on = fail_on
        self.error = error

    def _save(self, name: str, content: object) -> str:
        self.saves += 1
        if self.saves == self.fail_on:
            # Leave a partial file, as a storage dying mid-write would.
            super()._save(name, File(io.BytesIO(b"partial")))
            raise self.error
        return super()._save(name, content)


class RenamingStorage(FileSystemStorage):
    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return name + ".renamed"


FIVE_FILES = zip_bytes([(f"content/{index}.json", b"{}") for index in range(5)])


def test_a_storage_failure_removes_everything_and_says_so(tmp_path: Path) -> None:
    storage = FailingStorage(
        fail_on=3, error=OSError("disk full"), location=tmp_path / "media", base_url="/m/"
    )

    with pytest.raises(PackageRejected) as caught:
        unpack(FIVE_FILES, storage=storage)

    assert caught.value.code == "storage_error"
    assert "disk full" in caught.value.message
    assert tree(tmp_path) <= {"media", "media/packages"}


def test_an_interrupted_worker_still_removes_everything(tmp_path: Path) -> None:
    storage = FailingStorage(
        fail_on=4, error=KeyboardInterrupt(), location=tmp_path / "media", base_url="/m/"
    )

    with pytest.raises(KeyboardInterrupt):
        unpack(FIVE_FILES, storage=storage)

    assert tree(tmp_path) <= {"media", "media/packages"}


def test_a_storage_that_renames_files_is_refused(tmp_path: Path) -> None:
    storage = RenamingStorage(location=tmp_path / "media", base_url="/m/")

    with pytest.raises(PackageRejected) as caught:
        unpack(FIVE_FILES, storage=storage)

    assert caught.value.code == "storage_error"
    assert tree(tmp_path) <= {"media", "media/packages"}


def test_the_zip_module_is_not_trusted_with_the_declared_size() -> None:
    data = patch_entry(zip_bytes([("a.txt", b"A" * 10_000)]), entry=b"a.txt", usize=4)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("a.txt")
    assert info.file_size == 4  # the lie is in the directory, as an attacker would put it
    archive = inspect_archive(io.BytesIO(data))
    with archive, pytest.raises(PackageRejected) as caught:
        archive.read("a.txt")
    assert caught.value.code == "size_mismatch"
