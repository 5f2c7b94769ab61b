"""The rules an .h5p must pass before it is unpacked, on top of the generic archive checks.

Policy, stricter than H5P's own:
- Libraries come inside the package. Every preloaded dependency, and theirs in turn,
  must be a folder in the .h5p: nothing is ever fetched from the H5P Hub or a CDN.
- File types follow H5P's published default allow-list (H5PCore::$defaultContentWhitelist,
  with js and css added for library folders only), and server- or browser-active
  documents (php, html and kin) are refused anywhere, even behind a second extension.
- SVG is allowed, as H5P allows it: libraries ship SVG icons and fonts, and authors
  upload SVG images. An SVG can carry script, so package files must be served the way
  the player is: from the cookie-less, sandboxed origin under a strict CSP, never from
  the site's own origin. (swf stays on H5P's list: no current browser runs it.)
- Files that content.json or a library.json points at must be in the package. Media
  given as URLs (a hosted video, say) are left for the player's CSP to allow or block.

All problems raise PackageRejected with a stable code and a message for the admin.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from courses.packages.archive import PackageRejected, SafeArchive
from courses.packages.rejection import MB, shown

# H5P's default content allow-list, verbatim from H5PCore::$defaultContentWhitelist, so a
# reviewer can compare it with H5P's source at a glance.
H5P_DEFAULT_CONTENT_WHITELIST = (
    "json png jpg jpeg gif bmp tif tiff svg eot ttf woff woff2 otf webm mp4 ogg mp3 m4a wav "
    "txt pdf rtf doc docx xls xlsx ppt pptx odt ods odp xml csv diff patch swf md textile "
    "vtt webvtt gltf glb"
)
CONTENT_EXTENSIONS = frozenset(H5P_DEFAULT_CONTENT_WHITELIST.split())
# H5PCore::$defaultLibraryWhitelistExtras: code is allowed only inside library folders.
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css"}
_CODE_EXTENSIONS = frozenset({"js", "mjs", "cjs", "css"})
# Checked on every dotted part of a name, so "shell.php.png" is caught as well.
FORBIDDEN_EXTENSIONS = frozenset(
    {"php", "php3", "php4", "php5", "php7", "php8", "phtml", "pht", "phps", "phar"}
    | {"html", "htm", "xhtml", "xht", "shtml", "shtm", "svgz", "hta", "htaccess"}
)
H5P_JSON = "h5p.json"
CONTENT_JSON = "content/content.json"
EMBED_TYPES = frozenset({"div", "iframe"})
_METADATA_MAX_BYTES = 1 * MB
_CONTENT_JSON_MAX_BYTES = 16 * MB
# H5P's own pattern for machine names (and so for library folder names).
_MACHINE_NAME = re.compile(r"[A-Za-z0-9_.\-]{1,255}")
_EXTERNAL_PATH = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*:|//)")


@dataclass(frozen=True)
class H5PDependency:
    machine_name: str
    major_version: int
    minor_version: int

    @property
    def folder_name(self) -> str:
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"

    def __str__(self) -> str:
        return f"{self.machine_name} {self.major_version}.{self.minor_version}"


@dataclass(frozen=True)
class H5PLibrary:
    folder: str
    dependency: H5PDependency
    preloaded_dependencies: tuple[H5PDependency, ...]
    preloaded_files: tuple[str, ...]


@dataclass(frozen=True)
class H5PPackageInfo:
    title: str
    main_library: str
    main_library_folder: str
    language: str
    license: str | None
    embed_types: tuple[str, ...]
    preloaded_dependencies: tuple[H5PDependency, ...]
    has_content_json: bool
    library_folders: tuple[str, ...]


def validate_h5p(archive: SafeArchive) -> H5PPackageInfo:
    """Check an inspected .h5p against H5P's structure and our rules, and describe it."""
    for name in archive.names:
        check_file_type(name)
    metadata = _read_json_object(
        archive, name=H5P_JSON, max_bytes=_METADATA_MAX_BYTES, code_prefix="h5p_json"
    )
    title = _required_text(metadata, key="title")
    main_library = _required_text(metadata, key="mainLibrary")
    language = _required_text(metadata, key="language")
    license_code = _optional_text(metadata, key="license")
    embed_types = _embed_types(metadata)
    if "preloadedDependencies" not in metadata:
        _incomplete("preloadedDependencies", "is missing")
    dependencies = _dependencies(metadata, owner=H5P_JSON, code="h5p_json_incomplete")
    content = _read_json_object(
        archive, name=CONTENT_JSON, max_bytes=_CONTENT_JSON_MAX_BYTES, code_prefix="content_json"
    )
    libraries = _libraries(archive)
    main = next((dep for dep in dependencies if dep.machine_name == main_library), None)
    if main is None:
        raise PackageRejected(
            "main_library_missing",
            f"The h5p.json file names {shown(main_library)} as its main library but does not "
            "list it in preloadedDependencies.",
        )
    _require_dependencies(dependencies, libraries=libraries)
    _require_library_files(libraries, archive=archive)
    _require_content_files(content, archive=archive)
    return H5PPackageInfo(
        title=title,
        main_library=main_library,
        main_library_folder=libraries[main].folder,
        language=language,
        license=license_code,
        embed_types=embed_types,
        preloaded_dependencies=dependencies,
        has_content_json=True,
        library_folders=tuple(sorted(library.folder for library in libraries.values())),
    )


def check_file_type(name: str) -> None:
    """Refuse a member whose type is not allowed where it sits in the package."""
    folder, _, rest = name.partition("/")
    suffixes = [suffix.lower() for suffix in posixpath.basename(name).split(".")[1:]]
    extension = suffixes[-1] if suffixes else ""
    forbidden = next((suffix for suffix in suffixes if suffix in FORBIDDEN_EXTENSIONS), None)
    if forbidden is not None:
        raise PackageRejected(
            "forbidden_file_type",
            f"The package contains a .{forbidden} file, which is never allowed: {shown(name)}",
        )
    in_library = bool(rest) and folder != "content"
    if extension in _CODE_EXTENSIONS and not in_library:
        raise PackageRejected(
            "script_outside_library",
            "JavaScript and CSS are only allowed inside library folders, not in content/ "
            f"or at the top of the package: {shown(name)}",
        )
    if not rest and name != H5P_JSON:
        raise PackageRejected(
            "unexpected_root_file",
            f"Only h5p.json may sit at the top of an H5P package; found {shown(name)}",
        )
    allowed = LIBRARY_EXTENSIONS if in_library else CONTENT_EXTENSIONS
    if extension not in allowed:
        kind = f"Files of type .{extension}" if extension else "Files without an extension"
        where = "in an H5P library" if in_library else "in H5P content"
        raise PackageRejected(
            "file_type_not_allowed", f"{kind} are not allowed {where}: {shown(name)}"
        )


def _read_json_object(
    archive: SafeArchive, *, name: str, max_bytes: int, code_prefix: str
) -> dict[str, Any]:
    if name not in archive:
        raise PackageRejected(
            f"{code_prefix}_missing", f"The package has no {shown(name)}, which H5P requires."
        )
    data = archive.read(name, max_bytes=max_bytes)
    try:
        # utf-8-sig: some editors save JSON with a byte-order mark, which is harmless.
        parsed = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:
        raise PackageRejected(
            f"{code_prefix}_invalid",
            f"The file {shown(name)} is not valid JSON ({_first_line(exc)}).",
        ) from exc
    if not isinstance(parsed, dict):
        raise PackageRejected(
            f"{code_prefix}_invalid", f"The file {shown(name)} must hold a JSON object."
        )
    return parsed


def _first_line(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__).splitlines()[0][:200]


def _incomplete(key: str, problem: str) -> NoReturn:
    raise PackageRejected(
        "h5p_json_incomplete", f'The h5p.json file is incomplete: the field "{key}" {problem}.'
    )


def _required_text(metadata: Mapping[str, Any], *, key: str) -> str:
    value = metadata.get(key)
    if key not in metadata:
        _incomplete(key, "is missing")
    if not isinstance(value, str) or not value.strip():
        _incomplete(key, "must be non-empty text")
    return value


def _optional_text(metadata: Mapping[str, Any], *, key: str) -> str | None:
    value = metadata.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        _incomplete(key, "must be text")
    return value or None


def _embed_types(metadata: Mapping[str, Any]) -> tuple[str, ...]:
    value = metadata.get("embedTypes")
    if "embedTypes" not in metadata:
        _incomplete("embedTypes", "is missing")
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(item, str) and item in EMBED_TYPES for item in value)
    ):
        _incomplete("embedTypes", 'must be a list of "div" and/or "iframe"')
    return tuple(value)


def _dependencies(
    metadata: Mapping[str, Any], *, owner: str, code: str
) -> tuple[H5PDependency, ...]:
    value = metadata.get("preloadedDependencies", [])
    if not isinstance(value, list):
        raise PackageRejected(code, f"In {shown(owner)}, preloadedDependencies must be a list.")
    return tuple(_dependency(item, owner=owner, code=code) for item in value)


def _dependency(item: object, *, owner: str, code: str) -> H5PDependency:
    machine_name = item.get("machineName") if isinstance(item, dict) else None
    major = _version(item.get("majorVersion")) if isinstance(item, dict) else None
    minor = _version(item.get("minorVersion")) if isinstance(item, dict) else None
    if not isinstance(machine_name, str) or not _MACHINE_NAME.fullmatch(machine_name):
        raise PackageRejected(
            code,
            f"In {shown(owner)}, a preloaded dependency has no valid machineName: "
            f"{shown(json.dumps(item)[:120])}",
        )
    if major is None or minor is None:
        raise PackageRejected(
            code,
            f"In {shown(owner)}, the dependency {shown(machine_name)} needs a whole-number "
            "majorVersion and minorVersion.",
        )
    return H5PDependency(machine_name, major, minor)


def _version(value: object) -> int | None:
    # H5P's own exports write versions as numbers in library.json but as strings in h5p.json.
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 6:
        return int(value)
    return None


def _libraries(archive: SafeArchive) -> dict[H5PDependency, H5PLibrary]:
    folders = sorted({name.split("/", 1)[0] for name in archive.names if "/" in name})
    libraries: dict[H5PDependency, H5PLibrary] = {}
    for folder in folders:
        if folder == "content":
            continue
        library = _library(archive, folder=folder)
        earlier = libraries.get(library.dependency)
        if earlier is not None:
            raise PackageRejected(
                "duplicate_library",
                f"The library {library.dependency} is in the package twice: "
                f"{shown(earlier.folder)} and {shown(folder)}.",
            )
        libraries[library.dependency] = library
    return libraries


def _library(archive: SafeArchive, *, folder: str) -> H5PLibrary:
    name = f"{folder}/library.json"
    if name not in archive:
        raise PackageRejected(
            "library_json_missing",
            f"The folder {shown(folder)} has no library.json: every folder other than content/ "
            "must be an H5P library.",
        )
    metadata = _read_json_object(
        archive, name=name, max_bytes=_METADATA_MAX_BYTES, code_prefix="library_json"
    )
    dependency = _dependency(metadata, owner=name, code="library_json_invalid")
    if folder not in {dependency.machine_name, dependency.folder_name}:
        raise PackageRejected(
            "library_json_invalid",
            f"The folder {shown(folder)} holds the library {dependency}; it must be named "
            f"{shown(dependency.folder_name)}.",
        )
    return H5PLibrary(
        folder=folder,
        dependency=dependency,
        preloaded_dependencies=_dependencies(metadata, owner=name, code="library_json_invalid"),
        preloaded_files=_preloaded_files(metadata, owner=name),
    )


def _preloaded_files(metadata: Mapping[str, Any], *, owner: str) -> tuple[str, ...]:
    paths: list[str] = []
    for key in ("preloadedJs", "preloadedCss"):
        entries = metadata.get(key, [])
        if not isinstance(entries, list) or not all(
            isinstance(entry, dict) and isinstance(entry.get("path"), str) for entry in entries
        ):
            raise PackageRejected(
                "library_json_invalid",
                f'In {shown(owner)}, {key} must be a list of {{"path": ...}} entries.',
            )
        paths.extend(entry["path"] for entry in entries)
    return tuple(paths)


def _require_dependencies(
    roots: tuple[H5PDependency, ...], *, libraries: Mapping[H5PDependency, H5PLibrary]
) -> None:
    """Walk what the player will preload and demand that all of it is in the package."""
    pending: list[tuple[H5PDependency, str]] = [(root, H5P_JSON) for root in roots]
    seen: set[H5PDependency] = set()
    while pending:
        dependency, needed_by = pending.pop()
        if dependency in seen:
            continue
        seen.add(dependency)
        library = libraries.get(dependency)
        if library is None:
            raise PackageRejected(
                "library_missing",
                f"The package needs the library {dependency} (required by {shown(needed_by)}) "
                "but does not contain it. Libraries must come inside the .h5p file: nothing is "
                "fetched from the H5P Hub.",
            )
        pending.extend((child, str(dependency)) for child in library.preloaded_dependencies)


def _require_library_files(
    libraries: Mapping[H5PDependency, H5PLibrary], *, archive: SafeArchive
) -> None:
    for library in libraries.values():
        for path in library.preloaded_files:
            full = posixpath.normpath(f"{library.folder}/{path}")
            if not full.startswith(f"{library.folder}/") or full not in archive:
                raise PackageRejected(
                    "library_file_missing",
                    f"The library {library.dependency} loads {shown(path)}, which is not in "
                    "its folder.",
                )


def _require_content_files(content: Mapping[str, Any], *, archive: SafeArchive) -> None:
    for path in _file_paths(content):
        # "#tmp" marks a file the editor had not yet saved; H5P strips it the same way.
        local = path.removesuffix("#tmp")
        if _EXTERNAL_PATH.match(local):
            continue
        full = posixpath.normpath(f"content/{local}")
        if not full.startswith("content/"):
            raise PackageRejected(
                "content_path_unsafe",
                f"The content.json file refers to a file outside content/: {shown(path)}",
            )
        if full not in archive:
            raise PackageRejected(
                "content_file_missing",
                f"The content.json file refers to {shown(path)}, which is not in the package.",
            )


def _file_paths(value: object) -> Iterator[str]:
    """Paths of H5P file objects ({"path": ..., "mime": ...}) anywhere in content.json."""
    # A stack, not recursion: content.json nests as deep as its author liked.
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            path = item.get("path")
            if isinstance(path, str) and "mime" in item:
                yield path
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
