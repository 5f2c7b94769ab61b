"""Celery tasks of the badge engine. Each takes plain ids and is safe to run twice."""

from __future__ import annotations

from celery import shared_task

from lms.celery import RetryingTask


@shared_task(name="badges.evaluate_learner", base=RetryingTask)
def evaluate_learner_task(user_id: int) -> int:
    """Award what `user_id` has earned; a retry or duplicate finds nothing new to award."""
    from badges.engine.evaluate import evaluate_learner

    return len(evaluate_learner(user_id=user_id))


@shared_task(name="badges.reevaluate", base=RetryingTask, acks_late=True)
def reevaluate_task(run_id: int) -> str:
    """Carry a re-evaluation run on from where it stopped; re-queues itself when long."""
    from badges.engine.reevaluation import continue_run

    return continue_run(run_id=run_id)


@shared_task(name="badges.expire_awards", base=RetryingTask)
def expire_awards_task() -> int:
    """Record expiry of awards whose validity has ended (for beat; each only once)."""
    from badges.engine.expiry import record_expiries

    return record_expiries()
