"""Recording that awards have expired, once each, and re-checking their holders.

Expiry itself needs no write (an award past expires_at is expired); the audit entry
is the record of it, and its existence is what makes a second run skip the award.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from badges.engine.queueing import queue_evaluation
from badges.models import AuditEntry, BadgeAward

CHUNK = 1000


def record_expiries(*, now=None) -> int:
    """Write AuditEntry(expired) for each award that has passed its expiry; returns count.

    Holders are queued for evaluation: evidence gathered while the award was still
    current (too early to renew) can earn the next cycle now that it has expired.
    """
    now = now or timezone.now()
    recorded = AuditEntry.objects.filter(award=OuterRef("pk"), action=AuditEntry.Action.EXPIRED)
    total = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            # skip_locked: two runs at once split the work instead of both writing.
            due = list(
                BadgeAward.objects.select_for_update(skip_locked=True)
                .filter(expires_at__lte=now, revoked_at__isnull=True, pk__gt=last_pk)
                .filter(~Exists(recorded))
                .order_by("pk")
                .values_list(
                    "pk", "badge_class_id", "recipient_id", "organisation_id", "expires_at"
                )[:CHUNK]
            )
            if not due:
                return total
            AuditEntry.objects.bulk_create(
                AuditEntry(
                    organisation_id=organisation_id,
                    action=AuditEntry.Action.EXPIRED,
                    badge_class_id=badge_id,
                    award_id=pk,
                    subject_id=recipient_id,
                    detail={"expired_at": expires_at.isoformat()},
                )
                for pk, badge_id, recipient_id, organisation_id, expires_at in due
            )
            for recipient_id in {row[2] for row in due}:
                queue_evaluation(recipient_id)
        total += len(due)
        last_pk = due[-1][0]
