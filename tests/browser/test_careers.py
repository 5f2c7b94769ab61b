"""Issue 6 in chromium: a newcomer without a staff email goes from the home page to a role,
signs up, finishes a public taster, holds a verifiable badge and downloads it; every
careers page type passes axe at desktop and phone widths.

The content is the demo's (cms.careers.demo.seed_careers) under the demo home page.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from openbadgeslib.ob3 import OB3Verifier
from playwright.sync_api import expect

from badges.models import BadgeAward
from badges.openbadges.verify import Status, verify_credential
from cms.careers.demo import seed_careers
from cms.careers.models import InterestSubmission
from tests.browser.conftest import DESKTOP, PASSWORD, PHONE

pytestmark = pytest.mark.browser

NEWCOMER = "nia.newcomer@example.com"
ROLE = "Data analyst"
TASTER = "Working with council data: a taster"
BADGE = "Council data explorer"


@pytest.fixture
def careers_site(home_page):
    seed_careers(home_page=home_page)
    return home_page


def main(page):
    return page.locator("#main-content")


def confirmation_link() -> str:
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    links = re.findall(r"https?://\S+", mail.outbox[0].body)
    return next(link for link in links if "/accounts/confirm-email/" in link)


def check_at_both_widths(page, axe, name: str) -> None:
    page.set_viewport_size(PHONE)
    axe(page, f"careers-{name}-phone")
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
            .filter(e => !e.closest('.lms-table-scroll'))
            .map(e => e.tagName + '.' + e.className)
            .slice(0, 8)"""
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways on a phone: {widths} {wide}"
    page.set_viewport_size(DESKTOP)
    axe(page, f"careers-{name}-desktop")


def test_a_newcomer_finds_a_role_signs_up_takes_a_taster_and_downloads_the_badge(
    page, live_server, careers_site, axe
):
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Careers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Digital careers in councils")
    main(page).get_by_role("link", name=ROLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROLE)
    expect(main(page)).to_contain_text("£32,000 to £42,000 a year")
    expect(main(page).get_by_role("rowheader", name=re.compile("Managing data"))).to_be_visible()

    # Sign up with a personal address; the confirmation email signs them in.
    main(page).get_by_role("link", name="Create a free account to save this role").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create a public account")
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill("Newcomer")
    page.get_by_label("Email").fill(NEWCOMER)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    page.goto(confirmation_link())
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("navigation", name="Menu")).to_contain_text("Sign out")

    # Confirming brings them back to the role, which now offers saving; the taster is
    # linked from its badges.
    expect(page.get_by_role("heading", level=1)).to_have_text(ROLE)
    main(page).get_by_role("button", name="Save this role").click()
    expect(page.locator(".govuk-notification-banner").filter(has_text="Saved")).to_be_visible()
    main(page).get_by_role("link", name=TASTER).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TASTER)
    main(page).get_by_role("button", name="Enrol and start").click()
    for _ in range(2):
        main(page).get_by_role("button", name="Mark as complete and continue").click()
    expect(main(page)).to_contain_text("Course complete")

    # The engine awarded the sector badge; the wallet offers the baked credential.
    award = BadgeAward.objects.get(recipient__email=NEWCOMER)
    assert award.badge_class.name == BADGE and award.organisation is None
    page.goto(f"{live_server.url}/badges/")
    with page.expect_download() as download:
        # (Only the new badge is held, so its one download link is the one.)
        main(page).get_by_role("link", name="Download badge image (PNG)").click()
    baked = download.value.path().read_bytes()
    assert baked.startswith(b"\x89PNG")
    token = OB3Verifier.extract_token_from_png(baked)
    assert verify_credential(token_or_json=token).status == Status.VALID
    main(page).get_by_role("link", name="Check this badge is genuine").click()
    expect(main(page)).to_contain_text(BADGE)

    # The self-check now counts the badge against the role it was saved for.
    page.goto(f"{live_server.url}/my-careers/")
    expect(main(page).get_by_role("link", name=ROLE, exact=True)).to_be_visible()
    main(page).get_by_role("link", name=re.compile(rf"Check your skills\s+against {ROLE}")).click()
    # The badge shows level 3 of "Managing data"; the role asks for 6, so a gap remains.
    expect(main(page)).to_contain_text("Your badges show 0 of the 5 skills")
    managing_data = (
        main(page)
        .locator(".govuk-summary-card")
        .filter(has=page.get_by_role("heading", name=re.compile("Managing data")))
    )
    expect(managing_data).to_contain_text("Level 6 (Advanced)")
    expect(managing_data).to_contain_text(f"Level 3, from “{BADGE}”")
    expect(managing_data).to_contain_text("Gap")
    check_at_both_widths(page, axe, "self-check")
    page.goto(f"{live_server.url}/my-careers/")
    check_at_both_widths(page, axe, "my-careers")


def test_every_careers_page_type_is_accessible_at_both_widths(page, live_server, careers_site, axe):
    pages = {
        "index": "/careers/",
        "pathway": "/careers/national-graduate-development-programme/",
        "role-profile": "/careers/data-analyst/",
        "story": "/careers/amara-history-graduate-to-user-researcher/",
        "register-interest": "/register-interest/",
    }
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        # Second load: served from the anonymous cache, whose nonce must still work.
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check_at_both_widths(page, axe, name)


def test_registering_interest_shows_its_errors_accessibly_then_thanks(
    page, live_server, careers_site, axe
):
    page.goto(f"{live_server.url}/careers/data-analyst/")
    main(page).get_by_role("link", name="Register your interest").click()
    expect(page.get_by_label("Role you are interested in")).to_have_value(re.compile(r"^\d+$"))
    expect(main(page)).to_contain_text("We keep what you send for 12 months")
    page.get_by_label("Your name").fill("Nia Newcomer")
    page.get_by_label("Email address", exact=True).fill(NEWCOMER)
    page.get_by_role("button", name="Send").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Tick the box to agree")).to_be_visible()
    check_at_both_widths(page, axe, "register-interest-errors")
    assert not InterestSubmission.objects.exists()

    page.get_by_label(re.compile("Eastbridge Borough Council may keep my name")).check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    submission = InterestSubmission.objects.get()
    assert submission.organisation.name == "Eastbridge Borough Council"
    assert submission.role_title == ROLE
    check_at_both_widths(page, axe, "interest-thanks")
