"""Evidence files: which kinds we accept, decided by what is inside, not by the name.

A file's name and the browser's content type are the sender's to forge, so the type is
read from the bytes; the stored copy gets a name of our choosing with the extension of
what it really is, and is always served as a download of that type.
"""

from __future__ import annotations

import os
import uuid
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
ACCEPTED = "PDF, PNG, JPEG, Word (.docx) or plain text"


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str


PDF = FileKind("pdf", "application/pdf", "PDF")
PNG = FileKind("png", "image/png", "PNG image")
JPEG = FileKind("jpg", "image/jpeg", "JPEG image")
DOCX = FileKind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word document",
)
TEXT = FileKind("txt", "text/plain; charset=utf-8", "Text file")
BY_EXTENSION = {kind.extension: kind for kind in (PDF, PNG, JPEG, DOCX, TEXT)}


def _head(upload, size: int) -> bytes:
    upload.seek(0)
    data = upload.read(size)
    upload.seek(0)
    return data


def _is_docx(upload) -> bool:
    # Only the zip's directory is read, never the members, so a zip bomb costs nothing.
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _is_text(upload) -> bool:
    # The size cap has been checked, so reading the whole file is bounded.
    data = _head(upload, MAX_EVIDENCE_BYTES + 1)
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sniff(upload) -> FileKind | None:
    head = _head(upload, 16)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return DOCX if _is_docx(upload) else None
    if _is_text(upload):
        return TEXT
    return None


def validate_evidence_file(upload: UploadedFile) -> FileKind:
    """The kind of an acceptable evidence file; ValidationError saying why not otherwise."""
    if upload.size is None or upload.size == 0:
        raise ValidationError("The selected file is empty.", code="empty")
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            f"The selected file must be smaller than {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB.",
            code="too_big",
        )
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(
            f"The selected file must be a {ACCEPTED}. Its contents are not one of these, "
            "whatever its name says.",
            code="wrong_type",
        )
    return kind


def stored_name(kind: FileKind) -> str:
    """A name of our own: the learner's file name can hold personal data or path tricks."""
    return f"{uuid.uuid4().hex}.{kind.extension}"


def kind_of_stored(name: str) -> FileKind:
    extension = os.path.splitext(name)[1].lstrip(".").lower()
    return BY_EXTENSION.get(extension, FileKind("bin", "application/octet-stream", "File"))
