"""What course and lesson pages read of a learner's record: their enrolment and each
lesson's status, in one query, and nobody else's."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from courses.factories import course_with_lessons
from lms.records import selectors, services
from lms.records.models import ProgressStatus


def test_no_enrolment_reads_as_none_for_anyone(django_assert_num_queries, learner, council):
    course = course_with_lessons(owning_council=council)
    with django_assert_num_queries(0):
        assert selectors.enrolment_and_statuses(AnonymousUser(), course) == (None, {})
    with django_assert_num_queries(1):
        assert selectors.enrolment_and_statuses(learner, course) == (None, {})


def test_the_enrolment_comes_with_its_own_statuses_only(
    django_assert_num_queries, learner, manager, council
):
    course = course_with_lessons(owning_council=council)
    other_course = course_with_lessons(owning_council=council, title="Other")
    first, second = course.lessons()
    enrolment = services.enrol(user=learner, course=course)
    with django_assert_num_queries(1):
        assert selectors.enrolment_and_statuses(learner, course) == (enrolment, {})
    services.record_lesson_view(enrolment=enrolment, lesson=first)
    services.complete_reading_lesson(enrolment=enrolment, lesson=second)
    # Someone else's progress on the course, and the learner's on another course.
    services.record_lesson_view(
        enrolment=services.enrol(user=manager, course=course), lesson=second
    )
    elsewhere = services.enrol(user=learner, course=other_course)
    services.record_lesson_view(enrolment=elsewhere, lesson=other_course.lessons()[0])
    with django_assert_num_queries(1):
        found, statuses = selectors.enrolment_and_statuses(learner, course)
    assert found == enrolment
    assert (found.status, found.user_id, found.last_lesson_id) == ("active", learner.pk, first.pk)
    assert statuses == {first.pk: ProgressStatus.IN_PROGRESS, second.pk: ProgressStatus.COMPLETED}
    assert statuses == selectors.lesson_statuses(enrolment)
