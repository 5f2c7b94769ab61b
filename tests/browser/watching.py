"""Problem watching for pages a test opens itself (a second person's context, a reopened tab).

The `page` fixture in conftest.py watches its own page; these are the same checks, for
pages it never sees.
"""

from __future__ import annotations

from tests.browser.conftest import DESKTOP, PageProblems


def watch(page, problems: PageProblems):
    """Record CSP refusals, JavaScript errors and failed static files on `page`."""

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.messages.append(f"CSP: {message.text}")

    def on_response(response):
        if "/static/" in response.url and response.status >= 400:
            problems.messages.append(f"static file {response.url} answered {response.status}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.messages.append(f"JavaScript: {error}"))
    page.on("response", on_response)
    return page


def watched_page_in_new_context(browser, problems: PageProblems):
    """A page of its own browser context (its own cookies), watched for problems."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    return watch(context.new_page(), problems)
