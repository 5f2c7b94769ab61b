"""Inspect an uploaded zip without trusting it; the interface H5P and SCORM both build on.

Everything an uploader controls (member names, flags, declared sizes and the bytes
themselves) is a claim to check, never a fact. `inspect_archive` reads only the central
directory and refuses anything unsafe before a byte is decompressed; reading a member
counts the bytes that really come out, so a header that lies about its size is still
stopped at the cap. `extract_to_storage` (courses.packages.extract) unpacks all or
nothing. Name rules are in courses.packages.names.
"""

from __future__ import annotations

import copy
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Self

from courses.packages.extract import extract_to_storage
from courses.packages.names import compare_key, member_name, parents
from courses.packages.rejection import MB, PackageRejected, human_bytes, reason, shown

__all__ = [
    "ArchiveLimits",
    "ArchiveMember",
    "PackageRejected",
    "SafeArchive",
    "extract_to_storage",
    "guarded_chunks",
    "inspect_archive",
]

_CHUNK_BYTES = 256 * 1024
# A local file header is at least this long, so entries closer together than this
# plus their compressed data must share bytes (the "overlapping entries" bomb).
_LOCAL_HEADER_MIN_BYTES = 30
_ENCRYPTED_FLAGS = 0x1 | 0x40
_AES_METHOD = 99
_SUPPORTED_COMPRESSION = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)
# zipfile reports hostile input through many exception types, not only BadZipFile.
_ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
_ZIP_SIGNATURES = frozenset({b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"})


@dataclass(frozen=True)
class ArchiveLimits:
    """Caps for one package; the defaults suit e-learning packages that carry video."""

    max_files: int = 5_000
    max_file_bytes: int = 200 * MB
    max_total_bytes: int = 1024 * MB
    max_ratio: float = 100.0
    # Below this size a member cannot be a bomb however well it compresses (a 50 KB
    # JSON of repeated keys easily passes 100:1), so the ratio is not applied to it.
    ratio_floor_bytes: int = 1 * MB
    max_name_length: int = 512


@dataclass(frozen=True)
class ArchiveMember:
    """One file of a checked archive; `name` is normalised (posix, no leading ./)."""

    name: str
    size: int
    compressed_size: int
    info: zipfile.ZipInfo = field(repr=False, compare=False)


class SafeArchive:
    """A zip whose directory passed every check. Folder entries are not members."""

    def __init__(
        self,
        *,
        zip_file: zipfile.ZipFile,
        members: tuple[ArchiveMember, ...],
        limits: ArchiveLimits,
    ) -> None:
        self._zip = zip_file
        self._members = members
        self._by_name = {member.name: member for member in members}
        self.limits = limits

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __len__(self) -> int:
        return len(self._members)

    @property
    def members(self) -> tuple[ArchiveMember, ...]:
        return self._members

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(member.name for member in self._members)

    @property
    def total_size(self) -> int:
        return sum(member.size for member in self._members)

    def member(self, name: str) -> ArchiveMember:
        return self._by_name[name]

    def size(self, name: str) -> int:
        return self._by_name[name].size

    def iter_chunks(self, name: str, *, max_bytes: int | None = None) -> Iterator[bytes]:
        """Yield a member's bytes; never more than its declared size or the caps allow."""
        member = self._by_name[name]
        cap = self.limits.max_file_bytes if max_bytes is None else max_bytes
        if member.size > cap:
            raise PackageRejected(
                "file_too_large",
                f"The file {shown(name)} is {human_bytes(member.size)}, "
                f"over the {human_bytes(cap)} limit.",
            )
        # zipfile stops at the declared size and then blames the CRC, which hides a lying
        # header; with the cap as its limit instead, our guard sees the overrun for what it is.
        probe = copy.copy(member.info)
        probe.file_size = cap + 1
        try:
            with self._zip.open(probe) as stream:
                yield from guarded_chunks(stream, name=name, declared=member.size)
        except PackageRejected:
            raise
        except _ZIP_READ_ERRORS as exc:
            raise PackageRejected(
                "corrupt", f"The package is damaged: {shown(name)} cannot be read ({reason(exc)})."
            ) from exc

    def read(self, name: str, *, max_bytes: int | None = None) -> bytes:
        return b"".join(self.iter_chunks(name, max_bytes=max_bytes))

    def close(self) -> None:
        self._zip.close()


def guarded_chunks(stream: IO[bytes], *, name: str, declared: int) -> Iterator[bytes]:
    """Yield exactly `declared` bytes of `stream`; more, or fewer, means the header lied."""
    produced = 0
    while True:
        # One byte past the declared size is enough to see an overrun without buffering it.
        chunk = stream.read(min(_CHUNK_BYTES, declared - produced + 1))
        if not chunk:
            break
        produced += len(chunk)
        if produced > declared:
            raise PackageRejected(
                "size_mismatch",
                f"The file {shown(name)} holds more data than its header declares "
                f"({human_bytes(declared)}); the package may be a zip bomb.",
            )
        yield chunk
    if produced != declared:
        raise PackageRejected(
            "corrupt",
            f"The package is damaged: {shown(name)} is shorter than its header declares.",
        )


_DEFAULT_LIMITS = ArchiveLimits()


def inspect_archive(fileobj: IO[bytes], *, limits: ArchiveLimits = _DEFAULT_LIMITS) -> SafeArchive:
    """Open an uploaded zip (seekable) and refuse it unless every entry is safe to unpack."""
    zip_file = _open_zip(fileobj)
    try:
        members = _checked_members(zip_file, limits=limits)
    except BaseException:
        zip_file.close()
        raise
    return SafeArchive(zip_file=zip_file, members=members, limits=limits)


def _open_zip(fileobj: IO[bytes]) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(fileobj)
    except UnicodeDecodeError as exc:
        raise PackageRejected(
            "name_encoding", "The package has a file name marked as UTF-8 that is not valid UTF-8."
        ) from exc
    except _ZIP_READ_ERRORS as exc:
        if _starts_like_zip(fileobj):
            raise PackageRejected(
                "corrupt",
                "The package is damaged or incomplete: was the upload cut short? "
                "Upload it again, or export it again from the authoring tool.",
            ) from exc
        raise PackageRejected("not_a_zip", "The file is not a zip package.") from exc


def _starts_like_zip(fileobj: IO[bytes]) -> bool:
    try:
        fileobj.seek(0)
        return fileobj.read(4) in _ZIP_SIGNATURES
    except (OSError, ValueError):
        return False


def _checked_members(
    zip_file: zipfile.ZipFile, *, limits: ArchiveLimits
) -> tuple[ArchiveMember, ...]:
    infos = zip_file.infolist()
    # First, so that a directory of a million entries costs no more than this to refuse.
    if len(infos) > limits.max_files:
        raise PackageRejected(
            "too_many_files",
            f"The package has {len(infos):,} entries; the limit is {limits.max_files:,}.",
        )
    _refuse_overlapping_entries(infos, directory_start=zip_file.start_dir)
    members: list[ArchiveMember] = []
    files: dict[str, str] = {}
    folders: set[str] = set()
    total = 0
    for info in infos:
        name = member_name(info, max_length=limits.max_name_length)
        _refuse_unsafe_entry(info, name=name)
        if name.endswith("/"):
            folders.add(compare_key(name.rstrip("/")))
            continue
        _refuse_duplicate(name, seen=files)
        folders.update(compare_key(parent) for parent in parents(name))
        _refuse_oversized(info, name=name, limits=limits)
        total += info.file_size
        if total > limits.max_total_bytes:
            raise PackageRejected(
                "too_large",
                "The package unpacks to more than "
                f"{human_bytes(limits.max_total_bytes)}, over the limit.",
            )
        members.append(ArchiveMember(name, info.file_size, info.compress_size, info))
    if not members:
        raise PackageRejected("empty_archive", "The package is empty: it contains no files.")
    _refuse_file_folder_clash(files, folders=folders)
    _refuse_bomb_ratio(members, limits=limits)
    return tuple(members)


def _refuse_unsafe_entry(info: zipfile.ZipInfo, *, name: str) -> None:
    # Checked whatever system made the zip: a Unix mode claiming a link is never legitimate.
    mode = stat.S_IFMT(info.external_attr >> 16)
    if stat.S_ISLNK(mode):
        raise PackageRejected(
            "symlink",
            f"The package contains a symbolic link, which is not allowed: {shown(name)}",
        )
    if mode and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise PackageRejected(
            "special_file", f"The package contains a device, pipe or socket entry: {shown(name)}"
        )
    if info.flag_bits & _ENCRYPTED_FLAGS or info.compress_type == _AES_METHOD:
        raise PackageRejected(
            "encrypted",
            f"The package contains a password-protected file: {shown(name)}. "
            "Export it again without a password.",
        )
    if info.compress_type not in _SUPPORTED_COMPRESSION:
        raise PackageRejected(
            "unsupported_compression",
            f"The file {shown(name)} uses a compression method this site cannot read "
            f"(method {info.compress_type}); re-create the zip with standard compression.",
        )


def _refuse_duplicate(name: str, *, seen: dict[str, str]) -> None:
    key = compare_key(name)
    earlier = seen.get(key)
    if earlier == name:
        raise PackageRejected(
            "duplicate_entry", f"The package contains the same file twice: {shown(name)}"
        )
    if earlier is not None:
        raise PackageRejected(
            "case_duplicate",
            "The package contains two files that would overwrite each other on Windows or "
            "macOS, as their names differ only in letter case or accent encoding: "
            f"{shown(earlier)} and {shown(name)}",
        )
    seen[key] = name


def _refuse_file_folder_clash(files: dict[str, str], *, folders: set[str]) -> None:
    for key, name in files.items():
        if key in folders:
            raise PackageRejected(
                "path_conflict", f"The package uses {shown(name)} both as a file and as a folder."
            )


def _refuse_oversized(info: zipfile.ZipInfo, *, name: str, limits: ArchiveLimits) -> None:
    if info.file_size > limits.max_file_bytes:
        raise PackageRejected(
            "file_too_large",
            f"The file {shown(name)} is {human_bytes(info.file_size)}, "
            f"over the {human_bytes(limits.max_file_bytes)} limit.",
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size >= limits.ratio_floor_bytes and ratio > limits.max_ratio:
        raise PackageRejected(
            "zip_bomb",
            f"The file {shown(name)} expands {ratio:,.0f} times its compressed size "
            f"(the limit is {limits.max_ratio:,.0f}); the package looks like a zip bomb.",
        )


def _refuse_bomb_ratio(members: list[ArchiveMember], *, limits: ArchiveLimits) -> None:
    # Many members can each stay under the floor yet add up to a bomb.
    total = sum(member.size for member in members)
    compressed = max(sum(member.compressed_size for member in members), 1)
    if total >= limits.ratio_floor_bytes and total / compressed > limits.max_ratio:
        raise PackageRejected(
            "zip_bomb",
            f"The package expands {total / compressed:,.0f} times its compressed size "
            f"(the limit is {limits.max_ratio:,.0f}); it looks like a zip bomb.",
        )


def _refuse_overlapping_entries(infos: list[zipfile.ZipInfo], *, directory_start: int) -> None:
    # Entries sharing compressed bytes multiply the output without growing the file.
    ordered = sorted(infos, key=lambda info: info.header_offset)
    if not ordered:
        return
    next_starts = [info.header_offset for info in ordered[1:]] + [directory_start]
    for info, next_start in zip(ordered, next_starts, strict=True):
        if info.header_offset + _LOCAL_HEADER_MIN_BYTES + info.compress_size > next_start:
            raise PackageRejected(
                "zip_bomb",
                "The package has entries that overlap each other "
                f"(at {shown(info.orig_filename)}); it looks like a zip bomb.",
            )
