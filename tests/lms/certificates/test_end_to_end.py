"""A learner completes a course through the learning record; one certificate follows,
whose QR code leads to a verification page that says valid. No browser needed."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.conf import settings

from lms.certificates.models import Certificate
from lms.certificates.qr import qr_matrix
from lms.records import services as records
from tests.lms.certificates.conftest import pdf_bytes, pdf_text, reader, save_page_png

pytestmark = pytest.mark.django_db


def _qr_modules(data: bytes) -> list[list[bool]]:
    (image,) = [i.image for i in reader(data).pages[0].images if i.image.width == i.image.height]
    grey = image.convert("L")
    return [[grey.getpixel((x, y)) < 128 for x in range(grey.width)] for y in range(grey.height)]


def test_completing_a_course_gives_one_certificate_whose_qr_code_says_valid(
    learner, course, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = records.enrol(user=learner, course=course)
        for lesson in course.get_children().specific():
            records.complete_reading_lesson(enrolment=enrolment, lesson=lesson)

    certificate = Certificate.objects.get()
    assert certificate.learner == learner
    assert certificate.render_status == "rendered"
    data = pdf_bytes(certificate)
    assert "Staying safe online" in pdf_text(data)
    save_page_png(data, "end-to-end")

    # Decoding needs a QR library this machine does not ship; the code is read back as
    # modules instead and compared with the encoding of the verification URL.
    url = f"{settings.SITE_URL}/certificates/verify/{certificate.code}/"
    assert _qr_modules(data) == qr_matrix(url)

    response = client_for(None).get(urlsplit(url).path)
    assert response.status_code == 200
    assert "Valid" in response.content.decode()
    assert certificate.code in response.content.decode()
