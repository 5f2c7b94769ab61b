"""Celery tasks for certificates. Each takes plain ids, is idempotent and retries with
backoff on transient errors (lms.celery.RetryingTask)."""

from __future__ import annotations

from celery import shared_task

from lms.celery import RetryingTask


def _render_and_tell(certificate_id: int) -> str:
    from lms.certificates.notifications import email_learner
    from lms.certificates.services import render_certificate

    certificate = render_certificate(certificate_id=certificate_id)
    email_learner(certificate=certificate)
    return certificate.render_status


@shared_task(name="certificates.issue_for_completion", base=RetryingTask)
def issue_for_completion_task(completion_id: int) -> str | None:
    from lms.certificates.services import issue_for_completion
    from lms.records.models import CourseCompletion

    completion = (
        CourseCompletion.objects.select_related("organisation").filter(pk=completion_id).first()
    )
    if completion is None:
        return None
    certificate = issue_for_completion(completion=completion)
    return _render_and_tell(certificate.pk) if certificate else None


@shared_task(name="certificates.issue_for_award", base=RetryingTask)
def issue_for_award_task(award_id: int) -> str | None:
    from badges.models import BadgeAward
    from lms.certificates.services import issue_for_award

    award = (
        BadgeAward.objects.select_related("badge_class", "organisation").filter(pk=award_id).first()
    )
    if award is None:
        return None
    certificate = issue_for_award(award=award)
    return _render_and_tell(certificate.pk) if certificate else None


@shared_task(name="certificates.render", base=RetryingTask)
def render_certificate_task(certificate_id: int) -> str:
    return _render_and_tell(certificate_id)


# A council-wide ZIP can take many minutes: longer limits than the 5-minute default, still
# inside the broker's visibility timeout (an hour) so the task is not delivered twice.
@shared_task(
    name="certificates.bulk_zip",
    base=RetryingTask,
    acks_late=True,
    soft_time_limit=3000,
    time_limit=3300,
)
def bulk_job_task(job_id: int) -> str:
    from lms.certificates.bulk import run_job

    return run_job(job_id=job_id)
