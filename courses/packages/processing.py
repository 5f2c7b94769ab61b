"""Check and unpack an uploaded content package, recording the outcome on its row.

Runs in a Celery task. Each run unpacks into a fresh folder and only points the
package at it once everything is written, so a worker that dies mid-way leaves at
most an orphan folder (swept on the next success), never a half-unpacked package.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict
from datetime import timedelta

from django.conf import settings
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


def stale_after() -> timedelta:
    """How long a claim lasts: a live run is stopped by Celery's hard time limit well before."""
    return max(timedelta(minutes=10), timedelta(seconds=2 * settings.CELERY_TASK_TIME_LIMIT))


def _claim(package_id: int) -> tuple[ContentPackage, uuid.UUID] | None:
    """Take the package for this run, unless it is finished or another run holds it."""
    with transaction.atomic():
        package = ContentPackage.objects.select_for_update().filter(pk=package_id).first()
        if package is None or package.status in (
            ContentPackage.Status.READY,
            ContentPackage.Status.REJECTED,
        ):
            return None
        now = timezone.now()
        held = (
            package.status == ContentPackage.Status.PROCESSING
            and package.claimed_at is not None
            and now - package.claimed_at < stale_after()
        )
        if held:
            return None
        claim = uuid.uuid4()
        package.status = ContentPackage.Status.PROCESSING
        package.claim, package.claimed_at = claim, now
        package.save(update_fields=["status", "claim", "claimed_at"])
        return package, claim


def _finish(package: ContentPackage, claim: uuid.UUID, **fields) -> bool:
    """Record the outcome only if this run still holds the claim."""
    return bool(
        ContentPackage.objects.filter(pk=package.pk, claim=claim).update(
            processed_at=timezone.now(), claim=None, **fields
        )
    )


def _sweep_other_attempts(storage, *, package: ContentPackage, keep: str) -> None:
    base = f"content/{package.uid}"
    try:
        folders, _ = storage.listdir(base)
    except (FileNotFoundError, NotImplementedError):
        return
    for folder in folders:
        prefix = f"{base}/{folder}/"
        if prefix != keep:
            delete_tree(storage, prefix.rstrip("/"))


def delete_tree(storage, path: str) -> None:
    """Delete every file under `path` (storages have no folder delete of their own)."""
    try:
        folders, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in files:
        storage.delete(f"{path}/{name}")
    for folder in folders:
        delete_tree(storage, f"{path}/{folder}")


def process_package(*, package_id: int) -> ContentPackage | None:
    """Validate and unpack a package; safe to run again (a finished package is left alone)."""
    claimed = _claim(package_id)
    if claimed is None:
        return ContentPackage.objects.filter(pk=package_id).first()
    package, claim = claimed
    storage = package_storage()
    prefix = f"content/{package.uid}/{claim.hex}/"
    try:
        with package.source.open("rb") as upload, inspect_archive(upload) as archive:
            manifest = _describe(package, archive)
            manifest["files"] = len(archive.names)
            manifest["bytes"] = archive.total_size
            extract_to_storage(archive, storage=storage, prefix=prefix)
    except PackageRejected as rejected:
        _finish(
            package,
            claim,
            status=ContentPackage.Status.REJECTED,
            error=str(rejected),
            error_code=rejected.code,
        )
        logger.info("package %s rejected: %s", package.pk, rejected.code)
        return ContentPackage.objects.get(pk=package.pk)
    owned = _finish(
        package,
        claim,
        status=ContentPackage.Status.READY,
        content_prefix=prefix,
        manifest=manifest,
        error="",
        error_code="",
    )
    if owned:
        _sweep_other_attempts(storage, package=package, keep=prefix)
    else:
        # Another run took over while this one was stuck; its folder is the one kept.
        delete_tree(storage, prefix.rstrip("/"))
    return ContentPackage.objects.get(pk=package.pk)
