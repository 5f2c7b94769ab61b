"""Turning a zip entry's name into a safe relative path, or refusing it.

Encoding rule: a name is decoded as UTF-8 when the zip says so (flag 0x800). When it
does not, a plain ASCII name is taken as it is, and a name whose bytes are valid UTF-8
is read as UTF-8 (Windows, macOS and Info-ZIP tools write UTF-8 without setting the
flag). Anything else is refused: its code page (cp437, cp1252, Shift-JIS...) cannot be
known, and a guess would store names that the package's own files no longer refer to.

Backslashes are taken as folder separators (older PowerShell writes them), so that
"..\\..\\evil.js" is caught as the traversal it is on Windows.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Iterator

from courses.packages.rejection import PackageRejected, is_hidden_character, shown

_UTF8_FLAG = 0x800
_DRIVE_LETTER = re.compile(r"^[A-Za-z]:")
_MAX_SEGMENT_BYTES = 255


def member_name(info: zipfile.ZipInfo, *, max_length: int) -> str:
    """The entry's name as a safe relative posix path; folders keep a trailing "/"."""
    raw = _decoded_name(info)
    if any(is_hidden_character(character) for character in raw):
        raise PackageRejected(
            "name_character",
            f"The package has a file name with a control or invisible character: {shown(raw)}",
        )
    if len(raw) > max_length:
        raise PackageRejected(
            "name_too_long",
            f"The package has a path longer than {max_length} characters: {shown(raw)}",
        )
    path = raw.replace("\\", "/")
    if path.startswith("/") or _DRIVE_LETTER.match(path):
        raise PackageRejected(
            "absolute_path",
            f"The package contains an absolute path, which is not allowed: {shown(raw)}",
        )
    segments = [segment for segment in path.split("/") if segment not in {"", "."}]
    if ".." in segments:
        raise PackageRejected(
            "zip_slip", f"The package contains a path that escapes its folder: {shown(raw)}"
        )
    if not segments:
        raise PackageRejected(
            "bad_name", f"The package has an entry with no usable name: {shown(raw)}"
        )
    if any(len(segment.encode("utf-8")) > _MAX_SEGMENT_BYTES for segment in segments):
        raise PackageRejected(
            "name_too_long",
            f"The package has a file or folder name that is too long: {shown(raw)}",
        )
    normalised = "/".join(segments)
    return normalised + "/" if path.endswith("/") else normalised


def _decoded_name(info: zipfile.ZipInfo) -> str:
    # orig_filename, because ZipInfo.filename has already been cut at the first NUL.
    if info.flag_bits & _UTF8_FLAG:
        return info.orig_filename
    # zipfile decoded the bytes as cp437, which maps every byte, so this gives them back.
    raw = info.orig_filename.encode("cp437")
    if raw.isascii():
        return info.orig_filename
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        garbled = shown(raw.decode("utf-8", errors="replace"))
        raise PackageRejected(
            "name_encoding",
            f"The package has a file name that is not UTF-8 ({garbled}); "
            "re-create the zip with a tool that writes UTF-8 names.",
        ) from exc


def compare_key(name: str) -> str:
    """Names that macOS (NFD) or Windows (case-blind) would store as one file share a key."""
    return unicodedata.normalize("NFC", name).casefold()


def parents(name: str) -> Iterator[str]:
    """Every folder above `name`, deepest first ("a/b/c" gives "a/b", then "a")."""
    parent = posixpath.dirname(name)
    while parent:
        yield parent
        parent = posixpath.dirname(parent)
