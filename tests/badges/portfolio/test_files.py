"""Evidence files are accepted by what they contain, within a size cap."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from badges.portfolio import files
from tests.badges.portfolio.files import (
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    docx_bytes,
    plain_zip_bytes,
    upload,
)


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("report.pdf", PDF_BYTES, "pdf"),
        ("photo.png", PNG_BYTES, "png"),
        ("photo.jpeg", JPEG_BYTES, "jpg"),
        ("notes.docx", docx_bytes(), "docx"),
        ("notes.txt", "Réunion notes, café £5\n".encode(), "txt"),
        # The name does not decide: a PDF called .txt is a PDF.
        ("misnamed.txt", PDF_BYTES, "pdf"),
    ],
)
def test_accepted_kinds_are_recognised_by_content(name, content, extension):
    assert files.validate_evidence_file(upload(name, content)).extension == extension


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),  # an .exe wearing .pdf
        ("archive.docx", plain_zip_bytes()),  # a zip that is not a Word document
        ("broken.docx", b"PK\x03\x04 not really a zip"),
        ("binary.txt", b"text\x00with a NUL"),
        ("latin1.txt", "caf\xe9".encode("latin-1")),
        ("picture.gif", b"GIF89a\x01\x00\x01\x00"),
    ],
)
def test_other_content_is_refused_with_a_clear_message(name, content):
    with pytest.raises(ValidationError) as refused:
        files.validate_evidence_file(upload(name, content))

    assert "must be a PDF, PNG, JPEG, Word (.docx) or plain text" in refused.value.messages[0]


def test_empty_and_oversized_files_are_refused(settings):
    with pytest.raises(ValidationError, match="empty"):
        files.validate_evidence_file(upload("empty.txt", b""))

    too_big = upload("big.pdf", PDF_BYTES + b"0" * files.MAX_EVIDENCE_BYTES)
    with pytest.raises(ValidationError, match="smaller than 10 MB"):
        files.validate_evidence_file(too_big)


def test_stored_names_are_ours_and_keep_the_real_type():
    name = files.stored_name(files.PDF)

    assert name.endswith(".pdf") and len(name) == 36
    assert files.kind_of_stored(f"evidence/2026/05/{name}") == files.PDF
    assert files.kind_of_stored("evidence/x.exe").content_type == "application/octet-stream"
