"""Fixtures for certificate tests: a council course, completions, and PDF helpers."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "certificates"


@pytest.fixture
def course(council):
    from courses.factories import course_with_lessons

    return course_with_lessons(title="Staying safe online", owning_council=council)


@pytest.fixture
def completion(learner, course):
    from lms.certificates.factories import completion_for

    return completion_for(learner=learner, course=course)


@pytest.fixture
def issue_and_render():
    """Issue and render the certificate of a completion, as the task does."""
    from lms.certificates.services import issue_for_completion, render_certificate

    def run(completion):
        certificate = issue_for_completion(completion=completion)
        return render_certificate(certificate_id=certificate.pk)

    return run


def pdf_bytes(certificate) -> bytes:
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def pdf_text(data: bytes) -> str:
    """The text a person could select and copy, as poppler extracts it."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode()


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def save_page_png(data: bytes, name: str, *, resolution: int = 60) -> Path:
    """Page 1 as a PNG under test-artifacts/certificates/, for a person to look at
    (`resolution` in dots per inch)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    pdf.write_bytes(data)
    assert shutil.which("pdftoppm"), (
        "pdftoppm (poppler-utils) is needed: scripts/install-system-deps"
    )
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(resolution),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(ARTIFACTS / name),
        ],
        check=True,
    )
    png = ARTIFACTS / f"{name}.png"
    print(f"\ncertificate page 1 rendered to {png}")
    return png
