"""The browser harness: Playwright for Python driving Debian's chromium.

Fixtures:

- `browser`: one chromium for the session. A missing /usr/bin/chromium fails the
  tests with instructions; it never skips them, so a broken CI image is noticed.
- `page`: a fresh context and page per test, with the site's real Content Security
  Policy in force. `page_problems` records what went wrong while pages loaded
  (CSP violations, JavaScript errors, static files that failed).
- `axe(page, name)`: runs axe-core from node_modules on the current page and fails on
  any serious or critical violation, listing rule, impact and elements. It also
  saves a full-page screenshot to test-artifacts/<name>.png.
- `demo_council`, `demo_learner`, `home_page`: data like the demo's, created through
  the same services the site uses.

Tests here need `live_server`, so their data lives in a transactional database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs its own event loop in this thread, which makes Django
# refuse ORM calls from "async" code. The tests only ever call Django synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SOURCE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PASSWORD = "correct-horse-battery-staple"
FAILING_IMPACTS = ("serious", "critical")


def check_at_both_widths(page, axe, name: str) -> None:
    """axe at desktop and phone widths, and no sideways scrolling on a phone (wide tables
    scroll inside their own box); the page is left at desktop width."""
    axe(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    try:
        axe(page, f"{name}-phone")
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"{page.url} scrolls sideways on a phone: {widths}"
    finally:
        page.set_viewport_size(DESKTOP)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing, so the browser tests cannot run. Install Debian's "
            "chromium (`sudo apt-get install chromium`, or `make system-deps`); "
            "do not use `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageProblems:
    """What went wrong while pages loaded, as messages a person can act on."""

    messages: list[str] = field(default_factory=list)

    def assert_none(self) -> None:
        if self.messages:
            listed = "\n  ".join(self.messages)
            pytest.fail(f"The page had problems while loading:\n  {listed}", pytrace=False)


@pytest.fixture
def page_problems():
    return PageProblems()


@pytest.fixture
def page(browser, page_problems):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()

    def on_console(message):
        # Chromium reports CSP refusals only on the console; they mean an inline
        # style or script lost its nonce, or something reached outside 'self'.
        if message.type == "error" and "Content Security Policy" in message.text:
            page_problems.messages.append(f"CSP: {message.text}")

    def on_response(response):
        if "/static/" in response.url and response.status >= 400:
            page_problems.messages.append(
                f"static file {response.url} answered {response.status} (is `npm run build` "
                "done, and is lms/static in STATICFILES_DIRS?)"
            )

    page.on("console", on_console)
    page.on("pageerror", lambda error: page_problems.messages.append(f"JavaScript: {error}"))
    page.on("response", on_response)
    yield page
    context.close()


def _describe(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ...and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SOURCE.exists():
        pytest.fail(
            f"{AXE_SOURCE} is missing: run `npm ci` (or `make install`) first.", pytrace=False
        )
    return AXE_SOURCE.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source, page_problems):
    """`axe(page, "name")`: no serious or critical accessibility violations, and a screenshot."""

    def check(page, name: str) -> dict:
        save_screenshot(page, name)
        page_problems.assert_none()
        # Evaluated through the DevTools protocol rather than an injected <script>, so
        # the page keeps its real CSP while axe runs.
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(axe_source)
        results = page.evaluate(
            "async () => await axe.run(document, { resultTypes: ['violations'] })"
        )
        failing = [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
        assert not failing, (
            f"axe found {len(failing)} serious or critical accessibility "
            f"violation(s) on {name} ({page.url}):\n{_describe(failing)}"
        )
        return results

    return check


def save_screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def demo_council(transactional_db):
    from lms.people.models import Department, Organisation, OrganisationDomain

    council = Organisation.objects.create(
        name="Eastbridge Borough Council", slug="eastbridge", brand_colour="#00594f"
    )
    OrganisationDomain.objects.create(organisation=council, domain="eastbridge.gov.uk")
    services = Department.add_root(organisation=council, name="Resources")
    services.add_child(organisation=council, name="Contact Centre Team")
    return council


@pytest.fixture
def demo_learner(demo_council):
    """A customer services adviser with a manager and a verified email address.

    Email verification is mandatory, so without the verified EmailAddress allauth
    would send the learner to "verify your email" instead of signing them in.
    """
    from allauth.account.models import EmailAddress

    from lms.people.models import Department, JobRole, JobRoleFamily
    from lms.people.services import create_staff_member

    team = Department.objects.get(organisation=demo_council, name="Contact Centre Team")
    family = JobRoleFamily.objects.create(name="Customer services", slug="customer-services")
    adviser = JobRole.objects.create(
        family=family, name="Customer services adviser", slug="customer-services-adviser"
    )
    manager = create_staff_member(
        organisation=demo_council,
        email="marcus.adeyemi@eastbridge.gov.uk",
        first_name="Marcus",
        last_name="Adeyemi",
        department=team,
    )
    learner = create_staff_member(
        organisation=demo_council,
        email="leah.fernandes@eastbridge.gov.uk",
        first_name="Leah",
        last_name="Fernandes",
        employee_id="E00155",
        department=team,
        job_role=adviser,
        manager=manager,
        no_corporate_device=True,
        password=PASSWORD,
    )
    EmailAddress.objects.create(
        user=learner.user, email=learner.user.email, verified=True, primary=True
    )
    return learner


@pytest.fixture
def home_page(demo_council):
    """The council's home page as the site's root, whatever earlier tests left behind.

    A transactional test empties every table afterwards, including the page tree and
    locale that migrations created, so they are rebuilt here when missing.
    """
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    from cms.models import HomePage, SiteOrganisation

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title="Digital skills for council staff",
                slug="home",
                introduction="Short courses, badges and certificates for every role.",
            )
        )
    site, _ = Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Digital skills"},
    )
    SiteOrganisation.objects.update_or_create(
        site=site,
        defaults={
            "organisation": demo_council,
            "footer_text": "Run by the council's learning and development team.",
        },
    )
    return home
