"""Issue a credential for every new award, in the background once the award commits."""

from __future__ import annotations

from badges.openbadges.tasks import issue_credential_task
from lms.jobs import enqueue_on_commit


def queue_credential(sender, award_id, **kwargs) -> None:
    enqueue_on_commit(issue_credential_task, award_id)


def connect() -> None:
    from badges.engine.signals import badge_awarded

    badge_awarded.connect(queue_credential, dispatch_uid="openbadges-issue-credential")
