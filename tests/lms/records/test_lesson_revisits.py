"""Opening a lesson again: the page records only the view event when the lesson has been
started, without the enrolment lock, and the full locked write otherwise."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.factories import course_with_lessons
from lms.records import services
from lms.records.models import Enrolment, LearningEvent, LessonProgress, ProgressStatus


@pytest.fixture
def course(council):
    return course_with_lessons(owning_council=council)


@pytest.fixture
def enrolment(learner, course):
    return services.enrol(user=learner, course=course)


def _views(enrolment) -> list[int]:
    return list(
        LearningEvent.objects.filter(enrolment=enrolment, verb=LearningEvent.Verb.VIEWED)
        .order_by("pk")
        .values_list("lesson_id", flat=True)
    )


def test_a_revisit_of_the_last_lesson_writes_the_event_alone(enrolment, course):
    first = course.lessons()[0]
    services.record_lesson_view(enrolment=enrolment, lesson=first)
    enrolment.refresh_from_db()
    progress = LessonProgress.objects.get(enrolment=enrolment, lesson=first)
    with CaptureQueriesContext(connection) as captured:
        services.record_lesson_revisit(enrolment=enrolment, lesson=first)
    assert [q["sql"].split()[0] for q in captured] == ["INSERT"]
    assert _views(enrolment) == [first.pk, first.pk]
    unchanged = LessonProgress.objects.get(pk=progress.pk)
    assert (unchanged.status, unchanged.updated_at) == (progress.status, progress.updated_at)


def test_a_revisit_of_an_earlier_lesson_moves_where_they_carry_on(enrolment, course):
    first, second = course.lessons()
    services.record_lesson_view(enrolment=enrolment, lesson=first)
    services.record_lesson_view(enrolment=enrolment, lesson=second)
    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == second.pk
    services.record_lesson_revisit(enrolment=enrolment, lesson=first)
    assert Enrolment.objects.get(pk=enrolment.pk).last_lesson_id == first.pk
    assert enrolment.last_lesson_id == first.pk
    assert _views(enrolment) == [first.pk, second.pk, first.pk]


def test_a_revisit_after_leaving_the_course_is_refused(enrolment, course):
    first, second = course.lessons()
    services.record_lesson_view(enrolment=enrolment, lesson=first)
    services.record_lesson_view(enrolment=enrolment, lesson=second)
    stale = Enrolment.objects.get(pk=enrolment.pk)
    services.withdraw(enrolment=enrolment)
    # The copy read before leaving still says active: the database has the last word.
    with pytest.raises(ValidationError):
        services.record_lesson_revisit(enrolment=stale, lesson=first)
    assert Enrolment.objects.get(pk=enrolment.pk).last_lesson_id == second.pk
    withdrawn = Enrolment.objects.get(pk=enrolment.pk)
    with pytest.raises(ValidationError):
        services.record_lesson_revisit(enrolment=withdrawn, lesson=second)
    assert _views(enrolment) == [first.pk, second.pk]


def test_the_lesson_page_starts_a_lesson_then_only_counts_revisits(client_for, learner, course):
    enrolment = services.enrol(user=learner, course=course)
    first, second = course.lessons()
    client = client_for(learner)
    page = client.get(first.url)
    progress = LessonProgress.objects.get(enrolment=enrolment, lesson=first)
    assert progress.status == ProgressStatus.IN_PROGRESS
    # The outline says so on the very visit that started it.
    assert page.context["outline"].current_entry.status == ProgressStatus.IN_PROGRESS
    client.get(second.url)
    client.get(first.url)
    client.get(first.url)
    assert LessonProgress.objects.get(pk=progress.pk).updated_at == progress.updated_at
    assert Enrolment.objects.get(pk=enrolment.pk).last_lesson_id == first.pk
    assert _views(enrolment) == [first.pk, second.pk, first.pk, first.pk]


def test_a_completed_lesson_stays_completed_when_reopened(client_for, learner, course):
    enrolment = services.enrol(user=learner, course=course)
    first = course.lessons()[0]
    services.complete_reading_lesson(enrolment=enrolment, lesson=first)
    response = client_for(learner).get(first.url)
    assert response.context["lesson_done"]
    assert LessonProgress.objects.get(lesson=first).status == ProgressStatus.COMPLETED
    assert _views(enrolment) == [first.pk]
