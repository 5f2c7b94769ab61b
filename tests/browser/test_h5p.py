"""The real H5P TrueFalse package, played in chromium under the site's and the player's CSPs.

"Is this false?" is the package's question, so False is the right answer.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from playwright.sync_api import expect

from courses.factories import course_with_lessons, text_block
from courses.packages.intake import receive_package
from lms.records import services as records
from lms.records.models import (
    ActivityProgress,
    CourseCompletion,
    Enrolment,
    LearningEvent,
    ProgressStatus,
)
from tests.courses import conftest as course_fixtures

pytestmark = pytest.mark.browser

# The real TrueFalse package, from the course tests' fixtures (fetched from npm once).
third_party_dir = course_fixtures.third_party_dir
truefalse_workspace = course_fixtures.truefalse_workspace
truefalse_h5p = course_fixtures.truefalse_h5p

PLAYER_URL = re.compile(r"/h5p/play/")


@pytest.fixture
def h5p_course(truefalse_h5p, home_page, demo_learner):
    package = receive_package(
        upload=ContentFile(truefalse_h5p.read_bytes(), name="truefalse.h5p"),
        filename="truefalse.h5p",
        title="Is this false?",
    )
    package.refresh_from_db()
    assert package.status == "ready", package.error
    course = course_with_lessons(
        title="Spotting scams",
        lessons=[
            [text_block("Answer the question."), ("h5p", {"package": package, "pass_mark": 80})]
        ],
    )
    records.enrol(user=demo_learner.user, course=course)
    return course


def sign_in(page, live_server, user) -> None:
    """A session made on the server and handed to the browser: sign-in has its own tests."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def open_lesson(page, live_server, course, user):
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}{course.lessons()[0].url}")
    content = page.frame_locator("iframe.lms-h5p__frame")
    expect(content.get_by_role("radio", name="False")).to_be_visible()
    return content


def test_learner_plays_the_truefalse_package_to_completion(
    page, live_server, h5p_course, demo_learner, page_problems, axe
):
    content = open_lesson(page, live_server, h5p_course, demo_learner.user)

    content.get_by_role("radio", name="False").click()
    content.get_by_role("button", name="Check").click()

    expect(page.get_by_role("status")).to_have_text(re.compile("you passed this activity"))
    expect(page.get_by_role("status")).to_contain_text("You have completed the course.")
    page.reload()
    expect(page.get_by_role("main").get_by_text("Passed").first).to_be_visible()
    axe(page, "lesson-h5p")

    enrolment = Enrolment.objects.get(user=demo_learner.user, course=h5p_course)
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert CourseCompletion.objects.filter(enrolment=enrolment).count() == 1
    activity = ActivityProgress.objects.get(enrolment=enrolment)
    assert (activity.status, activity.score) == (ProgressStatus.PASSED, 1)
    event = LearningEvent.objects.get(enrolment=enrolment, source="h5p", verb="passed")
    assert event.user_id == demo_learner.user.pk
    assert event.result["verb"] == "answered"
    page_problems.assert_none()


def test_h5p_code_cannot_read_the_session(page, live_server, h5p_course, demo_learner):
    open_lesson(page, live_server, h5p_course, demo_learner.user)
    frame = page.locator("iframe.lms-h5p__frame")
    assert frame.get_attribute("sandbox") == "allow-scripts"
    player = page.frame(url=PLAYER_URL)

    # An opaque origin: no cookies, no way into the lesson page, no credentialed reads.
    cookie = player.evaluate("() => { try { return document.cookie } catch (e) { return e.name } }")
    assert cookie == "SecurityError"
    parent = player.evaluate(
        "() => { try { return parent.document.title } catch (e) { return e.name } }"
    )
    assert parent == "SecurityError"
    dashboard = player.evaluate(
        "() => fetch('/dashboard/', {credentials: 'include'})"
        ".then(r => r.text()).catch(e => e.name)"
    )
    assert dashboard == "TypeError"
    assert player.evaluate("() => origin") == "null"


def test_an_unchecked_answer_is_still_there_when_the_learner_comes_back(
    page, live_server, h5p_course, demo_learner
):
    content = open_lesson(page, live_server, h5p_course, demo_learner.user)

    with page.expect_response(re.compile(r"/h5p/[^/]+/state/$")) as saved:
        content.get_by_role("radio", name="True").click()
    assert saved.value.status == 204
    page.reload()

    content = page.frame_locator("iframe.lms-h5p__frame")
    expect(content.get_by_role("radio", name="True")).to_have_attribute("aria-checked", "true")
    expect(content.get_by_role("radio", name="False")).to_have_attribute("aria-checked", "false")
    activity = ActivityProgress.objects.get(enrolment__user=demo_learner.user)
    assert activity.status == ProgressStatus.IN_PROGRESS
