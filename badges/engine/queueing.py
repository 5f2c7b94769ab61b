"""Queueing a learner's evaluation once per transaction, after it commits.

One learning action writes several events in one transaction (an activity passed, its
lesson done, the course complete); each would ask for an evaluation. The evaluation
reads everything the learner has done, so one per transaction is enough.
"""

from __future__ import annotations

from django.db import transaction

from lms.jobs import enqueue_on_commit


def _already_queued(task, user_id: int, using: str | None) -> bool:
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return False
    for entry in connection.run_on_commit:
        callback = entry[1]
        if getattr(callback, "func", None) == task.apply_async and getattr(
            callback, "keywords", {}
        ).get("args") == (user_id,):
            return True
    return False


def queue_evaluation(user_id: int, *, using: str | None = None) -> None:
    """Evaluate `user_id` for badges once the current transaction commits."""
    from badges.tasks import evaluate_learner_task

    if user_id is None or _already_queued(evaluate_learner_task, user_id, using):
        return
    enqueue_on_commit(evaluate_learner_task, user_id, using=using)
