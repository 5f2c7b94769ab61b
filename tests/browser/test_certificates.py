"""Certificates in chromium: a learner completes a course, is told by email and on the
dashboard, downloads the PDF from My learning, and anyone who scans its QR code is told it
is valid. Taking the course again makes a new certificate; the old one's QR code then
says superseded.

The QR code is read off page 1 as a phone would, rendered to pixels and decoded by
zxing-cpp, rather than taken from the database: what is printed is what is checked.
"""

from __future__ import annotations

import io
import math
import re
import subprocess

import pytest
import zxingcpp
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont
from playwright.sync_api import expect

from lms.certificates.models import Certificate
from lms.records.models import CourseCompletion
from tests.browser.conftest import check_at_both_widths
from tests.browser.learner_steps import sign_in_with_the_form
from tests.browser.watching import watched_page_in_new_context
from tests.lms.certificates.conftest import pdf_text, reader, save_page_png

pytestmark = pytest.mark.browser

COURSE = "Staying safe online at work"
COUNCIL = "Eastbridge Borough Council"
LEARNER = "Leah Fernandes"
SIGNATORY = "Alex Morgan"
A4_LANDSCAPE = (841.89, 595.28)  # points
READY_SUBJECT = f"Your certificate for {COURSE} is ready"
# What the learner's record holds beside their name, none of which a verifier may see.
PRIVATE = (
    "leah.fernandes@eastbridge.gov.uk",
    "E00155",
    "Contact Centre Team",
    "Customer services adviser",
    "Marcus Adeyemi",
)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"  # fonts-dejavu-core


def _png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _logo() -> bytes:
    """A council wordmark beside a bridge mark, as a council's logo file might be."""
    picture = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    draw = ImageDraw.Draw(picture)
    draw.rounded_rectangle((10, 20, 170, 180), radius=24, fill="#00594f")
    for arch in range(3):
        draw.arc((30 + arch * 40, 70, 110 + arch * 40, 170), 180, 360, fill="white", width=10)
    draw.line((25, 120, 155, 120), fill="white", width=10)
    draw.text((195, 45), "Eastbridge", font=ImageFont.truetype(FONT, 48), fill="#00594f")
    regular = ImageFont.truetype(FONT.replace("-Bold", ""), 34)
    draw.text((197, 110), "Borough Council", font=regular, fill="#1b1b1b")
    return _png(picture)


def _signature() -> bytes:
    picture = Image.new("RGBA", (500, 160), (255, 255, 255, 0))
    stroke = [(20 + x, 90 - 40 * math.sin(x / 23) * math.exp(-x / 400)) for x in range(0, 440, 3)]
    ImageDraw.Draw(picture).line(stroke, fill="#0b0c3c", width=5, joint="curve")
    return _png(picture)


@pytest.fixture
def certificate_world(home_page, demo_council, live_server, settings):
    """The demo catalogue and frameworks, and the council's certificate design as an editor
    would set it: logo, colours, wording, signatory and signature."""
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    from badges.frameworks.loader import load_shipped_frameworks
    from courses.demo import seed_demo_courses
    from lms.certificates.models import CertificateDesign

    # The QR code must lead to this test's server, as it leads to the real site in use.
    settings.SITE_URL = live_server.url
    load_shipped_frameworks()
    seed_demo_courses(council=demo_council)
    if Collection.get_first_root_node() is None:  # the emptied database lost it
        Collection.add_root(name="Root")
    image = get_image_model()
    CertificateDesign.objects.create(
        organisation=demo_council,
        logo=image.objects.create(
            title="Eastbridge logo", file=ImageFile(io.BytesIO(_logo()), name="logo.png")
        ),
        main_colour="#00594f",
        accent_colour="#00594f",
        course_wording="has successfully completed the course",
        closing_text=f"Thank you for building the digital skills that help {COUNCIL} serve "
        "its residents.",
        signatory_name=SIGNATORY,
        signatory_title="Director of People and Organisational Development",
        signature_image=image.objects.create(
            title="Signature", file=ImageFile(io.BytesIO(_signature()), name="signature.png")
        ),
    )


def main(page):
    return page.locator("#main-content")


def take_the_course(page) -> None:
    """Read both lessons and pass the quiz, from the first lesson's page."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Spotting a phishing message")
    page.get_by_role("button", name="Mark as complete and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Passwords and two-step sign-in")
    page.get_by_role("button", name="Mark as complete and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your understanding")
    page.get_by_label("Report it as phishing without clicking the link").check()
    page.get_by_label("kettle-orbit-violin").check()
    page.get_by_label("A request to change a supplier's bank details").check()
    page.get_by_label("Pressure to act within the hour").check()
    page.get_by_label("Tell the IT service desk straight away").check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("region", name="Your result")).to_contain_text("You passed")
    expect(page.get_by_role("alert")).to_contain_text(f"You have completed {COURSE}")


def download_from_my_learning(page) -> bytes:
    """The dashboard's notice, then My learning's Certificates section and its link."""
    page.get_by_role("link", name="Dashboard").click()
    notice = page.get_by_role("region", name="New certificate")
    expect(notice).to_contain_text("You have 1 new certificate.")
    page.get_by_role("link", name="My learning").click()
    expect(page.get_by_role("heading", name="Certificates")).to_be_visible()
    links = main(page).get_by_role("link", name=re.compile(r"certificate \(PDF\)$"))
    # Only the current certificate is offered: a superseded one is on My certificates.
    expect(links).to_have_count(1)
    with page.expect_download() as download_info:
        links.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    with open(download.path(), "rb") as handle:
        return handle.read()


def certificate_for(completion: CourseCompletion) -> Certificate:
    (certificate,) = Certificate.objects.filter(course_completion=completion)
    assert certificate.render_status == "rendered", certificate.render_error
    return certificate


def check_the_pdf(data: bytes, certificate: Certificate, artefact: str) -> None:
    pdf = reader(data)
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE, abs=0.5)
    assert pdf.metadata.title == f"Certificate of completion: {LEARNER}, {COURSE}"
    assert pdf.metadata.author == COUNCIL
    assert str(pdf.trailer["/Root"]["/Lang"]) == "en-GB"

    text = " ".join(pdf_text(data).split())  # long lines may wrap; words stay in order
    completed_on = timezone.localtime(certificate.course_completion.completed_at).date()
    for printed in (
        LEARNER,
        COURSE,
        f"Completed on {completed_on.day} {completed_on:%B %Y}",
        certificate.code,
        COUNCIL,
        SIGNATORY,
        "4.2 Protecting personal data and privacy \N{MIDDLE DOT} Level 3 \N{EN DASH} Intermediate",
    ):
        assert printed in text, f"{printed!r} is not in the PDF's text:\n{text}"
    png = save_page_png(data, artefact, resolution=100)
    assert png.stat().st_size > 0


def scan_qr_code(data: bytes, tmp_path) -> str:
    """Page 1 as pixels (150 dpi, about what a phone camera resolves on paper), decoded."""
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "scan")],
        check=True,
    )
    found = zxingcpp.read_barcodes(Image.open(tmp_path / "scan.png"))
    codes = [code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(codes) == 1, f"expected one QR code on the page, found {codes}"
    return codes[0]


def check_shows_nothing_private(checker) -> None:
    """The learner's name and the achievement, and nothing else about them."""
    body = main(checker).inner_text()
    for private in PRIVATE:
        assert private not in body, f"the verification page shows {private!r}"
    # Nothing leads from a public page to a certificate file or into the learner's account.
    hrefs = checker.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
    private_links = [h for h in hrefs if "/download/" in h or "/my-learning" in h]
    assert not private_links, private_links


def test_a_completed_course_gives_one_certificate_its_qr_code_checks_and_a_retake_supersedes(
    page,
    browser,
    live_server,
    axe,
    page_problems,
    certificate_world,
    demo_learner,
    mailoutbox,
    tmp_path,
):
    learner = demo_learner.user
    sign_in_with_the_form(page, live_server, learner.email)

    # The course, found from the dashboard as a learner would, taken to the end.
    main(page).get_by_role("link", name="Browse courses").click()
    main(page).get_by_role("link", name=COURSE, exact=True).click()
    page.get_by_role("button", name="Enrol and start").click()
    take_the_course(page)

    (first_completion,) = CourseCompletion.objects.filter(user=learner)
    first = certificate_for(first_completion)
    assert Certificate.objects.filter(learner=learner).count() == 1

    # Told by email, once, with the links that work.
    (email,) = [m for m in mailoutbox if m.subject == READY_SUBJECT]
    assert email.to == [learner.email]
    assert f"{live_server.url}/certificates/{first.code}/download/" in email.body
    assert f"{live_server.url}/certificates/verify/{first.code}/" in email.body

    data = download_from_my_learning(page)
    check_the_pdf(data, first, "browser-first-completion")
    first_url = scan_qr_code(data, tmp_path)
    assert first_url == f"{live_server.url}/certificates/verify/{first.code}/"

    # My certificates lists it as valid; having looked, the dashboard notice goes.
    page.get_by_role("link", name="All my certificates").click()
    row = page.get_by_role("row").filter(has_text=COURSE)
    expect(row).to_contain_text("Valid")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("region", name="New certificate")).to_have_count(0)

    # Anyone who scans it, signed in or not, is told it is valid.
    checker = watched_page_in_new_context(browser, page_problems)
    checker.goto(first_url)
    expect(checker.get_by_role("heading", level=1)).to_have_text(COURSE)
    expect(checker.locator(".govuk-panel__title")).to_have_text("Valid")
    summary = checker.locator(".govuk-summary-list")
    completed_on = timezone.localtime(first_completion.completed_at).date()
    for key, value in (
        ("Status", "Valid"),
        ("Issued to", LEARNER),
        ("Course", COURSE),
        ("Completed on", f"{completed_on.day} {completed_on:%B %Y}"),
        ("Issued by", COUNCIL),
        ("Verification code", first.code),
    ):
        expect(summary.locator(".govuk-summary-list__row").filter(has_text=key)).to_contain_text(
            value
        )
    check_shows_nothing_private(checker)
    check_at_both_widths(checker, axe, "certificates-verify-valid")

    # Taking the course again, from the course page, the way the product offers it.
    page.get_by_role("link", name="My learning").click()
    main(page).get_by_role("link", name=COURSE, exact=True).click()
    expect(page.get_by_role("heading", name="Course complete")).to_be_visible()
    page.get_by_role("button", name="Take this course again").click()
    expect(page.get_by_role("alert")).to_contain_text(f"You are taking {COURSE} again")
    take_the_course(page)

    second_completion = CourseCompletion.objects.get(user=learner, number=2)
    second = certificate_for(second_completion)
    assert Certificate.objects.filter(learner=learner).count() == 2
    first.refresh_from_db()
    assert first.superseded_by == second
    assert len([m for m in mailoutbox if m.subject == READY_SUBJECT]) == 2

    data = download_from_my_learning(page)
    check_the_pdf(data, second, "browser-recompletion")
    assert first.code not in pdf_text(data)
    second_url = scan_qr_code(data, tmp_path)
    assert second_url == f"{live_server.url}/certificates/verify/{second.code}/"

    # The old paper now says superseded, and points to nothing private; the new one is valid.
    checker.goto(first_url)
    banner = checker.get_by_role("region", name="Superseded")
    expect(banner).to_contain_text("A newer certificate has replaced this one")
    expect(banner).to_contain_text("This certificate was genuine but is no longer the current")
    expect(checker.locator(".govuk-panel__title")).to_have_count(0)
    expect(checker.locator(".govuk-summary-list__row").filter(has_text="Status")).to_contain_text(
        "Superseded"
    )
    check_shows_nothing_private(checker)
    check_at_both_widths(checker, axe, "certificates-verify-superseded")

    checker.goto(second_url)
    expect(checker.locator(".govuk-panel__title")).to_have_text("Valid")
    checker.context.close()
