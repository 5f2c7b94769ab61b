"""Celery tasks for the careers pages."""

from __future__ import annotations

from celery import shared_task

from lms.celery import RetryingTask


@shared_task(name="cms.purge_interest_submissions", base=RetryingTask)
def purge_interest_submissions_task() -> int:
    """Delete registered interest past its retention period (daily, from beat); a rerun
    finds nothing more to delete."""
    from cms.careers.services import purge_expired_interest

    return purge_expired_interest()
