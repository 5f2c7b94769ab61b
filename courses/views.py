"""Actions a learner takes on a course: enrol, leave, take it again, finish a reading lesson,
answer a quiz.

All are POST-only and act on the signed-in learner's own enrolment.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from courses import services
from courses.access import RedirectToLogin, require_visible_course
from courses.models import CoursePage, LessonPage
from courses.progress import QUIZ_RESULT_SESSION_KEY, course_outline
from lms.people.permissions import signed_in_required
from lms.records import selectors as record_selectors
from lms.records import services as records


def _visible_course(request, course_id: int) -> CoursePage:
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    require_visible_course(request, course)
    return course


def _own_enrolment(request, course):
    enrolment = record_selectors.enrolment_for(request.user, course)
    if enrolment is None:
        raise Http404("You are not enrolled on this course.")
    return enrolment


def _active_enrolment(request, course):
    enrolment = record_selectors.enrolment_for(request.user, course)
    if enrolment is None or not enrolment.is_active:
        raise PermissionDenied("Enrol on the course first.")
    return enrolment


@require_POST
@signed_in_required
def enrol(request, course_id: int):
    try:
        course = _visible_course(request, course_id)
    except RedirectToLogin as redirect_response:
        return redirect_response.response
    try:
        records.enrol(user=request.user, course=course)
    except PermissionDenied:
        messages.error(request, "This course is not open to you.")
        return redirect(course.url)
    first = course_outline(request, course).continue_lesson
    messages.success(request, f"You are enrolled on {course.title}.")
    return redirect(first.url if first else course.url)


@require_GET
@signed_in_required
def continue_course(request, course_id: int):
    """Where the learner carries on: the same rule everywhere a Continue link appears."""
    course = _visible_course(request, course_id)
    lesson = course_outline(request, course).continue_lesson
    return redirect(lesson.url if lesson else course.url)


@require_POST
@signed_in_required
def withdraw(request, course_id: int):
    course = _visible_course(request, course_id)
    enrolment = _own_enrolment(request, course)
    records.withdraw(enrolment=enrolment)
    messages.success(
        request, f"You have left {course.title}. Your progress is kept if you come back."
    )
    return redirect(course.url)


@require_POST
@signed_in_required
def take_again(request, course_id: int):
    course = _visible_course(request, course_id)
    enrolment = _own_enrolment(request, course)
    try:
        enrolment = services.take_again(enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(course.url)
    # Quiz results wait in the session for the page that shows them; the last run's
    # would otherwise greet the learner on the quiz they are about to take again.
    prefix = QUIZ_RESULT_SESSION_KEY.format(enrolment=enrolment.pk, activity="")
    # A session has keys() but cannot be iterated itself.
    for key in [key for key in request.session.keys() if key.startswith(prefix)]:  # noqa: SIM118
        del request.session[key]
    first = course_outline(request, course, enrolment=enrolment).continue_lesson
    messages.success(request, f"You are taking {course.title} again, from the first lesson.")
    return redirect(first.url if first else course.url)


def _lesson(request, lesson_id: int) -> LessonPage:
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    require_visible_course(request, lesson.course)
    return lesson


@require_POST
@signed_in_required
def complete_lesson(request, lesson_id: int):
    lesson = _lesson(request, lesson_id)
    enrolment = _active_enrolment(request, lesson.course)
    try:
        records.complete_reading_lesson(enrolment=enrolment, lesson=lesson)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(lesson.url)
    _, following = course_outline(request, lesson.course, enrolment=enrolment).neighbours(lesson)
    enrolment.refresh_from_db()
    if enrolment.status == enrolment.Status.COMPLETED:
        messages.success(request, f"You have completed {lesson.course.title}.")
        return redirect(lesson.course.url)
    return redirect(following.url if following else lesson.course.url)


@require_POST
@signed_in_required
def submit_quiz(request, lesson_id: int, activity_key: str):
    lesson = _lesson(request, lesson_id)
    enrolment = _active_enrolment(request, lesson.course)
    anchor = f"#activity-{activity_key}"
    try:
        result = services.submit_quiz(
            enrolment=enrolment, lesson=lesson, activity_key=activity_key, data=request.POST
        )
    except ValidationError as error:
        # No anchor: the error banner sits at the top of the page, where the learner lands.
        messages.error(request, " ".join(error.messages))
        return redirect(lesson.url)
    # Post/redirect/get: the outcome waits in the session so a reload cannot resubmit.
    request.session[
        QUIZ_RESULT_SESSION_KEY.format(enrolment=enrolment.pk, activity=activity_key)
    ] = {
        "percent": result.percent,
        "pass_percent": int(result.pass_mark * 100),
        "passed": result.passed,
        "correct": result.correct_count,
        "total": len(result.outcomes),
        "outcomes": [
            {"text": o.text, "correct": o.correct, "feedback": list(o.feedback)}
            for o in result.outcomes
        ],
    }
    enrolment.refresh_from_db(fields=["status"])
    if enrolment.status == enrolment.Status.COMPLETED:
        messages.success(request, f"You have completed {lesson.course.title}.")
    return redirect(lesson.url + anchor)
