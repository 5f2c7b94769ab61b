from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from courses.factories import course_with_lessons, quiz_block, text_block
from lms.records import services
from lms.records.models import (
    AppendOnlyError,
    CourseCompletion,
    Enrolment,
    LearningEvent,
    LessonProgress,
    ProgressStatus,
)
from lms.records.signals import course_completed


@pytest.fixture
def course(council):
    return course_with_lessons(owning_council=council)


@pytest.fixture
def quiz_course(council):
    return course_with_lessons(owning_council=council, lessons=[[text_block()], [quiz_block()]])


def lessons_of(course):
    return list(course.lessons())


def test_enrol_records_organisation_and_one_event(learner, course, council):
    enrolment = services.enrol(user=learner, course=course)
    assert enrolment.organisation == council
    assert enrolment.source == Enrolment.Source.SELF
    assert list(LearningEvent.objects.values_list("verb", flat=True)) == ["enrolled"]
    # Enrolling again is harmless: the same row, no second event.
    assert services.enrol(user=learner, course=course).pk == enrolment.pk
    assert LearningEvent.objects.count() == 1


def test_staff_course_of_another_council_cannot_be_taken(other_learner, course):
    with pytest.raises(PermissionDenied):
        services.enrol(user=other_learner, course=course)
    assert not Enrolment.objects.exists()


def test_sector_shared_course_is_open_to_other_councils(other_learner, council):
    shared = course_with_lessons(owning_council=council, shared_with_sector=True)
    assert services.enrol(user=other_learner, course=shared).organisation is not None


def test_graduate_takes_public_tasters_only(graduate, course):
    with pytest.raises(PermissionDenied):
        services.enrol(user=graduate, course=course)
    taster = course_with_lessons(audience="public", title="Taster")
    enrolment = services.enrol(user=graduate, course=taster)
    assert enrolment.source == Enrolment.Source.TASTER
    assert enrolment.organisation is None


def test_withdraw_keeps_history_and_reenrol_reopens(learner, course):
    enrolment = services.enrol(user=learner, course=course)
    first = lessons_of(course)[0]
    services.record_lesson_view(enrolment=enrolment, lesson=first)
    services.withdraw(enrolment=enrolment)
    with pytest.raises(ValidationError):
        services.record_lesson_view(enrolment=enrolment, lesson=first)
    reopened = services.enrol(user=learner, course=course)
    assert reopened.pk == enrolment.pk
    assert reopened.status == Enrolment.Status.ACTIVE
    assert LessonProgress.objects.get(enrolment=enrolment, lesson=first).status == "in_progress"
    assert [e.verb for e in LearningEvent.objects.order_by("pk")] == [
        "enrolled",
        "viewed",
        "withdrawn",
        "enrolled",
    ]


def test_reading_lessons_complete_the_course_once_and_announce_it(
    learner, course, django_capture_on_commit_callbacks
):
    announced = []

    def receiver(sender, completion_id, **kwargs):
        announced.append(completion_id)

    course_completed.connect(receiver)
    try:
        enrolment = services.enrol(user=learner, course=course)
        first, second = lessons_of(course)
        with django_capture_on_commit_callbacks(execute=True):
            services.complete_reading_lesson(enrolment=enrolment, lesson=first)
        assert not announced
        with django_capture_on_commit_callbacks(execute=True):
            services.complete_reading_lesson(enrolment=enrolment, lesson=second)
            # Finishing again changes nothing.
            services.complete_reading_lesson(enrolment=enrolment, lesson=second)
    finally:
        course_completed.disconnect(receiver)
    completion = CourseCompletion.objects.get()
    assert announced == [completion.pk]
    assert completion.number == 1
    completion.refresh_from_db()
    assert completion.announced_at is not None
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED


def test_quiz_lesson_needs_a_pass_and_a_later_fail_does_not_undo_it(learner, quiz_course):
    enrolment = services.enrol(user=learner, course=quiz_course)
    reading, quiz_lesson = lessons_of(quiz_course)
    [(key, _)] = quiz_lesson.activities()
    services.complete_reading_lesson(enrolment=enrolment, lesson=reading)
    with pytest.raises(ValidationError):
        services.complete_reading_lesson(enrolment=enrolment, lesson=quiz_lesson)

    services.record_activity_outcome(
        enrolment=enrolment,
        lesson=quiz_lesson,
        activity_key=key,
        kind="quiz",
        status="failed",
        score=Decimal("0.5"),
        source="quiz",
    )
    progress = LessonProgress.objects.get(enrolment=enrolment, lesson=quiz_lesson)
    assert progress.status == ProgressStatus.FAILED
    assert not CourseCompletion.objects.exists()

    services.record_activity_outcome(
        enrolment=enrolment,
        lesson=quiz_lesson,
        activity_key=key,
        kind="quiz",
        status="passed",
        score=1,
        source="quiz",
    )
    services.record_activity_outcome(
        enrolment=enrolment,
        lesson=quiz_lesson,
        activity_key=key,
        kind="quiz",
        status="failed",
        score=0,
        source="quiz",
    )
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.PASSED
    assert progress.score == Decimal("1.0000")
    assert CourseCompletion.objects.count() == 1


def test_unknown_activity_and_impossible_scores_are_refused(learner, quiz_course):
    enrolment = services.enrol(user=learner, course=quiz_course)
    _, quiz_lesson = lessons_of(quiz_course)
    [(key, _)] = quiz_lesson.activities()
    with pytest.raises(ValidationError):
        services.record_activity_outcome(
            enrolment=enrolment,
            lesson=quiz_lesson,
            activity_key="not-a-block",
            kind="quiz",
            status="passed",
            score=1,
            source="quiz",
        )
    with pytest.raises(ValidationError):
        services.record_activity_outcome(
            enrolment=enrolment,
            lesson=quiz_lesson,
            activity_key=key,
            kind="quiz",
            status="passed",
            score=7,
            source="quiz",
        )
    assert not LearningEvent.objects.exclude(verb="enrolled").exists()


def test_learning_events_are_append_only(learner, course):
    services.enrol(user=learner, course=course)
    event = LearningEvent.objects.get()
    event.verb = "completed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_time_spent_is_bounded_per_step(learner, course):
    enrolment = services.enrol(user=learner, course=course)
    first = lessons_of(course)[0]
    services.record_lesson_view(enrolment=enrolment, lesson=first, time_spent_seconds=120)
    services.record_lesson_view(enrolment=enrolment, lesson=first, time_spent_seconds=10**9)
    services.record_lesson_view(enrolment=enrolment, lesson=first, time_spent_seconds=-50)
    progress = LessonProgress.objects.get(enrolment=enrolment, lesson=first)
    assert progress.time_spent_seconds == 120 + services.MAX_TIME_STEP_SECONDS
    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == first.pk


def test_a_completed_course_taken_again_starts_afresh_and_completes_as_the_next_one(
    learner, quiz_course
):
    enrolment = services.enrol(user=learner, course=quiz_course)
    reading, quiz_lesson = lessons_of(quiz_course)
    [(key, _)] = quiz_lesson.activities()

    def finish():
        services.complete_reading_lesson(enrolment=enrolment, lesson=reading)
        services.record_activity_outcome(
            enrolment=enrolment,
            lesson=quiz_lesson,
            activity_key=key,
            kind="quiz",
            status="passed",
            score=1,
            source="quiz",
        )

    with pytest.raises(ValidationError):  # not completed yet
        services.start_again(enrolment=enrolment)
    finish()
    first_completed_at = Enrolment.objects.get().completed_at

    again = services.start_again(enrolment=enrolment)

    assert again.status == Enrolment.Status.ACTIVE
    assert again.completed_at == first_completed_at
    assert set(LessonProgress.objects.values_list("status", "completed_at")) == {
        ("not_started", None)
    }
    activity = enrolment.activities.get()
    assert (activity.status, activity.attempts, activity.best_score) == ("not_started", 0, None)
    restarted = LearningEvent.objects.filter(verb="enrolled").order_by("pk").last()
    assert restarted.result == {"restarted": True, "run": 2}
    # The first completion stands while the course is taken again.
    assert list(CourseCompletion.objects.values_list("number", flat=True)) == [1]

    finish()

    assert list(CourseCompletion.objects.order_by("number").values_list("number", flat=True)) == [
        1,
        2,
    ]
    assert Enrolment.objects.get().status == Enrolment.Status.COMPLETED
