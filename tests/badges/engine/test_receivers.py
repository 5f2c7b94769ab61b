"""Learning events and completions queue an evaluation, only after commit, once each."""

from unittest import mock

import pytest
from django.db import transaction

from badges.engine.signals import badge_awarded
from badges.models import AwardEvidence, BadgeAward
from lms.records import services
from lms.records.models import CourseCompletion, LearningEvent
from tests.badges.engine.conftest import Kind, badge_with, enrolment_for

pytestmark = pytest.mark.django_db


def _event(enrolment, verb, **fields):
    return LearningEvent.objects.create(
        user_id=enrolment.user_id,
        enrolment=enrolment,
        course_id=enrolment.course_id,
        verb=verb,
        source="system",
        **fields,
    )


@pytest.fixture
def queued():
    with mock.patch("badges.tasks.evaluate_learner_task.apply_async") as apply_async:
        yield apply_async


def test_scored_event_queues_one_evaluation_after_commit(
    learner, course, queued, django_capture_on_commit_callbacks
):
    enrolment = enrolment_for(learner, course)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _event(enrolment, "passed", activity_key="quiz-1")
        _event(enrolment, "completed")
        _event(enrolment, "answered", activity_key="quiz-1")
    queued.assert_not_called()  # nothing before commit
    for callback in callbacks:
        callback()
    # Three events in one transaction: one evaluation.
    queued.assert_called_once_with(args=(learner.pk,), kwargs={})


def test_views_enrolments_and_progress_queue_nothing(
    learner, course, queued, django_capture_on_commit_callbacks
):
    enrolment = enrolment_for(learner, course)
    with django_capture_on_commit_callbacks(execute=True):
        for verb in ("viewed", "enrolled", "progressed", "withdrawn"):
            _event(enrolment, verb)
    queued.assert_not_called()


def test_rolled_back_event_queues_nothing(learner, course, queued):
    enrolment = enrolment_for(learner, course)
    with pytest.raises(RuntimeError), transaction.atomic():
        _event(enrolment, "passed", activity_key="quiz-1")
        raise RuntimeError("request failed")
    # The test's own transaction never commits; nothing may be waiting in it either.
    connection = transaction.get_connection()
    assert not [entry for entry in connection.run_on_commit if "evaluation" in repr(entry[1])]
    queued.assert_not_called()


def test_each_learner_gets_their_own_evaluation(
    learner, other_learner, course, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _event(enrolment_for(learner, course), "passed")
        _event(enrolment_for(other_learner, course), "passed")
    assert sorted(call.kwargs["args"][0] for call in queued.call_args_list) == sorted(
        [learner.pk, other_learner.pk]
    )


def test_course_completed_signal_queues_the_learner(
    learner, course, queued, django_capture_on_commit_callbacks
):
    from lms.records.signals import course_completed
    from tests.badges.engine.conftest import complete

    completion = complete(learner, course)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        course_completed.send(sender=CourseCompletion, completion_id=completion.pk)
    queued.assert_not_called()
    for callback in callbacks:
        callback()
    queued.assert_called_once_with(args=(learner.pk,), kwargs={})


def test_completing_a_course_through_records_awards_the_aligned_badge(
    learner, course, quiz, django_capture_on_commit_callbacks
):
    """End to end, with Celery eager as in tests: services → events → task → award."""
    lesson_one = course.lessons().first()
    quiz_lesson, key = quiz
    badge = badge_with({"kind": Kind.COURSE_COMPLETED, "course": course}, name="Safe online")
    high_scorer = badge_with(
        {"kind": Kind.ACTIVITY_SCORE, "lesson": quiz_lesson, "activity_key": key, "min_score": "1"}
    )
    announced = []

    def on_award(sender, award_id, **kwargs):
        announced.append(award_id)

    badge_awarded.connect(on_award)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            enrolment = services.enrol(user=learner, course=course)
            services.complete_reading_lesson(enrolment=enrolment, lesson=lesson_one)
        assert not BadgeAward.objects.exists()
        with django_capture_on_commit_callbacks(execute=True):
            services.record_activity_outcome(
                enrolment=enrolment,
                lesson=quiz_lesson,
                activity_key=key,
                kind="quiz",
                status="passed",
                score=1,
                source="quiz",
            )
    finally:
        badge_awarded.disconnect(on_award)
    awards = {a.badge_class_id: a for a in BadgeAward.objects.filter(recipient=learner)}
    assert set(awards) == {badge.pk, high_scorer.pk}
    completion = CourseCompletion.objects.get(user=learner)
    assert AwardEvidence.objects.get(award=awards[badge.pk]).course_completion == completion
    assert sorted(announced) == sorted(a.pk for a in awards.values())
