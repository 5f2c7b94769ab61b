"""What an admin does with packages: take files in, and have a package checked again.

The admin's upload view and the import_package command both call take_in_package,
one file at a time, so one bad file never stops the rest of a batch.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from courses.models import ContentPackage
from courses.packages.intake import UploadRefused, guess_kind, receive_package
from courses.packages.processing import stale_after
from lms.jobs import enqueue_on_commit

logger = logging.getLogger(__name__)

REQUEUED_ACTION = "courses.package_requeued"
# A check that has not finished by then is stuck: its worker died or the message was
# lost. Waiting twice Celery's hard time limit means a slow run is never doubled.
# The same time after which a processing run's claim may be taken over.
STUCK_AFTER = stale_after()

_NOT_ALLOWED = {
    ContentPackage.Kind.H5P: (
        "you do not have permission to upload H5P packages. H5P content runs its own "
        'JavaScript, so it needs the separate "Can upload H5P packages" permission: '
        "ask a platform admin."
    ),
    ContentPackage.Kind.SCORM: (
        'you do not have permission to upload SCORM packages (it needs "Can upload '
        'SCORM packages"): ask a platform admin.'
    ),
}


@dataclass(frozen=True)
class IntakeOutcome:
    """One file's fate: a package row (which may still be rejected when checked), or a
    refusal before any row was made."""

    filename: str
    package: ContentPackage | None = None
    refused: str = ""

    @property
    def accepted(self) -> bool:
        return self.package is not None


class RequeueRefused(Exception):
    pass


def _without_filename(message: str, filename: str) -> str:
    # Intake's messages start with the file's name; an outcome carries the name already.
    prefix = f"{filename}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def take_in_package(
    *,
    upload: File,
    filename: str,
    allowed_kinds: Collection[str],
    owning_council=None,
    uploaded_by=None,
    title: str = "",
    process_now: bool = False,
) -> IntakeOutcome:
    """Store one uploaded file as a package and have it checked.

    `allowed_kinds` are the kinds this uploader may add; the kind is worked out from
    the file itself, so a .zip holding h5p.json counts as H5P. With `process_now` the
    check runs before this returns and the package's status is final.
    """
    try:
        kind = guess_kind(upload, filename=filename)
        if kind not in allowed_kinds:
            return IntakeOutcome(filename=filename, refused=_NOT_ALLOWED[kind])
        with transaction.atomic():
            package = receive_package(
                upload=upload,
                filename=filename,
                title=title,
                kind=kind,
                owning_council=owning_council,
                uploaded_by=uploaded_by,
                process_now=process_now,
            )
            log(instance=package, action="wagtail.create", user=uploaded_by)
    except UploadRefused as refused:
        return IntakeOutcome(filename=filename, refused=_without_filename(str(refused), filename))
    package.refresh_from_db()
    return IntakeOutcome(filename=filename, package=package)


def last_queued_at(package: ContentPackage):
    requeued = (
        ModelLogEntry.objects.for_instance(package)
        .filter(action=REQUEUED_ACTION)
        .order_by("-timestamp")
        .values_list("timestamp", flat=True)
        .first()
    )
    return max(package.created_at, requeued) if requeued else package.created_at


def can_requeue(package: ContentPackage, *, now=None) -> bool:
    """Rejected packages may always be checked again; waiting ones only once stuck."""
    if package.status == ContentPackage.Status.REJECTED:
        return True
    if package.status == ContentPackage.Status.READY:
        return False
    return (now or timezone.now()) - last_queued_at(package) >= STUCK_AFTER


def requeue_package(*, package_id: int, user=None) -> ContentPackage:
    """Queue a rejected or stuck package to be checked again from its stored upload.

    A rejected package goes back to waiting first: processing leaves finished
    packages alone, so without the reset the task would do nothing.
    """
    from courses.tasks import process_package_task

    with transaction.atomic():
        package = ContentPackage.objects.select_for_update().get(pk=package_id)
        if package.status == ContentPackage.Status.READY:
            raise RequeueRefused("This package is ready already; there is nothing to check.")
        if not can_requeue(package):
            raise RequeueRefused(
                "This package is still being checked. If it has not finished in "
                f"{int(STUCK_AFTER.total_seconds() // 60)} minutes, check it again."
            )
        if package.status == ContentPackage.Status.REJECTED:
            package.status = ContentPackage.Status.PENDING
            package.error = package.error_code = ""
            package.processed_at = None
            package.save(update_fields=["status", "error", "error_code", "processed_at"])
        log(instance=package, action=REQUEUED_ACTION, user=user)
        enqueue_on_commit(process_package_task, package.pk)
    logger.info("package %s queued to be checked again", package.pk)
    return package
