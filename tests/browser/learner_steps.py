"""What a learner does in the browser, shared by the browser tests.

Signing in with allauth's form, moving by keyboard with a visible focus, waiting for the
server to record what arrives on its own time (beacons), and reaching into the frames the
H5P and SCORM players put content in.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD

SERVER_WAIT_SECONDS = 10


def sign_in_with_the_form(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def has_focus(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, target, *, limit: int = 80) -> None:
    """Press Tab until `target` has focus, failing if it never gets there.

    Also checks the focused element shows it (WCAG 2.4.7): GOV.UK Frontend draws focus
    with a box shadow or an outline, so one of them must be visible.
    """
    expect(target).to_be_visible()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if has_focus(target):
            break
    else:
        pytest.fail(f"Tab never reached {target}.", pytrace=False)
    style = target.evaluate(
        """element => {
            const css = getComputedStyle(element);
            return {shadow: css.boxShadow, outline: css.outlineStyle,
                    outlineColour: css.outlineColor};
        }"""
    )
    shows_outline = style["outline"] != "none" and style["outlineColour"] != "rgba(0, 0, 0, 0)"
    assert style["shadow"] != "none" or shows_outline, f"{target} has no visible focus: {style}"


def eventually(check, *, what: str):
    """The unload beacon arrives on its own time; wait for the server to have it."""
    deadline = time.monotonic() + SERVER_WAIT_SECONDS
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"The server never recorded {what}.", pytrace=False)
        time.sleep(0.1)


def h5p_content(page):
    """The H5P activity, played in a frame sandboxed away from the learner's session."""
    return page.frame_locator("iframe.lms-h5p__frame")


def sco_frame(page):
    return page.frame_locator("#scorm-frame")


def sco_status(page):
    return sco_frame(page).get_by_role("status")
