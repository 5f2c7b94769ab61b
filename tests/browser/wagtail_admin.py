"""Driving Wagtail's admin as an editor does: the package upload form, the page editor's
StreamField block picker, the Draftail rich text editor, chooser modals and the publish menu.

Locators follow what the editor sees (button names, labels, dialog titles); where Wagtail's
markup gives a field no unique label (every nested "Text"), they scope by the
data-contentpath attributes Wagtail puts on each field and block.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect


def open_the_upload_form(page) -> None:
    page.get_by_role("link", name="Content packages").click()
    page.get_by_role("link", name="Upload packages").click()
    expect(page.get_by_role("heading", name="Upload packages")).to_be_attached()


def upload_package(page, path: Path, *, title: str) -> None:
    """Upload one package file from the upload form and see that it is ready.

    The checks run as a Celery task once the upload is stored (eagerly in tests), so a good
    package is ready by the time the outcome is shown. The outcome page offers the form
    again ("Upload more"), so uploads follow one another there.
    """
    page.get_by_label("Package files").set_input_files(str(path))
    page.get_by_role("textbox", name="Title").fill(title)
    page.get_by_role("button", name="Upload").click()
    outcomes = page.get_by_role("region", name="What happened to each file")
    expect(outcomes).to_contain_text("1 of 1 file taken in")
    row = outcomes.get_by_role("row").filter(has_text=path.name)
    expect(row).to_contain_text("Ready")
    expect(row.get_by_role("link", name=title)).to_be_visible()


def expect_packages_ready(page, titles) -> None:
    """The Content packages listing shows each package as ready."""
    page.get_by_role("link", name="Back to packages").click()
    for title in titles:
        row = page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))
        expect(row).to_contain_text("Ready")


def stream(page, field: str):
    """The top-level StreamField of the page's `field`."""
    return page.locator(f"#{field}-root")


def insert_block(page, field: str, block_label: str | None):
    """Append a block through the "+" picker at the end of the stream; returns the block.

    A stream of one block type has no picker: "+" adds that block (`block_label` None).
    """
    root = stream(page, field)
    children = root.locator(
        ":scope > [data-streamfield-stream-container] > [data-streamfield-child]"
    )
    before = children.count()
    root.get_by_role("button", name="Insert a block").last.click()
    if block_label is not None:
        page.get_by_role("listbox").get_by_role("option", name=block_label, exact=True).click()
    expect(children).to_have_count(before + 1)
    return children.last


def child_field(block, name: str):
    """One field of a StructBlock, by its name in the block definition."""
    return block.locator(f":scope [data-contentpath='{name}']").first


def list_items(block, name: str):
    """The items of a ListBlock field of `block`."""
    container = child_field(block, name).locator("[data-streamfield-list-container]").first
    return container.locator(":scope > [data-streamfield-child]")


def add_list_item(block, name: str):
    """Add an item at the end of a ListBlock field; returns the new item."""
    items = list_items(block, name)
    before = items.count()
    container = child_field(block, name).locator("[data-streamfield-list-container]").first
    container.locator(":scope > button[data-streamfield-list-add]").last.click()
    expect(items).to_have_count(before + 1)
    return items.last


def type_rich_text(page, block, lines: list[str]) -> None:
    """Type into a Draftail editor with the keyboard; a line starting "- " becomes a list
    item through Draftail's own markdown shortcut."""
    editor = block.get_by_role("textbox")
    editor.click()
    for number, line in enumerate(lines):
        if number:
            page.keyboard.press("Enter")
        page.keyboard.type(line)
    # Draftail writes its state to the form's hidden input a moment after the last key,
    # not on submit: a save straight away would send an empty field.
    stored = block.locator("input[type=hidden][name$='-value']")
    expect(stored).to_have_value(re.compile(re.escape(lines[-1].removeprefix("- "))))


def choose_in_modal(page, block, *, button: str, title: str) -> None:
    """Open a chooser from `block`, pick `title` from the modal's listing and check it shows."""
    block.get_by_role("button", name=button).click()
    modal = page.get_by_role("dialog")
    expect(modal.get_by_role("heading", name=button)).to_be_visible()
    modal.get_by_role("link", name=re.compile(rf"^{re.escape(title)}(\s|$)")).click()
    expect(modal).to_be_hidden()
    expect(block.locator("[data-chooser-title]").first).to_have_text(re.compile(re.escape(title)))


def save_draft(page) -> None:
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status").filter(has_text="created")).to_be_visible()


def opening_an_edit_view(page):
    """`with opening_an_edit_view(page): ...` waits for the edit view's first session ping.

    An edit view pings Wagtail's editing-session endpoint as it opens, which writes to the
    database. Acting before the ping is answered would put two writes on the live server's
    SQLite test database at once, which it refuses ("database table is locked").
    """
    return page.expect_request_finished(lambda request: "/editing-sessions/ping/" in request.url)


def publish(page) -> None:
    """Publish from the editor's action menu, where Wagtail keeps it behind "Save draft"."""
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
