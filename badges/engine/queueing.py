"""Queueing a learner's evaluation once per transaction, after it commits.

One learning action writes several events in one transaction (an activity passed, its
lesson done, the course complete); each would ask for an evaluation. The evaluation
reads everything the learner has done, so one per transaction is enough.

This is lms.jobs.enqueue_on_commit with a callback that can be recognised in the
transaction's queue: a plain partial could not say whether it has already run (test
helpers run callbacks without clearing the queue) or for whom.
"""

from __future__ import annotations

from django.db import transaction


class _Evaluation:
    def __init__(self, user_id: int):
        self.user_id = user_id
        self.sent = False

    def __call__(self) -> None:
        from badges.tasks import evaluate_learner_task

        self.sent = True
        evaluate_learner_task.apply_async(args=(self.user_id,), kwargs={})

    def __repr__(self) -> str:
        return f"<badge evaluation of user {self.user_id}>"


def _already_queued(user_id: int, using: str | None) -> bool:
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return False
    return any(
        isinstance(entry[1], _Evaluation) and entry[1].user_id == user_id and not entry[1].sent
        for entry in connection.run_on_commit
    )


def queue_evaluation(user_id: int, *, using: str | None = None) -> None:
    """Evaluate `user_id` for badges once the current transaction commits."""
    if user_id is None or _already_queued(user_id, using):
        return
    transaction.on_commit(_Evaluation(user_id), using=using)
