"""The PDF itself: text a person can select, metadata, page size, scripts, long names, QR."""

from __future__ import annotations

import datetime
import re

import pytest

from lms.certificates.document import PrintedCertificate, build_html, render_pdf, verification_url
from lms.certificates.errors import CertificateError
from lms.certificates.models import CertificateDesign
from lms.certificates.qr import qr_matrix
from tests.lms.certificates.conftest import pdf_bytes, pdf_text, reader, save_page_png

A4_LANDSCAPE = (841.89, 595.28)  # points
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _printed(**overrides) -> PrintedCertificate:
    values = {
        "kind": "course",
        "code": "7KQ2-M9TD-4XHB",
        "learner_name": "Lena Learner",
        "achievement_title": "Staying safe online",
        "completed_on": datetime.date(2026, 3, 14),
        "issuer_name": "Northby City Council",
        "competences": [{"code": "4.2", "title": "Protecting personal data", "level": "Level 3"}],
        "level": "Foundation",
    }
    return PrintedCertificate(**{**values, **overrides})


def _design(council, **fields) -> CertificateDesign:
    return CertificateDesign.objects.create(organisation=council, **fields)


def _fonts(data: bytes) -> set[str]:
    names = set()
    for page in reader(data).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def _word_boxes(data: bytes) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each word on page 1 with its box (xMin, yMin, xMax, yMax), in points from the top."""
    import html
    import subprocess

    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()
    pattern = (
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        (html.unescape(word), (float(a), float(b), float(c), float(d)))
        for a, b, c, d, word in re.findall(pattern, out)
    ]


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", BIDI_MARKS.sub("", text))


@pytest.mark.django_db
def test_a_rendered_certificate_has_selectable_text_metadata_and_an_a4_landscape_page(
    completion, issue_and_render, learner
):
    certificate = issue_and_render(completion)
    assert certificate.render_status == "rendered", certificate.render_error
    data = pdf_bytes(certificate)

    text = pdf_text(data)
    assert "Lena Learner" in text
    assert "Staying safe online" in text
    assert certificate.completed_on.strftime("%-d %B %Y") in text
    assert certificate.code in text
    assert "Northby City Council" in text

    pdf = reader(data)
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE, abs=0.5)
    assert pdf.metadata.title == "Certificate of completion: Lena Learner, Staying safe online"
    assert pdf.metadata.author == "Northby City Council"
    assert str(pdf.trailer["/Root"]["/Lang"]) == "en-GB"
    # Tagged for screen readers (the accessibility regulations cover documents too).
    assert pdf.trailer["/Root"]["/MarkInfo"]["/Marked"]

    png = save_page_png(data, "course-certificate")
    assert png.stat().st_size > 5_000


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Siân Llewelyn-Wŷn", "welsh"),
        ("Łucja Żółkiewska-Grzegorczyk", "polish"),
        ("Órla Ní Fhaoláin Ó Súilleabháin", "irish"),
    ],
)
def test_latin_extended_names_print_in_the_shipped_font(council, name, label):
    data = render_pdf(printed=_printed(learner_name=name), design=_design(council))

    assert name in pdf_text(data)
    fonts = _fonts(data)
    assert any(font.startswith("Certificate-Latin") for font in fonts), fonts
    assert not any("DejaVu" in font for font in fonts), f"fell back to a system font: {fonts}"
    save_page_png(data, f"name-{label}")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "font", "label"),
    [("محمد عبد الله", "Arabic", "arabic"), ("נועה כהן-לוי", "Hebrew", "hebrew")],
)
def test_right_to_left_names_render_right_to_left_in_their_script(council, name, font, label):
    printed = _printed(learner_name=name)
    design = _design(council)
    html, _, _ = build_html(printed=printed, design=design)
    assert 'dir="rtl"' in html

    data = render_pdf(printed=printed, design=design)

    # Extraction order across a hyphen in right-to-left text is the extractor's guess, so
    # each word is looked for on its own.
    text = _plain(pdf_text(data))
    assert all(_plain(word) in text for word in re.split(r"[\s-]+", name))
    assert any(f"Certificate-{font}" in f for f in _fonts(data)), _fonts(data)
    save_page_png(data, f"name-{label}")


@pytest.mark.django_db
def test_a_very_long_name_and_title_stay_on_one_page(council):
    name = " ".join(["Bartholomew-Maximilian Featherstonehaugh-Cholmondeley"] * 5)
    title = "Information governance, records management and data protection " * 3
    printed = _printed(learner_name=name, achievement_title=title.strip())
    design = _design(council)
    html, _, _ = build_html(printed=printed, design=design)
    assert "name--xs" in html and "title--xs" in html

    data = render_pdf(printed=printed, design=design)

    assert len(reader(data).pages) == 1
    text = _plain(pdf_text(data))
    assert _plain(name) in text
    # Everything is laid out above the footer, which stays on the page: nothing overlaps
    # the verification text or is cut off at the bottom.
    words = _word_boxes(data)
    footer_top = min(box[1] for word, box in words if word == "Check")
    printed_words = set(name.split()) | set(title.split())
    middle = [box for word, box in words if word in printed_words]
    assert middle and max(box[3] for box in middle) < footer_top
    assert all(box[3] <= A4_LANDSCAPE[1] for _, box in words)
    save_page_png(data, "long-name")


@pytest.mark.django_db
def test_the_qr_code_carries_the_verification_url(council):
    printed = _printed()
    data = render_pdf(printed=printed, design=_design(council))

    images = [image.image for image in reader(data).pages[0].images]
    square = [image for image in images if image.width == image.height]
    assert len(square) == 1, "one QR code image"
    qr = square[0].convert("L")
    modules = [[qr.getpixel((x, y)) < 128 for x in range(qr.width)] for y in range(qr.height)]

    assert modules == qr_matrix(verification_url(printed.code))
    assert verification_url(printed.code).endswith(f"/certificates/verify/{printed.code}/")


@pytest.mark.django_db
def test_the_design_prints_the_council_wording_signatory_and_language(council):
    design = _design(
        council,
        course_heading="Tystysgrif cwblhau",
        course_wording="wedi cwblhau'r cwrs",
        signatory_name="Morgan Rees",
        signatory_title="Pennaeth Datblygu Sefydliadol",
        closing_text="Diolch am ddysgu gyda ni.",
        language="cy",
    )

    data = render_pdf(printed=_printed(), design=design)

    text = pdf_text(data)
    for words in ("Tystysgrif cwblhau", "wedi cwblhau'r cwrs", "Morgan Rees", "Diolch am ddysgu"):
        assert words in text
    assert str(reader(data).trailer["/Root"]["/Lang"]) == "cy"


def test_nothing_outside_the_shipped_files_can_be_fetched():
    from lms.certificates.rendering import LocalOnlyFetcher, pdf_from_html

    fetcher = LocalOnlyFetcher({"qr": (b"png", "image/png")})
    for url in (
        "http://example.com/logo.png",
        "https://example.com/font.woff2",
        "file:///etc/passwd",
        "static:lms/css/site.css",
        "static:certificates/../../lms/settings/base.py",
        "asset:unknown",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("asset:qr").read() == b"png"
    assert fetcher.fetch("static:certificates/fonts/OFL.txt").read().startswith(b"Copyright")

    with pytest.raises(CertificateError, match=r"example\.com"):
        pdf_from_html('<img src="http://example.com/tracker.png">')
