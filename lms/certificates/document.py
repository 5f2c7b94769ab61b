"""A certificate's HTML: the design, the snapshot, the QR code and the images it needs.

Everything the template shows is decided here, so the template stays presentation only
and the rendering module only turns HTML into PDF.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.template import TemplateSyntaxError
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse

from lms.certificates.errors import CertificateError
from lms.certificates.qr import qr_png

TEMPLATE = "certificates/pdf/certificate.html"
STYLESHEET = "certificates/pdf/certificate.css"
# Longer text gets smaller type, so that any name or title fits the one page.
NAME_SIZES = ((28, "xl"), (44, "l"), (80, "m"), (160, "s"))
TITLE_SIZES = ((50, "l"), (90, "m"), (160, "s"))
MAX_COMPETENCES = 5
LOGO_SPEC = "max-600x240|format-png"
SIGNATURE_SPEC = "max-500x160|format-png"


@dataclass
class PrintedCertificate:
    """What a certificate prints; a saved Certificate or sample data for a preview."""

    kind: str
    code: str
    learner_name: str
    achievement_title: str
    completed_on: datetime.date
    issuer_name: str
    competences: list
    level: str = ""
    expires_on: datetime.date | None = None


def verification_url(code: str) -> str:
    return settings.SITE_URL + reverse("certificates:verify", args=[code])


def _size(text: str, sizes) -> str:
    for limit, label in sizes:
        if len(text) <= limit:
            return label
    return "xs"


def _competence_lines(printed: PrintedCertificate) -> list[str]:
    lines = []
    if printed.level:
        lines.append(("Course level: " if printed.kind == "course" else "") + printed.level)
    for competence in printed.competences[:MAX_COMPETENCES]:
        parts = [" ".join(p for p in (competence.get("code"), competence.get("title")) if p)]
        if competence.get("level"):
            parts.append(competence["level"])
        lines.append(" · ".join(parts))
    more = len(printed.competences) - MAX_COMPETENCES
    if more > 0:
        lines.append(f"and {more} more competence{'s' if more > 1 else ''}")
    return lines


def direction(text: str) -> str:
    """ "rtl" if the first letter with a direction is Arabic, Hebrew..., else "ltr"."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


# A council's logo and signature are the same on all its certificates: each process reads
# their PNG renditions once, rather than looking them up and reading them from storage
# (S3, in production) for every certificate. The key changes whenever the image does: a
# new upload is a new file (name, size, hash); another image is another pk.
_renditions: dict[tuple, bytes] = {}
MAX_CACHED_RENDITIONS = 32


def _image_bytes(image, spec: str, what: str) -> bytes:
    """A small PNG rendition of a Wagtail image; a missing file is an error to fix."""
    key = (image.pk, image.file.name, image.file_size, image.file_hash, image.created_at, spec)
    cached = _renditions.get(key)
    if cached is not None:
        return cached
    try:
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as handle:
            data = handle.read()
    except Exception as exc:  # Wagtail raises several types for a lost or unreadable file
        raise CertificateError(
            f"The {what} image “{image.title}” of the certificate design cannot be read "
            f"({type(exc).__name__}: {exc}). Upload it again in the certificate design, "
            "then render the certificate again."
        ) from exc
    if len(_renditions) >= MAX_CACHED_RENDITIONS:  # old designs in a long-lived worker
        _renditions.clear()
    _renditions[key] = data
    return data


def build_html(*, printed: PrintedCertificate, design) -> tuple[str, dict, str]:
    """The certificate's HTML, the assets it refers to (asset:<name>) and its stylesheet."""
    url = verification_url(printed.code)
    assets = {"qr": (qr_png(url), "image/png")}
    if design.logo_id:
        assets["logo"] = (_image_bytes(design.logo, LOGO_SPEC, "logo"), "image/png")
    if design.signature_image_id:
        assets["signature"] = (
            _image_bytes(design.signature_image, SIGNATURE_SPEC, "signature"),
            "image/png",
        )
    context = {
        "printed": printed,
        "design": design,
        "heading": design.heading_for(printed.kind),
        "wording": design.wording_for(printed.kind),
        "name_size": _size(printed.learner_name, NAME_SIZES),
        "title_size": _size(printed.achievement_title, TITLE_SIZES),
        "name_direction": direction(printed.learner_name),
        "title_direction": direction(printed.achievement_title),
        # One element with line breaks (white-space: pre-line) rather than one per line.
        "competences_text": "\n".join(_competence_lines(printed)),
        "verification_url": url,
        "has_logo": "logo" in assets,
        "has_signature": "signature" in assets,
        "language": design.language or "en-GB",
    }
    try:
        html = render_to_string(TEMPLATE, context)
        stylesheet = render_to_string(STYLESHEET)
    except (TemplateSyntaxError, TemplateDoesNotExist) as exc:
        raise CertificateError(
            f"The certificate template cannot be used: {exc}. Fix the template, then render "
            "the certificate again."
        ) from exc
    return html, assets, stylesheet


def render_pdf(*, printed: PrintedCertificate, design) -> bytes:
    from lms.certificates.rendering import pdf_from_html

    html, assets, stylesheet = build_html(printed=printed, design=design)
    return pdf_from_html(html, assets=assets, stylesheet=stylesheet)


def sample(design) -> PrintedCertificate:
    """Sample data for the design preview: a long Welsh name and a typical course."""
    from django.utils import timezone

    return PrintedCertificate(
        kind="course",
        code="SAMP-LE00-0000",
        learner_name="Siân Llewelyn-Wŷn",
        achievement_title="Staying safe online: protecting devices and personal data",
        completed_on=timezone.localdate(),
        issuer_name=design.organisation.name if design.organisation_id else "Your council",
        competences=[
            {
                "code": "4.1",
                "title": "Protecting devices",
                "level": "Level 3 \N{EN DASH} Intermediate",
            },
            {
                "code": "4.2",
                "title": "Protecting personal data and privacy",
                "level": "Level 3 \N{EN DASH} Intermediate",
            },
        ],
        level="Foundation",
    )
