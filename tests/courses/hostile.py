"""A corpus of hostile and broken packages, built in memory at test time.

Every case is a whole zip (bytes) and what must happen to it: the PackageRejected code,
a fragment the admin's message must contain (usually the offending name), and the stage
that refuses it:

- "inspect": inspect_archive refuses it from the central directory alone;
- "read": inspection passes, but reading the bytes (so extraction) refuses it;
- "h5p": the zip is sound, but validate_h5p refuses it.

Nothing here is third-party content: the H5P base is a tiny package of our own.
"""

from __future__ import annotations

import io
import json
import stat
import struct
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from courses.packages.archive import ArchiveLimits

_LOCAL_SIGNATURE = b"PK\x03\x04"
_CENTRAL_SIGNATURE = b"PK\x01\x02"
# Field offsets in a local file header and a central directory entry (APPNOTE 4.3.7, 4.3.12).
_LOCAL = {"flags": 6, "method": 8, "usize": 22, "name_length": 26, "name": 30}
_CENTRAL = {"flags": 8, "method": 10, "usize": 24, "name_length": 28, "offset": 42, "name": 46}
_SHORT_FIELDS = frozenset({"flags", "method"})
_TINY = ArchiveLimits(max_file_bytes=1_000, max_total_bytes=5_000)


@dataclass(frozen=True)
class HostileCase:
    id: str
    data: bytes
    code: str
    mention: str
    stage: str
    limits: ArchiveLimits = field(default_factory=ArchiveLimits)


def zip_bytes(
    entries: Iterable[tuple[str | zipfile.ZipInfo, bytes]],
    *,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A zip of (name or ZipInfo, data) pairs; duplicate names are written as given."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about duplicate names
        with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return buffer.getvalue()


def minimal_h5p_files(*, h5p_json: object = None, content: object = None) -> dict[str, bytes]:
    """The files of a small valid .h5p of our own: one library, one image."""
    metadata = {
        "title": "Phishing: spot the fake",
        "mainLibrary": "H5P.Demo",
        "language": "en",
        "license": "U",
        "embedTypes": ["iframe"],
        # H5P's own exports write h5p.json versions as strings.
        "preloadedDependencies": [
            {"machineName": "H5P.Demo", "majorVersion": "1", "minorVersion": "0"}
        ],
    }
    library = {
        "title": "Demo",
        "machineName": "H5P.Demo",
        "majorVersion": 1,
        "minorVersion": 0,
        "patchVersion": 2,
        "runnable": 1,
        "preloadedJs": [{"path": "demo.js"}],
        "preloadedCss": [{"path": "styles/demo.css"}],
    }
    body = {
        "question": "Is this email genuine?",
        "image": {"path": "images/mail.png", "mime": "image/png"},
        "video": {"sources": [{"path": "https://video.example/x.mp4", "mime": "video/mp4"}]},
    }
    return {
        "h5p.json": json.dumps(metadata if h5p_json is None else h5p_json).encode(),
        "content/content.json": json.dumps(body if content is None else content).encode(),
        "content/images/mail.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
        "content/images/badge.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        "H5P.Demo-1.0/library.json": json.dumps(library).encode(),
        "H5P.Demo-1.0/demo.js": b"H5P.Demo = function () {};\n",
        "H5P.Demo-1.0/styles/demo.css": b".h5p-demo { color: #0b0c0c; }\n",
        "H5P.Demo-1.0/fonts/demo.woff2": b"wOF2",
    }


def minimal_h5p(
    *,
    h5p_json: object = None,
    content: object = None,
    extra: dict[str, bytes] | None = None,
    without: Iterable[str] = (),
) -> bytes:
    """A small valid .h5p; each keyword breaks it in one chosen way."""
    files = minimal_h5p_files(h5p_json=h5p_json, content=content)
    files.update(extra or {})
    for name in without:
        del files[name]
    return zip_bytes(files.items())


def patch_entry(data: bytes, *, entry: bytes, **fields: int | bytes) -> bytes:
    """Rewrite header fields of the member `entry` in its local and its central header.

    Field names are those of _LOCAL/_CENTRAL. Integers are packed at the field's width;
    "name" takes replacement bytes of the same length, so no offset moves.
    """
    out = bytearray(data)
    for signature, layout in ((_LOCAL_SIGNATURE, _LOCAL), (_CENTRAL_SIGNATURE, _CENTRAL)):
        start = out.find(signature)
        while start != -1:
            (length,) = struct.unpack_from("<H", out, start + layout["name_length"])
            name_at = start + layout["name"]
            if bytes(out[name_at : name_at + length]) == entry:
                for key, value in fields.items():
                    if key not in layout:
                        continue
                    at = start + layout[key]
                    if isinstance(value, bytes):
                        out[at : at + len(value)] = value
                    else:
                        struct.pack_into("<H" if key in _SHORT_FIELDS else "<I", out, at, value)
            start = out.find(signature, start + 4)
    return bytes(out)


def _unix_entry(name: str, *, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = mode << 16
    return info


def _renamed(placeholder: str, raw: bytes, *, flags: int | None = None) -> bytes:
    """A one-file zip whose name is replaced by raw bytes zipfile would never write."""
    data = zip_bytes([(placeholder, b"1")])
    fields: dict[str, int | bytes] = {"name": raw}
    if flags is not None:
        fields["flags"] = flags
    return patch_entry(data, entry=placeholder.encode(), **fields)


def _flagged(name: str, **fields: int) -> bytes:
    return patch_entry(zip_bytes([(name, b"secret")]), entry=name.encode(), **fields)


def _truncated() -> bytes:
    whole = minimal_h5p()
    return whole[: len(whole) * 6 // 10]


def _corrupted_data() -> bytes:
    name = "content/notes.txt"
    data = zip_bytes([(name, b"council digital skills " * 400)], compression=zipfile.ZIP_STORED)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    # A byte in the middle of the stored data: the directory stays intact, the CRC does not.
    at = info.header_offset + 30 + len(name) + info.compress_size // 2
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


def _lying_size() -> bytes:
    data = zip_bytes([("content/big.txt", b"A" * 1_000_000)])
    return patch_entry(data, entry=b"content/big.txt", usize=10)


def _overlapping() -> bytes:
    data = zip_bytes([("content/a.txt", b"0" * 100_000), ("content/b.txt", b"1")])
    first = zipfile.ZipFile(io.BytesIO(data)).getinfo("content/a.txt").header_offset
    return patch_entry(data, entry=b"content/b.txt", offset=first)


def _inspect(
    case_id: str, data: bytes, *, code: str, mention: str, limits: ArchiveLimits | None = None
) -> HostileCase:
    return HostileCase(case_id, data, code, mention, "inspect", limits or ArchiveLimits())


def archive_cases() -> list[HostileCase]:
    """Hostile or broken zips that any package, H5P or SCORM, must be refused for."""
    return [
        _inspect(
            "zip_slip",
            zip_bytes([("../../evil.js", b"x")]),
            code="zip_slip",
            mention="../../evil.js",
        ),
        _inspect(
            "zip_slip_nested",
            zip_bytes([("content/../../../etc/cron.d/x.json", b"{}")]),
            code="zip_slip",
            mention="etc/cron.d/x.json",
        ),
        _inspect(
            "absolute_path",
            zip_bytes([("/etc/passwd", b"root")]),
            code="absolute_path",
            mention="/etc/passwd",
        ),
        _inspect(
            "windows_drive_path",
            zip_bytes([("C:\\Windows\\evil.dll", b"MZ")]),
            code="absolute_path",
            mention="C:\\Windows",
        ),
        _inspect(
            "backslash_traversal",
            zip_bytes([("..\\..\\evil.js", b"x")]),
            code="zip_slip",
            mention="..\\..\\evil.js",
        ),
        _inspect(
            "symlink",
            zip_bytes([(_unix_entry("content/a.png", mode=stat.S_IFLNK | 0o777), b"/etc/passwd")]),
            code="symlink",
            mention="content/a.png",
        ),
        _inspect(
            "fifo",
            zip_bytes([(_unix_entry("content/pipe.txt", mode=stat.S_IFIFO | 0o644), b"")]),
            code="special_file",
            mention="content/pipe.txt",
        ),
        _inspect(
            "zip_bomb_ratio",
            zip_bytes([("content/zeros.txt", b"\0" * 3_000_000)]),
            code="zip_bomb",
            mention="content/zeros.txt",
        ),
        _inspect(
            "zip_bomb_many_small_members",
            zip_bytes((f"content/part{index}.txt", b"\0" * 20_000) for index in range(120)),
            code="zip_bomb",
            mention="zip bomb",
        ),
        _inspect("zip_bomb_overlapping", _overlapping(), code="zip_bomb", mention="overlap"),
        _inspect(
            "ten_thousand_files",
            zip_bytes((f"content/{index}.txt", b"") for index in range(10_000)),
            code="too_many_files",
            mention="10,000",
        ),
        _inspect(
            "file_over_cap",
            zip_bytes([("content/video.mp4", b"v" * 2_000)]),
            code="file_too_large",
            mention="content/video.mp4",
            limits=_TINY,
        ),
        _inspect(
            "total_over_cap",
            zip_bytes((f"content/{index}.mp3", b"a" * 900) for index in range(8)),
            code="too_large",
            mention="unpacks to more than",
            limits=_TINY,
        ),
        _inspect(
            "duplicate_entries",
            zip_bytes([("h5p.json", b"{}"), ("h5p.json", b"{}")]),
            code="duplicate_entry",
            mention="h5p.json",
        ),
        _inspect(
            "case_duplicates",
            zip_bytes([("content/Image.png", b"1"), ("content/image.png", b"2")]),
            code="case_duplicate",
            mention="content/Image.png",
        ),
        _inspect(
            "unicode_form_duplicates",
            zip_bytes([("content/caf\u00e9.png", b"1"), ("content/cafe\u0301.png", b"2")]),
            code="case_duplicate",
            mention="content/caf",
        ),
        _inspect(
            "file_and_folder_clash",
            zip_bytes([("content/a.json", b"{}"), ("content/a.json/b.json", b"{}")]),
            code="path_conflict",
            mention="content/a.json",
        ),
        _inspect(
            "non_utf8_name",
            _renamed("content/cafX.png", b"content/caf\xe9.png"),
            code="name_encoding",
            mention="not UTF-8",
        ),
        _inspect(
            "bad_utf8_with_utf8_flag",
            _renamed("content/cafX.png", b"content/caf\xff.png", flags=0x800),
            code="name_encoding",
            mention="not valid UTF-8",
        ),
        _inspect(
            "nul_in_name",
            _renamed("content/evilXjs.png", b"content/evil\x00js.png"),
            code="name_character",
            mention="content/evil\\x00js.png",
        ),
        _inspect(
            "escape_sequence_in_name",
            zip_bytes([("content/\x1b[31mred.png", b"1")]),
            code="name_character",
            mention="\\x1b",
        ),
        _inspect(
            "bidi_override_in_name",
            zip_bytes([("content/invoice\u202egnp.js", b"1")]),
            code="name_character",
            mention="\\x202e",
        ),
        _inspect(
            "name_too_long",
            zip_bytes([("content/" + "a" * 600 + ".png", b"1")]),
            code="name_too_long",
            mention="longer than",
        ),
        _inspect(
            "encrypted_entry",
            _flagged("content/secret.txt", flags=0x1),
            code="encrypted",
            mention="content/secret.txt",
        ),
        _inspect(
            "aes_encrypted_entry",
            _flagged("content/secret.txt", method=99),
            code="encrypted",
            mention="content/secret.txt",
        ),
        _inspect(
            "unsupported_compression",
            _flagged("content/a.txt", method=9),
            code="unsupported_compression",
            mention="content/a.txt",
        ),
        _inspect("truncated_zip", _truncated(), code="corrupt", mention="cut short"),
        _inspect(
            "not_a_zip",
            b"%PDF-1.7\n% a PDF renamed to .h5p\n" * 20,
            code="not_a_zip",
            mention="not a zip",
        ),
        _inspect("zero_bytes", b"", code="not_a_zip", mention="not a zip"),
        _inspect("empty_zip", zip_bytes([]), code="empty_archive", mention="empty"),
        _inspect(
            "only_folders",
            zip_bytes([("content/", b""), ("H5P.Demo-1.0/", b"")]),
            code="empty_archive",
            mention="empty",
        ),
        HostileCase("lying_header_size", _lying_size(), "size_mismatch", "content/big.txt", "read"),
        HostileCase("corrupt_data", _corrupted_data(), "corrupt", "content/notes.txt", "read"),
    ]


def _h5p(case_id: str, data: bytes, *, code: str, mention: str) -> HostileCase:
    return HostileCase(case_id, data, code, mention, "h5p")


def _metadata(**changes: object) -> dict:
    """h5p.json of the minimal package with changes; a value of None removes the key."""
    metadata = json.loads(minimal_h5p_files()["h5p.json"])
    metadata.update(changes)
    return {key: value for key, value in metadata.items() if value is not None}


def _with_library(**changes: object) -> bytes:
    library = json.loads(minimal_h5p_files()["H5P.Demo-1.0/library.json"])
    return minimal_h5p(
        extra={"H5P.Demo-1.0/library.json": json.dumps({**library, **changes}).encode()}
    )


def _with_dependency(machine_name: str, major: int, minor: int) -> list[dict]:
    dependency = {"machineName": machine_name, "majorVersion": major, "minorVersion": minor}
    return [*_metadata()["preloadedDependencies"], dependency]


def h5p_cases() -> list[HostileCase]:
    """Sound zips that are still not acceptable H5P packages."""
    return [
        _h5p(
            "php_file",
            minimal_h5p(extra={"content/shell.php": b"<?php system($_GET['c']);"}),
            code="forbidden_file_type",
            mention="content/shell.php",
        ),
        _h5p(
            "php_in_library_upper_case",
            minimal_h5p(extra={"H5P.Demo-1.0/x.PHP": b"<?php"}),
            code="forbidden_file_type",
            mention="H5P.Demo-1.0/x.PHP",
        ),
        _h5p(
            "php_behind_image_extension",
            minimal_h5p(extra={"content/images/cat.php.png": b"<?php"}),
            code="forbidden_file_type",
            mention="content/images/cat.php.png",
        ),
        _h5p(
            "html_in_content",
            minimal_h5p(extra={"content/index.html": b"<script>steal()</script>"}),
            code="forbidden_file_type",
            mention="content/index.html",
        ),
        _h5p(
            "htm_in_library",
            minimal_h5p(extra={"H5P.Demo-1.0/frame.htm": b"<script></script>"}),
            code="forbidden_file_type",
            mention="H5P.Demo-1.0/frame.htm",
        ),
        _h5p(
            "svgz",
            minimal_h5p(extra={"content/images/logo.svgz": b"\x1f\x8b"}),
            code="forbidden_file_type",
            mention="logo.svgz",
        ),
        _h5p(
            "htaccess",
            minimal_h5p(extra={"H5P.Demo-1.0/.htaccess": b"AddHandler php .png"}),
            code="forbidden_file_type",
            mention=".htaccess",
        ),
        _h5p(
            "js_in_content",
            minimal_h5p(extra={"content/evil.js": b"fetch('/admin/')"}),
            code="script_outside_library",
            mention="content/evil.js",
        ),
        _h5p(
            "css_at_top_level",
            minimal_h5p(extra={"evil.css": b"body { background: url(//x) }"}),
            code="script_outside_library",
            mention="evil.css",
        ),
        _h5p(
            "exe_in_content",
            minimal_h5p(extra={"content/setup.exe": b"MZ"}),
            code="file_type_not_allowed",
            mention="content/setup.exe",
        ),
        _h5p(
            "no_extension_in_library",
            minimal_h5p(extra={"H5P.Demo-1.0/LICENSE": b"MIT"}),
            code="file_type_not_allowed",
            mention="H5P.Demo-1.0/LICENSE",
        ),
        _h5p(
            "unexpected_top_level_file",
            minimal_h5p(extra={"README.txt": b"hello"}),
            code="unexpected_root_file",
            mention="README.txt",
        ),
        _h5p(
            "missing_h5p_json",
            minimal_h5p(without=["h5p.json"]),
            code="h5p_json_missing",
            mention="h5p.json",
        ),
        _h5p(
            "h5p_json_not_json",
            minimal_h5p(extra={"h5p.json": b"{'title': 'single quotes'"}),
            code="h5p_json_invalid",
            mention="h5p.json",
        ),
        _h5p(
            "h5p_json_nested_too_deep",
            minimal_h5p(extra={"h5p.json": b"[" * 100_000}),
            code="h5p_json_invalid",
            mention="h5p.json",
        ),
        _h5p(
            "h5p_json_not_an_object",
            minimal_h5p(h5p_json=["title"]),
            code="h5p_json_invalid",
            mention="JSON object",
        ),
        _h5p(
            "h5p_json_without_title",
            minimal_h5p(h5p_json=_metadata(title=None)),
            code="h5p_json_incomplete",
            mention='"title"',
        ),
        _h5p(
            "h5p_json_blank_title",
            minimal_h5p(h5p_json=_metadata(title="  ")),
            code="h5p_json_incomplete",
            mention='"title"',
        ),
        _h5p(
            "h5p_json_without_main_library",
            minimal_h5p(h5p_json=_metadata(mainLibrary=None)),
            code="h5p_json_incomplete",
            mention='"mainLibrary"',
        ),
        _h5p(
            "h5p_json_without_language",
            minimal_h5p(h5p_json=_metadata(language=None)),
            code="h5p_json_incomplete",
            mention='"language"',
        ),
        _h5p(
            "h5p_json_without_embed_types",
            minimal_h5p(h5p_json=_metadata(embedTypes=None)),
            code="h5p_json_incomplete",
            mention='"embedTypes"',
        ),
        _h5p(
            "h5p_json_unknown_embed_type",
            minimal_h5p(h5p_json=_metadata(embedTypes=["script"])),
            code="h5p_json_incomplete",
            mention='"embedTypes"',
        ),
        _h5p(
            "h5p_json_without_dependencies",
            minimal_h5p(h5p_json=_metadata(preloadedDependencies=None)),
            code="h5p_json_incomplete",
            mention='"preloadedDependencies"',
        ),
        _h5p(
            "dependency_without_versions",
            minimal_h5p(h5p_json=_metadata(preloadedDependencies=[{"machineName": "H5P.Demo"}])),
            code="h5p_json_incomplete",
            mention="majorVersion",
        ),
        _h5p(
            "dependency_without_machine_name",
            minimal_h5p(h5p_json=_metadata(preloadedDependencies=[{"majorVersion": 1}])),
            code="h5p_json_incomplete",
            mention="machineName",
        ),
        _h5p(
            "main_library_not_a_dependency",
            minimal_h5p(h5p_json=_metadata(mainLibrary="H5P.Other")),
            code="main_library_missing",
            mention="H5P.Other",
        ),
        _h5p(
            "dependency_left_to_the_hub",
            minimal_h5p(
                h5p_json=_metadata(preloadedDependencies=_with_dependency("H5P.Hub", 2, 1))
            ),
            code="library_missing",
            mention="H5P.Hub 2.1",
        ),
        _h5p(
            "transitive_dependency_missing",
            _with_library(
                preloadedDependencies=[
                    {"machineName": "H5P.JoubelUI", "majorVersion": 1, "minorVersion": 3}
                ]
            ),
            code="library_missing",
            mention="H5P.JoubelUI 1.3",
        ),
        _h5p(
            "folder_without_library_json",
            minimal_h5p(extra={"H5P.Extra-1.0/extra.js": b"1"}),
            code="library_json_missing",
            mention="H5P.Extra-1.0",
        ),
        _h5p(
            "library_json_not_json",
            minimal_h5p(extra={"H5P.Demo-1.0/library.json": b"not json"}),
            code="library_json_invalid",
            mention="H5P.Demo-1.0/library.json",
        ),
        _h5p(
            "library_folder_name_mismatch",
            _with_library(majorVersion=2),
            code="library_json_invalid",
            mention="H5P.Demo-2.0",
        ),
        _h5p(
            "library_script_outside_its_folder",
            _with_library(preloadedJs=[{"path": "../h5p.json"}]),
            code="library_file_missing",
            mention="../h5p.json",
        ),
        _h5p(
            "library_script_missing",
            _with_library(preloadedJs=[{"path": "gone.js"}]),
            code="library_file_missing",
            mention="gone.js",
        ),
        _h5p(
            "missing_content_json",
            minimal_h5p(without=["content/content.json"]),
            code="content_json_missing",
            mention="content/content.json",
        ),
        _h5p(
            "content_json_not_utf8",
            minimal_h5p(extra={"content/content.json": b"\xff\xfe{"}),
            code="content_json_invalid",
            mention="content/content.json",
        ),
        _h5p(
            "content_path_escapes",
            minimal_h5p(content={"image": {"path": "../../h5p.json", "mime": "image/png"}}),
            code="content_path_unsafe",
            mention="../../h5p.json",
        ),
        _h5p(
            "content_file_missing",
            minimal_h5p(content={"image": {"path": "images/gone.png", "mime": "image/png"}}),
            code="content_file_missing",
            mention="images/gone.png",
        ),
    ]
