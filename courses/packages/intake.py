"""Taking in uploaded packages: create the row, then check and unpack after commit."""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django.core.files import File
from django.db import transaction

from courses.models import ContentPackage
from lms.jobs import enqueue_on_commit

MAX_UPLOAD_BYTES = 512 * 1024 * 1024


class UploadRefused(ValueError):
    pass


def guess_kind(fileobj, *, filename: str) -> str:
    """H5P or SCORM, from the file name and, for a .zip, from what is at its root."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".h5p":
        return ContentPackage.Kind.H5P
    if suffix != ".zip":
        raise UploadRefused(f"{filename}: upload a .h5p file or a SCORM .zip package.")
    try:
        position = fileobj.tell()
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
        fileobj.seek(position)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRefused(f"{filename}: this is not a readable zip file.") from exc
    if "h5p.json" in names:
        return ContentPackage.Kind.H5P
    return ContentPackage.Kind.SCORM


@transaction.atomic
def receive_package(
    *,
    upload: File,
    filename: str,
    title: str = "",
    kind: str | None = None,
    owning_council=None,
    uploaded_by=None,
    process_now: bool = False,
) -> ContentPackage:
    """Store the upload and queue its checking. `process_now` checks it in this process
    (the import command does, so it can report each file's outcome)."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise UploadRefused(
            f"{filename}: {size // (1024 * 1024)} MB is over the "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB limit for a package."
        )
    kind = kind or guess_kind(upload, filename=filename)
    package = ContentPackage(
        kind=kind,
        title=title or PurePath(filename).stem[:200],
        owning_council=owning_council,
        uploaded_by=uploaded_by,
    )
    package.source.save(PurePath(filename).name, upload, save=False)
    package.save()
    if process_now:
        from courses.packages.processing import process_package

        transaction.on_commit(lambda: process_package(package_id=package.pk))
    else:
        from courses.tasks import process_package_task

        enqueue_on_commit(process_package_task, package.pk)
    return package
