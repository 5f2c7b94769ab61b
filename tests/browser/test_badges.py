"""Badges in chromium: a learner's wallet and competency profile, evidence sent for a
sign-off, the manager's decision, the badge it earns, and the team matrix.

Each page is checked with axe at desktop and phone widths, and must not scroll sideways
on a phone (wide tables scroll inside their own box).
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.browser.conftest import check_at_both_widths

pytestmark = pytest.mark.browser

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CHAMPION = "Personal data champion"
STARTER = "Safe online starter"


def sign_in(page, live_server, user) -> None:
    """A session made on the server and handed to the browser: sign-in has its own tests."""
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def main(page):
    return page.locator("#main-content")


@pytest.fixture
def badge_world(home_page, demo_council, demo_learner):
    """Targets for Leah's role, a course that closes a gap, a badge she holds and one that
    needs her manager's sign-off."""
    from badges.engine.awarding import award_badge
    from badges.frameworks.loader import load_shipped_frameworks
    from badges.models import BadgeAlignment, BadgeClass, Criterion, RoleRequirement
    from courses.factories import course_with_lessons
    from courses.models.pages import CourseCompetence

    digcomp = {f.code: f for f in load_shipped_frameworks()}["digcomp"]
    item = digcomp.items.get(code="4.2")
    level_4 = digcomp.levels.get(rank=4)
    RoleRequirement.objects.create(
        job_role=demo_learner.job_role, item=item, target_level=level_4, due_within_days=90
    )
    RoleRequirement.objects.create(
        item=digcomp.items.get(code="4.1"), target_level=digcomp.levels.get(rank=3)
    )
    course = course_with_lessons(
        title="Handling personal data with care", owning_council=demo_council
    )
    CourseCompetence.objects.create(
        course=course, framework="digcomp", competence_id="4.2", target_level=4
    )

    starter = BadgeClass.objects.create(
        slug="safe-online-starter",
        name=STARTER,
        description="Knows the basics of staying safe online at work.",
        criteria_narrative="Awarded for prior learning.",
    )
    award_badge(badge_class=starter, recipient=demo_learner.user, method="manual")

    champion = BadgeClass.objects.create(
        organisation=demo_council,
        slug="personal-data-champion",
        name=CHAMPION,
        description="Handles residents' personal data safely and helps colleagues do the same.",
        criteria_narrative="Show your manager a piece of work where you protected personal data.",
    )
    BadgeAlignment.objects.create(badge_class=champion, item=item, level=level_4)
    Criterion.objects.create(
        badge_class=champion,
        kind=Criterion.Kind.SIGN_OFF,
        signer=Criterion.Signer.MANAGER,
        instructions="For example a subject access request you answered, with names removed.",
    )
    return champion


def test_learner_sends_evidence_and_the_manager_signs_it_off(
    page, live_server, axe, badge_world, demo_learner
):
    base = live_server.url
    sign_in(page, live_server, demo_learner.user)

    # The wallet: the badge already held, and the one to work towards.
    page.goto(f"{base}/badges/")
    expect(page.get_by_role("heading", name="Your badges", level=1)).to_be_visible()
    expect(main(page).get_by_role("heading", name=STARTER)).to_be_visible()
    expect(page.get_by_role("link", name="Badges", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    check_at_both_widths(page, axe, "badges-wallet")

    # The competency profile: a gap on 4.2 and the course that closes it.
    page.get_by_role("link", name="My competencies").click()
    expect(page.get_by_role("heading", name="Your competencies")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="4.2 Protecting personal data")
    expect(row).to_contain_text("Gap")
    expect(row.get_by_role("link", name="Handling personal data with care")).to_be_visible()
    check_at_both_widths(page, axe, "badges-profile")

    # Rate herself on 4.1 with the confidence wording.
    page.get_by_role("row").filter(has_text="4.1").get_by_role(
        "link", name=re.compile("Rate yourself")
    ).click()
    page.get_by_label(re.compile("Intermediate 3: I can do this on my own")).check()
    page.get_by_role("button", name="Save my rating").click()
    expect(page.get_by_role("alert")).to_contain_text("rated yourself at level 3")

    # A file that is not what it claims is refused with a clear message; then real evidence.
    page.goto(f"{base}/badges/")
    page.get_by_role("link", name=CHAMPION).click()
    expect(page.get_by_text("No evidence sent yet")).to_be_visible()
    axe(page, "badges-detail-desktop")
    page.get_by_role("link", name=re.compile("Send evidence")).click()
    page.get_by_label("What you did").fill("I answered a subject access request and redacted it.")
    page.get_by_label("Upload a file (optional)").set_input_files(
        files=[{"name": "sar.pdf", "mimeType": "application/pdf", "buffer": b"MZ not a pdf\x00"}]
    )
    page.get_by_role("button", name="Send evidence").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a PDF, PNG")
    axe(page, "badges-evidence-error-desktop")
    page.get_by_label("Upload a file (optional)").set_input_files(
        files=[{"name": "sar.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="Send evidence").click()
    expect(page.get_by_role("alert")).to_contain_text("Evidence sent")
    expect(page.get_by_text("Evidence sent, waiting for sign-off")).to_be_visible()

    # The manager's queue: the evidence and the self-assessment.
    sign_in(page, live_server, demo_learner.manager.user)
    page.goto(f"{base}/dashboard/")
    page.get_by_role("link", name="Sign-off").click()
    expect(page.get_by_role("heading", name="Sign-off", level=1)).to_be_visible()
    expect(page.get_by_text("Leah Fernandes: 4.1")).to_be_visible()
    check_at_both_widths(page, axe, "badges-sign-off-queue")
    page.get_by_role("button", name=re.compile("^Confirm")).click()
    expect(page.get_by_role("alert")).to_contain_text("Confirmed level 3")

    page.get_by_role("link", name=re.compile("Review")).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download their file").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_label("Yes, sign it off").check()
    page.get_by_label("Your observation").fill("Checked the redactions with Leah: all correct.")
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Signed off evidence from Leah Fernandes")
    expect(page.get_by_text("No evidence is waiting for you")).to_be_visible()

    # The team matrix: Leah now meets 4.2 through the badge the sign-off earned.
    page.goto(f"{base}/badges/team/")
    leah = page.get_by_role("row").filter(has_text="Leah Fernandes")
    expect(leah).to_contain_text("Met")
    check_at_both_widths(page, axe, "badges-team-matrix")

    # Back as Leah: the badge is in her wallet.
    sign_in(page, live_server, demo_learner.user)
    page.goto(f"{base}/badges/")
    current = page.locator(".lms-badge-list").first
    expect(current.get_by_role("heading", name=CHAMPION)).to_be_visible()
