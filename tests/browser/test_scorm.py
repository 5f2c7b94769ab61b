"""SCORM 1.2 and SCORM 2004 packages played to completion in chromium with scorm-again.

The packages are built at test time (tests/courses/scorm_fixtures.py): a two-SCO SCORM 1.2
course and a SCORM 2004 4th edition SCO, each page offering "Next page", "Finish and pass",
"Finish and fail" and "Save and exit", and saying what happened in a status line.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from courses.models import ScormAttempt
from lms.records.models import (
    ActivityProgress,
    CourseCompletion,
    Enrolment,
    LearningEvent,
    LessonProgress,
)
from tests.browser.learner_steps import eventually, sco_frame, sco_status
from tests.browser.learner_steps import sign_in_with_the_form as sign_in
from tests.courses.scorm_runtime.builders import scorm_course

pytestmark = pytest.mark.browser


def enrol_and_open_the_activity(page, live_server, subject) -> None:
    page.goto(f"{live_server.url}{subject.course.url}")
    page.get_by_role("button", name="Enrol and start").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(subject.lesson.title)
    page.get_by_role("button", name=re.compile(r"^Start")).click()


@pytest.fixture
def scorm12_course(home_page, demo_council):
    return scorm_course(version="1.2", council=demo_council, title="Working with shared files")


@pytest.fixture
def scorm2004_course(home_page, demo_council):
    return scorm_course(version="2004", council=demo_council, title="Staying safe online")


def test_a_two_sco_scorm_12_course_is_completed_in_the_browser(
    page, live_server, demo_learner, scorm12_course, axe, page_problems
):
    sign_in(page, live_server, demo_learner.user.email)
    enrol_and_open_the_activity(page, live_server, scorm12_course)

    expect(page.get_by_text("Part 1 of 2: Lesson 1")).to_be_visible()
    expect(sco_status(page)).to_have_text("Started.")
    expect(page.locator("#scorm-status")).to_have_text("Your progress is saved as you go.")
    axe(page, "scorm-player")

    sco_frame(page).get_by_role("button", name="Next page").click()
    expect(sco_status(page)).to_have_text("Saved page 2.")
    sco_frame(page).get_by_role("button", name="Finish and pass").click()
    expect(sco_status(page)).to_have_text("Finished: passed.")
    expect(page.locator("#scorm-status")).to_contain_text("You have finished this part")
    enrolment = Enrolment.objects.get(user=demo_learner.user)
    # One SCO of two: the activity is under way, not complete.
    activity = eventually(
        lambda: ActivityProgress.objects.filter(enrolment=enrolment).first(),
        what="the first SCO's result",
    )
    assert activity.status == "in_progress"

    page.get_by_role("link", name=re.compile(r"Next part")).click()
    expect(page.get_by_text("Part 2 of 2: Lesson 2")).to_be_visible()
    expect(sco_status(page)).to_have_text("Started.")
    sco_frame(page).get_by_role("button", name="Finish and pass").click()
    expect(sco_status(page)).to_have_text("Finished: passed.")

    eventually(
        lambda: CourseCompletion.objects.filter(enrolment=enrolment).exists(),
        what="the course completion",
    )
    page.get_by_role("link", name="Back to the lesson").click()
    expect(page.locator(".lms-activity .govuk-tag").first).to_have_text("Passed")
    expect(page.get_by_role("button", name=re.compile(r"^Open again"))).to_be_visible()

    attempts = ScormAttempt.objects.filter(enrolment=enrolment).order_by("sco_identifier")
    assert [a.state["cmi"]["cmi.core.lesson_status"] for a in attempts] == ["passed", "passed"]
    assert all(a.state["cmi"]["cmi.core.total_time"] != "0000:00:00.00" for a in attempts)
    assert LessonProgress.objects.get(enrolment=enrolment).status == "passed"
    assert CourseCompletion.objects.filter(enrolment=enrolment).count() == 1
    page_problems.assert_none()


def test_a_scorm_2004_package_is_completed_in_the_browser(
    page, live_server, demo_learner, scorm2004_course, page_problems
):
    sign_in(page, live_server, demo_learner.user.email)
    enrol_and_open_the_activity(page, live_server, scorm2004_course)

    expect(sco_status(page)).to_have_text("Started.")
    for number in (2, 3):
        sco_frame(page).get_by_role("button", name="Next page").click()
        expect(sco_status(page)).to_have_text(f"Saved page {number}.")
    sco_frame(page).get_by_role("button", name="Finish and pass").click()
    expect(sco_status(page)).to_have_text("Finished: passed.")

    enrolment = Enrolment.objects.get(user=demo_learner.user)
    eventually(
        lambda: CourseCompletion.objects.filter(enrolment=enrolment).exists(),
        what="the course completion",
    )
    attempt = ScormAttempt.objects.get(enrolment=enrolment)
    cmi = attempt.state["cmi"]
    assert cmi["cmi.success_status"] == "passed"
    assert cmi["cmi.completion_status"] == "completed"
    assert cmi["cmi.score.scaled"] == "0.9"
    assert cmi["cmi.location"] == "3"
    assert cmi["cmi.total_time"] != "PT0H0M0S"
    activity = ActivityProgress.objects.get(enrolment=enrolment)
    assert (activity.status, str(activity.score)) == ("passed", "0.9000")

    page.get_by_role("link", name="Back to the lesson").click()
    expect(page.locator(".lms-activity .govuk-tag").first).to_have_text("Passed")
    assert CourseCompletion.objects.filter(enrolment=enrolment).count() == 1
    page_problems.assert_none()


def test_save_and_exit_then_resume_where_the_learner_left_off(
    page, live_server, demo_learner, scorm2004_course, page_problems
):
    sign_in(page, live_server, demo_learner.user.email)
    enrol_and_open_the_activity(page, live_server, scorm2004_course)
    expect(sco_status(page)).to_have_text("Started.")
    sco_frame(page).get_by_role("button", name="Next page").click()
    expect(sco_status(page)).to_have_text("Saved page 2.")
    sco_frame(page).get_by_role("button", name="Save and exit").click()
    expect(sco_status(page)).to_have_text("Saved. You can resume later.")

    enrolment = Enrolment.objects.get(user=demo_learner.user)
    eventually(
        lambda: (
            ScormAttempt.objects.get(enrolment=enrolment).state["cmi"].get("cmi.exit") == "suspend"
        ),
        what="the suspend exit",
    )
    page.get_by_role("link", name="Back to the lesson").click()
    page.get_by_role("button", name=re.compile(r"^Resume")).click()

    expect(page.locator("#scorm-status")).to_have_text("Your progress is saved as you go.")
    expect(sco_status(page)).to_have_text("Welcome back: resumed at page 2.")
    expect(sco_frame(page).locator("#page")).to_have_text("Page 2 of 3")
    attempt = ScormAttempt.objects.get(enrolment=enrolment)
    assert attempt.number == 1
    assert attempt.state["cmi"]["cmi.suspend_data"] == '{"page":2}'

    sco_frame(page).get_by_role("button", name="Next page").click()
    expect(sco_status(page)).to_have_text("Saved page 3.")
    sco_frame(page).get_by_role("button", name="Finish and pass").click()
    expect(sco_status(page)).to_have_text("Finished: passed.")
    eventually(
        lambda: CourseCompletion.objects.filter(enrolment=enrolment).exists(),
        what="the course completion",
    )
    assert ScormAttempt.objects.filter(enrolment=enrolment).count() == 1
    assert CourseCompletion.objects.filter(enrolment=enrolment).count() == 1
    course_completed = LearningEvent.objects.filter(
        enrolment=enrolment, verb="completed", result__course=True
    )
    assert course_completed.count() == 1
    page_problems.assert_none()


def test_leaving_a_sco_mid_way_saves_it_by_beacon(
    page, live_server, demo_learner, scorm12_course, page_problems
):
    sign_in(page, live_server, demo_learner.user.email)
    enrol_and_open_the_activity(page, live_server, scorm12_course)
    expect(sco_status(page)).to_have_text("Started.")
    sco_frame(page).get_by_role("button", name="Next page").click()
    expect(sco_status(page)).to_have_text("Saved page 2.")

    # The SCO's own pagehide handler suspends it; its last commit leaves by sendBeacon.
    page.get_by_role("link", name="Back to the lesson").click()
    expect(page.get_by_role("button", name=re.compile(r"^Resume"))).to_be_visible()

    enrolment = Enrolment.objects.get(user=demo_learner.user)
    attempt = eventually(
        lambda: next(
            (
                attempt
                for attempt in ScormAttempt.objects.filter(enrolment=enrolment)
                if attempt.state["cmi"].get("cmi.core.exit") == "suspend"
            ),
            None,
        ),
        what="the unload beacon",
    )
    assert attempt.state["cmi"]["cmi.core.lesson_location"] == "2"

    page.get_by_role("button", name=re.compile(r"^Resume")).click()
    expect(sco_status(page)).to_have_text("Welcome back: resumed at page 2.")
    page_problems.assert_none()

    # Leaving again sends another beacon; wait for it to be stored, or it could reach
    # the live server while the test database is being emptied.
    resumed_at = ScormAttempt.objects.get(pk=attempt.pk).updated_at
    page.get_by_role("link", name="Back to the lesson").click()
    eventually(
        lambda: ScormAttempt.objects.filter(pk=attempt.pk, updated_at__gt=resumed_at).exists(),
        what="the second unload beacon",
    )
