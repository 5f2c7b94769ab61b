"""The demo journey in a real browser: home page, sign-in, dashboard, under the real CSP."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, PHONE

pytestmark = pytest.mark.browser


def menu_link(page, name: str):
    """A link in the service navigation (the footer repeats some of them)."""
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=name)


def sign_in(page, live_server, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_home_page_shows_the_council_and_is_accessible(page, live_server, home_page, axe):
    page.goto(f"{live_server.url}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Eastbridge Borough Council")
    expect(menu_link(page, "Sign in")).to_be_visible()
    axe(page, "home")


def test_sign_in_page_is_accessible(page, live_server, home_page, axe):
    page.goto(f"{live_server.url}/accounts/login/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    axe(page, "sign-in")


def test_sign_in_mistakes_are_summarised_and_accessible(page, live_server, demo_learner, axe):
    sign_in(page, live_server, demo_learner.user.email, password="not-the-password")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    axe(page, "sign-in-error")


def test_learner_signs_in_and_sees_their_dashboard(page, live_server, demo_learner, axe):
    sign_in(page, live_server, "leah.fernandes@eastbridge.gov.uk")

    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Leah Fernandes")
    expect(page.get_by_text("No courses yet")).to_be_visible()
    expect(page.get_by_text("Customer services adviser")).to_be_visible()
    expect(page.get_by_text("Marcus Adeyemi")).to_be_visible()
    expect(page.get_by_text("do not have a council computer or phone")).to_be_visible()
    axe(page, "dashboard")

    page.get_by_role("button", name="Sign out").click()
    expect(menu_link(page, "Sign in")).to_be_visible()


def test_branding_and_scripts_work_under_the_csp_on_a_phone(
    page, live_server, home_page, page_problems
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")

    # The council's colour arrives in a nonce'd <style>; the default is a different blue.
    header = page.locator(".lms-header")
    expect(header).to_have_css("background-color", "rgb(0, 89, 79)")
    # GOV.UK Frontend's module ran: the body is marked and the menu collapses on a phone.
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu_link(page, "Sign in")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(menu_link(page, "Sign in")).to_be_visible()
    page_problems.assert_none()


@pytest.mark.parametrize(
    ("path", "heading", "other_signup"),
    [
        ("/accounts/signup/", "Create a staff account", "Create a public account"),
        ("/accounts/signup/public/", "Create a public account", "Create a staff account"),
    ],
)
def test_sign_up_pages_point_to_each_other_and_show_errors_accessibly(
    page, live_server, home_page, axe, path, heading, other_signup
):
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#main-content").get_by_role("link", name=other_signup)).to_be_visible()

    page.get_by_role("button", name="Create account").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    # Each summary item links to its field, and the field carries the same message.
    expect(summary.get_by_role("link", name="Enter first name")).to_have_attribute(
        "href", "#id_first_name"
    )
    expect(page.locator("#id_first_name-error")).to_contain_text("Enter first name")
    expect(page.locator("#id_first_name")).to_have_attribute(
        "aria-describedby", "id_first_name-error"
    )
    axe(page, f"sign-up-errors{path.rstrip('/').replace('/', '-')}")


def test_password_reset_page_is_accessible(page, live_server, home_page, axe):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    axe(page, "password-reset")


def test_not_found_page_uses_the_site_layout(page, live_server, home_page, axe):
    response = page.goto(f"{live_server.url}/no-such-page/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator(".lms-header")).to_contain_text("Eastbridge Borough Council")
    axe(page, "not-found")
