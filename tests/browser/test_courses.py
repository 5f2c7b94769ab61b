"""Taking a course in chromium: the catalogue, enrolment, lessons, quizzes and resuming.

The content is the demo catalogue (courses.demo), as a council sees it on its first day,
plus small courses from courses.factories where a test needs a known answer. Every page
a learner meets on the way is checked with axe at desktop and phone widths.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from courses.demo import seed_demo_courses
from courses.factories import course_with_lessons, quiz_block, text_block
from courses.models import CourseIndexPage, CoursePage
from lms.records import services as records
from lms.records.models import CourseCompletion, Enrolment, LessonProgress
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.learner_steps import sign_in_with_the_form, tab_to

pytestmark = pytest.mark.browser

SAFE_ONLINE = "Staying safe online at work"
PERSONAL_DATA = "Handling personal data with care"
CAREERS_TASTER = "Digital work in local government: a taster"
NARROWEST = {"width": 320, "height": 640}


@pytest.fixture
def catalogue(home_page, demo_council):
    seed_demo_courses(council=demo_council)
    return CourseIndexPage.objects.get()


def course_titled(title: str) -> CoursePage:
    return CoursePage.objects.get(title=title)


def sign_in(page, live_server, user) -> None:
    """A session made on the server and handed to the browser: sign-in has its own tests."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def main(page):
    return page.locator("#main-content")


def outline_entry(page, lesson_title: str):
    return page.locator(".lms-outline__item").filter(has_text=lesson_title)


def expect_no_sideways_scroll(page) -> None:
    """On a phone nothing may push the page wider than the screen (WCAG 1.4.10 reflow)."""
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"


# 1. Find, enrol and complete a reading lesson with the keyboard alone -------------------


def test_learner_finds_a_course_enrols_and_completes_a_lesson_by_keyboard(
    page, live_server, catalogue, demo_learner
):
    sign_in(page, live_server, demo_learner.user)
    page.goto(f"{live_server.url}/dashboard/")

    # The skip link is the first stop and takes focus past the header.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")

    tab_to(page, main(page).get_by_role("link", name="Browse courses"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Courses")
    expect(page.get_by_role("heading", name="3 courses")).to_be_visible()

    # The filters are folded away until asked for, so phones show results sooner.
    area = page.get_by_label("Competence area")
    expect(area).to_be_hidden()
    tab_to(page, page.locator("summary", has_text="Filter by area, role, level"))
    page.keyboard.press("Enter")
    # Typing an option's name picks it, as in any select.
    tab_to(page, area)
    page.keyboard.type("Safety")
    expect(area).to_have_value("4")
    tab_to(page, page.get_by_role("button", name="Show courses"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="2 courses")).to_be_visible()
    results = page.get_by_role("list", name="2 courses")
    expect(results.get_by_role("link", name=SAFE_ONLINE)).to_be_visible()
    expect(results.get_by_role("link", name=PERSONAL_DATA)).to_be_visible()
    expect(main(page).get_by_role("link", name=CAREERS_TASTER)).to_have_count(0)

    # Then narrow by search; the chosen area stays chosen.
    tab_to(page, page.get_by_label("Search courses"))
    page.keyboard.type("safe online")
    tab_to(page, page.get_by_role("button", name="Show courses"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="1 course", exact=True)).to_be_visible()
    expect(page.get_by_label("Competence area")).to_have_value("4")
    expect(page.get_by_label("Search courses")).to_have_value("safe online")

    tab_to(page, main(page).get_by_role("link", name=SAFE_ONLINE))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(SAFE_ONLINE)

    # Space presses a button just as Enter does.
    tab_to(page, page.get_by_role("button", name="Enrol and start"))
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", level=1)).to_have_text("Spotting a phishing message")
    expect(page.get_by_role("alert")).to_contain_text(f"You are enrolled on {SAFE_ONLINE}")

    tab_to(page, page.get_by_role("button", name="Mark as complete and continue"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Passwords and two-step sign-in")
    expect(outline_entry(page, "Spotting a phishing message")).to_contain_text("Completed")
    expect(outline_entry(page, "Passwords and two-step sign-in")).to_contain_text("In progress")
    expect(page.locator(".lms-progress")).to_contain_text("1 of 3 required lessons done (33%)")
    expect(page.locator("progress.lms-progress__bar")).to_have_attribute("value", "33")

    course = course_titled(SAFE_ONLINE)
    first = course.lessons()[0]
    assert LessonProgress.objects.get(lesson=first).status == "completed"


# 2. Fail a quiz, then pass it --------------------------------------------------------------


@pytest.fixture
def quiz_course(home_page, demo_council, demo_learner):
    """Two lessons: one read already, then a one-question quiz with three attempts."""
    course = course_with_lessons(
        title="Strong passwords",
        owning_council=demo_council,
        lessons=[[text_block("Long passwords are strong.")], [quiz_block(pass_mark=80)]],
    )
    enrolment = records.enrol(user=demo_learner.user, course=course)
    records.complete_reading_lesson(enrolment=enrolment, lesson=course.lessons()[0])
    return course


def answer_quiz(page, answer: str) -> None:
    page.get_by_label(answer).check()
    page.get_by_role("button", name="Submit answers").click()


def test_learner_fails_a_quiz_then_passes_it_and_the_course_completes_once(
    page, live_server, quiz_course, demo_learner, axe
):
    quiz_lesson = quiz_course.lessons()[1]
    sign_in(page, live_server, demo_learner.user)
    page.goto(f"{live_server.url}{quiz_lesson.url}")

    quiz = page.get_by_role("region", name="Check what you know")
    expect(quiz).to_contain_text("Pass mark: 80%. Attempts left: 3.")
    # A quiz lesson is finished by passing the quiz, not by saying it has been read.
    expect(page.get_by_role("button", name="Mark as complete and continue")).to_have_count(0)

    answer_quiz(page, "Password1")

    result = page.get_by_role("region", name="Your result")
    expect(result).to_contain_text("Not passed yet: 0 of 1 right (0%; the pass mark is 80%).")
    outcome = result.get_by_role("listitem").filter(has_text="Which password is strongest?")
    expect(outcome).to_have_text(re.compile(r"^\s*Not right:"))
    expect(outcome.locator(".lms-quiz-outcomes__feedback")).to_have_text("Too common.")
    expect(quiz).to_contain_text("Attempts left: 2.")
    expect(outline_entry(page, "Lesson 2")).to_contain_text("Failed")
    expect(page.locator(".lms-progress")).to_contain_text("1 of 2 required lessons done (50%)")
    assert not CourseCompletion.objects.exists()
    axe(page, "courses-quiz-failed")

    answer_quiz(page, "three random words")

    expect(result).to_contain_text("You passed: 1 of 1 right (100%; the pass mark is 80%).")
    expect(outcome).to_have_text(re.compile(r"^\s*Right:"))
    expect(outcome.locator(".lms-quiz-outcomes__feedback")).to_have_text("Yes.")
    expect(quiz).to_contain_text("You have passed this quiz (best score 100%).")
    expect(quiz.get_by_role("button", name="Submit answers")).to_have_count(0)
    expect(main(page).locator("h1 + p .govuk-tag")).to_have_text("Passed")
    expect(outline_entry(page, "Lesson 2")).to_contain_text("Passed")
    expect(page.locator(".lms-progress")).to_contain_text("2 of 2 required lessons done (100%)")
    expect(page.get_by_text("Course complete")).to_be_visible()
    axe(page, "courses-quiz-passed")

    page.goto(f"{live_server.url}{quiz_course.url}")
    expect(page.get_by_role("heading", name="Course complete")).to_be_visible()
    axe(page, "courses-course-complete")

    completions = CourseCompletion.objects.filter(user=demo_learner.user, course=quiz_course)
    assert completions.count() == 1
    assert Enrolment.objects.get(user=demo_learner.user, course=quiz_course).status == "completed"


# 3. Leave part-way through, come back, carry on -------------------------------------------


def test_learner_leaves_mid_way_and_continues_where_they_left_off(
    page, live_server, home_page, demo_council, demo_learner
):
    course = course_with_lessons(
        title="Working with shared files",
        owning_council=demo_council,
        lessons=[
            [text_block("Where files live.")],
            [text_block("Sharing.")],
            [text_block("Tidy.")],
        ],
    )
    sign_in(page, live_server, demo_learner.user)
    page.goto(f"{live_server.url}{course.url}")
    page.get_by_role("button", name="Enrol and start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1")
    page.get_by_role("button", name="Mark as complete and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 2")

    # They look back at the lesson they finished, then close the browser.
    page.get_by_role("link", name="Previous lesson").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1")
    page.context.clear_cookies()

    sign_in_with_the_form(page, live_server, demo_learner.user.email)
    dashboard_card = page.locator(".lms-course-card").filter(has_text="Working with shared files")
    dashboard_card.get_by_role("link", name="Working with shared files", exact=True).click()
    expect(page.locator(".lms-progress")).to_contain_text("1 of 3 required lessons done (33%)")
    expect(outline_entry(page, "Lesson 1")).to_contain_text("Completed")
    expect(outline_entry(page, "Lesson 2")).to_contain_text("In progress")
    expect(outline_entry(page, "Lesson 3")).to_contain_text("Not started")
    # A finished lesson is never where they carry on: the first unfinished one is.
    page.get_by_role("button", name="Continue where you left off").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 2")
    expect(page.get_by_role("button", name="Mark as complete and continue")).to_be_visible()
    expect(outline_entry(page, "Lesson 2").get_by_role("link")).to_have_attribute(
        "aria-current", "page"
    )

    # Skipping ahead and leaving again brings them back to the lesson they skipped to.
    outline_entry(page, "Lesson 3").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 3")
    page.goto(f"{live_server.url}/my-learning/")
    # My learning's Continue follows the course page's rule (where they left off).
    in_progress = page.get_by_role("link", name="Continue where you left off in")
    expect(in_progress).to_be_visible()
    in_progress.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 3")


# 4. Every page on the way passes axe, on a phone and on a desktop --------------------------


def _png(width: int, height: int) -> bytes:
    """A simple diagram, so the figure has something real to show."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (width, height), "#f3f3f3")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((40, 40, width - 40, 120), fill="#1d4f91")
    draw.rectangle((40, 160, width // 2, height - 40), fill="#00594f")
    draw.rectangle((width // 2 + 40, 160, width - 40, height - 40), fill="#ca3535")
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _document(title: str, name: str, data: bytes):
    from wagtail.documents import get_document_model

    return get_document_model().objects.create(
        title=title, file=ContentFile(data, name=name), file_size=len(data)
    )


def media_course(council) -> CoursePage:
    """A lesson with every kind of reading block: image, video, callouts, download."""
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    # Images and documents need the root collection, which the emptied database lost.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")

    image = get_image_model().objects.create(
        title="Where a link really goes",
        file=ImageFile(io.BytesIO(_png(800, 450)), name="link-diagram.png"),
    )
    video = _document("Spotting a fake invoice", "fake-invoice.mp4", b"\x00" * 64)
    captions = _document("Captions", "fake-invoice.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nHi")
    checklist = _document("Phishing checklist", "phishing-checklist.pdf", b"%PDF-1.4\n" * 300)
    # ImageBlock's value is the image itself, carrying the alt text for this use of it.
    image.contextual_alt_text = "A link's text and its real address side by side"
    image.decorative = False
    body = [
        text_block("Three ways to check a message before you act on it."),
        ("image", image),
        (
            "video",
            {
                "title": "Spotting a fake invoice",
                "video": video,
                "captions": captions,
                "transcript": RichText("<p>An invoice arrives from a supplier you know.</p>"),
            },
        ),
    ]
    for kind, heading in [
        ("tip", "Hover before you click"),
        ("important", "Never share a code"),
        ("example", ""),
    ]:
        body.append(
            (
                "callout",
                {"kind": kind, "heading": heading, "text": RichText(f"<p>A {kind}.</p>")},
            )
        )
    body.append(("download", {"document": checklist, "description": "Print it for your desk."}))
    return course_with_lessons(title="Checking messages", owning_council=council, lessons=[body])


def serve_media(page) -> None:
    """Media files come from the web server or storage in production; here, from disk."""

    def fulfil(route):
        relative = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
        route.fulfill(path=str(settings.MEDIA_ROOT / relative))

    page.route(re.compile(r"/media/"), fulfil)


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_course_pages_are_accessible_on_a_phone_and_a_desktop(
    page, live_server, catalogue, demo_council, demo_learner, axe, width
):
    page.set_viewport_size(PHONE if width == "phone" else DESKTOP)
    media = media_course(demo_council)
    serve_media(page)
    sign_in(page, live_server, demo_learner.user)

    def check(name: str) -> None:
        axe(page, f"courses-{name}-{width}")
        expect_no_sideways_scroll(page)
        if width == "phone":
            # WCAG's reflow test width: 320 CSS pixels, a 1280px screen zoomed to 400%.
            page.set_viewport_size(NARROWEST)
            expect_no_sideways_scroll(page)
            page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}{catalogue.url}")
    expect(page.get_by_role("heading", name="4 courses")).to_be_visible()
    check("catalogue")

    page.goto(f"{live_server.url}{catalogue.url}?level=intermediate")
    expect(page.get_by_role("heading", name="1 course", exact=True)).to_be_visible()
    check("catalogue-filtered")

    page.goto(f"{live_server.url}{course_titled(SAFE_ONLINE).url}")
    expect(page.get_by_role("button", name="Enrol and start")).to_be_visible()
    check("course")

    page.get_by_role("button", name="Enrol and start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spotting a phishing message")
    check("lesson-text")

    page.get_by_role("button", name="Mark as complete and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Passwords and two-step sign-in")
    page.get_by_role("link", name="Next lesson").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your understanding")
    check("lesson-quiz")

    # Every question has to be answered; these answers are wrong on purpose.
    page.get_by_label("Sign in quickly before the mailbox stops working").check()
    page.get_by_label("A message from a colleague you were expecting").check()
    page.get_by_label("P@ssw0rd").check()
    page.get_by_label("Say nothing and hope for the best").check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("region", name="Your result")).to_contain_text("Not passed yet")
    check("lesson-quiz-failed")

    page.goto(f"{live_server.url}{course_titled(SAFE_ONLINE).url}")
    expect(page.get_by_role("button", name="Continue where you left off")).to_be_visible()
    check("course-enrolled")

    page.goto(f"{live_server.url}{media.url}")
    page.get_by_role("button", name="Enrol and start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesson 1")
    expect(page.get_by_role("img", name="A link's text and its real address")).to_be_visible()
    check("lesson-media")

    # Something assigned with a due date and something finished, so every section shows.
    records.enrol(
        user=demo_learner.user,
        course=course_titled(PERSONAL_DATA),
        source=Enrolment.Source.ASSIGNED,
        due_on=datetime.date(2027, 1, 31),
    )
    taster = records.enrol(user=demo_learner.user, course=course_titled(CAREERS_TASTER))
    records.complete_reading_lesson(enrolment=taster, lesson=taster.course.lessons()[0])

    page.goto(f"{live_server.url}/my-learning/")
    expect(page.get_by_role("heading", name="Assigned to you")).to_be_visible()
    expect(page.get_by_role("heading", name="In progress")).to_be_visible()
    expect(page.get_by_role("heading", name="Completed")).to_be_visible()
    check("my-learning")

    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator(".lms-course-card")).to_have_count(3)
    check("dashboard-with-courses")
