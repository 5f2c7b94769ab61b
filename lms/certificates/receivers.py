"""Certificates follow course completions and badge awards, once each has committed."""

from __future__ import annotations

from lms.jobs import enqueue_on_commit


def queue_for_completion(sender, completion_id, **kwargs) -> None:
    from lms.certificates.tasks import issue_for_completion_task

    enqueue_on_commit(issue_for_completion_task, completion_id)


def queue_for_award(sender, award_id, **kwargs) -> None:
    from lms.certificates.tasks import issue_for_award_task

    enqueue_on_commit(issue_for_award_task, award_id)


def connect() -> None:
    from badges.engine.signals import badge_awarded
    from lms.records.signals import course_completed

    course_completed.connect(queue_for_completion, dispatch_uid="certificates-course-completed")
    badge_awarded.connect(queue_for_award, dispatch_uid="certificates-badge-awarded")
