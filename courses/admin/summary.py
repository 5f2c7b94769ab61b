"""A package's manifest put into words, for the admin and the import command."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from courses.models import ContentPackage
from courses.models.packages import package_storage
from courses.packages.rejection import human_bytes


@dataclass(frozen=True)
class Sco:
    identifier: str
    title: str
    launch_url: str
    mastery_score: float | None


@dataclass(frozen=True)
class PackageSummary:
    kind_label: str
    # "SCORM 2004 4th Edition", or the H5P main library with its version.
    described_as: str = ""
    title: str = ""
    language: str = ""
    libraries: tuple[str, ...] = ()
    scos: tuple[Sco, ...] = ()
    missing_listed_files: tuple[str, ...] = field(default=())

    @property
    def headline(self) -> str:
        return f"{self.kind_label} {self.described_as}".strip()


def _h5p_main_library(info: dict) -> str:
    main = info.get("main_library", "")
    for dependency in info.get("preloaded_dependencies", ()):
        if dependency.get("machine_name") == main:
            return f"{main} {dependency.get('major_version')}.{dependency.get('minor_version')}"
    return main


def summarise(package: ContentPackage) -> PackageSummary:
    """What processing learned about the package; empty until it is ready."""
    kind_label = package.get_kind_display()
    manifest = package.manifest or {}
    if "h5p" in manifest:
        info = manifest["h5p"]
        return PackageSummary(
            kind_label=kind_label,
            described_as=_h5p_main_library(info),
            title=info.get("title", ""),
            language=info.get("language", ""),
            libraries=tuple(info.get("library_folders", ())),
        )
    if "scorm" in manifest:
        info = manifest["scorm"]
        return PackageSummary(
            kind_label=kind_label,
            described_as=info.get("version", ""),
            title=info.get("title", ""),
            scos=tuple(
                Sco(
                    identifier=sco.get("identifier", ""),
                    title=sco.get("title", ""),
                    launch_url=sco.get("launch_url", ""),
                    mastery_score=sco.get("mastery_score"),
                )
                for sco in info.get("scos", ())
            ),
            missing_listed_files=tuple(info.get("missing_listed_files", ())),
        )
    return PackageSummary(kind_label=kind_label)


def source_name(package: ContentPackage) -> str:
    return PurePosixPath(package.source.name).name if package.source else ""


def source_size(package: ContentPackage) -> str:
    """The uploaded file's size in words, or "" when storage cannot say."""
    if not package.source:
        return ""
    try:
        return human_bytes(package.source.size)
    except (OSError, NotImplementedError):
        return ""


def count_unpacked_files(package: ContentPackage) -> int:
    """How many files the package unpacked to, counted in storage (0 if none)."""
    if not package.content_prefix:
        return 0
    storage = package_storage()
    pending = [package.content_prefix.rstrip("/")]
    count = 0
    while pending:
        folder = pending.pop()
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        count += len(files)
        pending.extend(f"{folder}/{name}" for name in folders)
    return count
