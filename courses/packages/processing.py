"""Check and unpack an uploaded content package, recording the outcome on its row.

Runs in a Celery task. Each run unpacks into a fresh folder and only points the
package at it once everything is written, so a worker that dies mid-way leaves at
most an orphan folder (swept on the next success), never a half-unpacked package.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict

from django.db import transaction
from django.utils import timezone

from courses.h5p.validation import validate_h5p
from courses.models import ContentPackage
from courses.models.packages import package_storage
from courses.packages.archive import PackageRejected, extract_to_storage, inspect_archive
from courses.scorm.package import validate_scorm

logger = logging.getLogger(__name__)


def _describe(package: ContentPackage, archive) -> dict:
    if package.kind == ContentPackage.Kind.H5P:
        info = validate_h5p(archive)
        return {"h5p": asdict(info)}
    info = validate_scorm(archive)
    return {
        "scorm": {
            "version": str(info.version),
            "title": info.manifest.title,
            "scos": [
                {
                    "identifier": item.identifier,
                    "title": item.title,
                    "launch_url": item.launch_url,
                    "mastery_score": item.mastery_score,
                    "completion_threshold": item.completion_threshold,
                    "data_from_lms": item.data_from_lms,
                }
                for item in info.manifest.scos
            ],
            "missing_listed_files": list(info.missing_listed_files),
        }
    }


def _claim(package_id: int) -> ContentPackage | None:
    """Mark the package as being processed, unless it is already finished."""
    with transaction.atomic():
        package = ContentPackage.objects.select_for_update().filter(pk=package_id).first()
        if package is None or package.status in (
            ContentPackage.Status.READY,
            ContentPackage.Status.REJECTED,
        ):
            return None
        package.status = ContentPackage.Status.PROCESSING
        package.save(update_fields=["status"])
        return package


def _sweep_other_attempts(storage, *, package: ContentPackage, keep: str) -> None:
    base = f"content/{package.uid}"
    try:
        folders, _ = storage.listdir(base)
    except (FileNotFoundError, NotImplementedError):
        return
    for folder in folders:
        prefix = f"{base}/{folder}/"
        if prefix != keep:
            _delete_tree(storage, prefix.rstrip("/"))


def _delete_tree(storage, path: str) -> None:
    folders, files = storage.listdir(path)
    for name in files:
        storage.delete(f"{path}/{name}")
    for folder in folders:
        _delete_tree(storage, f"{path}/{folder}")


def process_package(*, package_id: int) -> ContentPackage | None:
    """Validate and unpack a package; safe to run again (a finished package is left alone)."""
    package = _claim(package_id)
    if package is None:
        return ContentPackage.objects.filter(pk=package_id).first()
    storage = package_storage()
    prefix = f"content/{package.uid}/{uuid.uuid4().hex}/"
    try:
        with package.source.open("rb") as upload, inspect_archive(upload) as archive:
            manifest = _describe(package, archive)
            extract_to_storage(archive, storage=storage, prefix=prefix)
    except PackageRejected as rejected:
        package.status = ContentPackage.Status.REJECTED
        package.error = str(rejected)
        package.error_code = rejected.code
        package.processed_at = timezone.now()
        package.save(update_fields=["status", "error", "error_code", "processed_at"])
        logger.info("package %s rejected: %s", package.pk, rejected.code)
        return package
    package.status = ContentPackage.Status.READY
    package.content_prefix = prefix
    package.manifest = manifest
    package.error = package.error_code = ""
    package.processed_at = timezone.now()
    package.save(
        update_fields=[
            "status",
            "content_prefix",
            "manifest",
            "error",
            "error_code",
            "processed_at",
        ]
    )
    _sweep_other_attempts(storage, package=package, keep=prefix)
    return package
