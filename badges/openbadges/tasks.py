"""Celery task: issue an award's credential. Imported by receivers.py, so workers know it."""

from __future__ import annotations

from celery import shared_task

from lms.celery import RetryingTask


@shared_task(name="badges.issue_credential", base=RetryingTask, acks_late=True)
def issue_credential_task(award_id: int) -> str | None:
    """Sign the award's credential; a retry or duplicate finds it issued and stops."""
    from badges.models import BadgeAward
    from badges.openbadges.issuing import issue_credential

    award = BadgeAward.objects.filter(pk=award_id).first()
    if award is None:
        return None
    return issue_credential(award=award).credential_id
