"""Evaluate a learner for badges when something that could earn one has committed."""

from __future__ import annotations

from badges.engine.queueing import queue_evaluation
from lms.records.models import CourseCompletion, LearningEvent

# Outcomes that can meet a criterion; views, enrolments and progress pings cannot.
EVALUATED_VERBS = frozenset(
    {
        LearningEvent.Verb.COMPLETED,
        LearningEvent.Verb.PASSED,
        LearningEvent.Verb.FAILED,
        LearningEvent.Verb.ANSWERED,
    }
)


def evaluate_after_completion(sender, completion_id, **kwargs) -> None:
    user_id = (
        CourseCompletion.objects.filter(pk=completion_id).values_list("user_id", flat=True).first()
    )
    if user_id is not None:
        queue_evaluation(user_id)


def evaluate_after_event(sender, instance: LearningEvent, created: bool, **kwargs) -> None:
    if created and instance.verb in EVALUATED_VERBS:
        queue_evaluation(instance.user_id, using=kwargs.get("using"))


def connect() -> None:
    from django.db.models.signals import post_save

    from lms.records.signals import course_completed

    course_completed.connect(evaluate_after_completion, dispatch_uid="badges-course-completed")
    post_save.connect(
        evaluate_after_event, sender=LearningEvent, dispatch_uid="badges-learning-event"
    )
