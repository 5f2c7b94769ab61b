"""Check that an inspected zip is a playable SCORM package."""

from __future__ import annotations

from dataclasses import dataclass

from courses.packages.archive import PackageRejected, SafeArchive
from courses.scorm.manifest import MAX_MANIFEST_BYTES, Manifest, parse_manifest
from courses.scorm.versions import ScormVersion

MANIFEST_NAME = "imsmanifest.xml"


@dataclass(frozen=True)
class ScormPackageInfo:
    version: ScormVersion
    manifest: Manifest
    launch_files: tuple[str, ...]  # package paths of the SCOs' launch files, in play order
    # Files a resource lists that the zip lacks. Authoring tools often list files loosely,
    # so this is shown to the editor rather than refused; a missing launch file is refused.
    missing_listed_files: tuple[str, ...]


def validate_scorm(archive: SafeArchive) -> ScormPackageInfo:
    """The package's SCORM facts, or ``PackageRejected`` naming the first thing wrong."""
    _require_root_manifest(archive)
    manifest = parse_manifest(archive.read(MANIFEST_NAME, max_bytes=MAX_MANIFEST_BYTES))
    # Several items may launch one file with different parameters; check each file once.
    launch_files = tuple(
        dict.fromkeys(item.launch_path for item in manifest.scos if item.launch_path)
    )
    for path in launch_files:
        if path not in archive:
            raise PackageRejected(
                "launch_file_missing",
                f"The manifest launches {path!r}, but the package does not contain that file.",
            )
    listed = dict.fromkeys(path for resource in manifest.resources for path in resource.files)
    return ScormPackageInfo(
        version=manifest.version,
        manifest=manifest,
        launch_files=launch_files,
        missing_listed_files=tuple(path for path in listed if path not in archive),
    )


def _require_root_manifest(archive: SafeArchive) -> None:
    if MANIFEST_NAME in archive:
        return
    near_misses = [
        name for name in archive.names if name.rsplit("/", 1)[-1].lower() == MANIFEST_NAME
    ]
    if not near_misses:
        raise PackageRejected(
            "manifest_missing",
            "The package has no imsmanifest.xml, so it is not a SCORM package.",
        )
    found = near_misses[0]
    hint = (
        "zip the folder's contents rather than the folder itself"
        if "/" in found
        else "the name must be all lower case"
    )
    raise PackageRejected(
        "manifest_missing",
        f"imsmanifest.xml must be at the top of the package, named exactly that; found "
        f"{found!r} instead ({hint}).",
    )
