"""The compiled stylesheet keeps central government's identity out."""

from pathlib import Path

import pytest
from django.conf import settings

SITE_CSS = Path(settings.BASE_DIR) / "lms" / "static" / "lms" / "css" / "site.css"


@pytest.fixture(scope="module")
def site_css() -> str:
    if not SITE_CSS.exists():
        pytest.fail(f"{SITE_CSS} is missing: run `npm run build:css` (or `make install`).")
    return SITE_CSS.read_text(encoding="utf-8")


def test_stylesheet_never_names_the_gds_transport_font(site_css):
    assert "GDS Transport" not in site_css


def test_stylesheet_does_not_reference_the_royal_crest(site_css):
    assert "crest" not in site_css
    assert "url(" not in site_css, "GOV.UK Frontend images should not be referenced at all"
