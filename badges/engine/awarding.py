"""Awarding and revoking one badge for one learner: the path every award takes.

Manual, backdated (prior learning), CSV and automatic single awards all come here, so
the council check, the once-per-cycle rule, the audit entry and the on-commit signal
are decided in one place. The bulk re-evaluation path writes the same rows in bulk.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from badges.engine.cycles import LatestAward, next_cycle, validity
from badges.engine.errors import AwardRefused
from badges.engine.learners import learner_organisation_id, may_earn
from badges.engine.signals import badge_awarded, badge_revoked
from badges.models import AuditEntry, AwardEvidence, BadgeAward, BadgeClass

_LOOK_UP = object()
AWARD_LATEST_FIELDS = ("pk", "cycle", "awarded_at", "expires_at", "revoked_at")


def latest_award(*, badge_class_id: int, recipient_id: int) -> LatestAward | None:
    row = (
        BadgeAward.objects.filter(badge_class_id=badge_class_id, recipient_id=recipient_id)
        .order_by("-cycle")
        .values_list(*AWARD_LATEST_FIELDS)
        .first()
    )
    return LatestAward(*row) if row else None


def send_awarded_on_commit(award_ids: Iterable[int]) -> None:
    ids = list(award_ids)

    def send() -> None:
        for award_id in ids:
            badge_awarded.send(sender=BadgeAward, award_id=award_id)

    if ids:
        transaction.on_commit(send)


def audit_detail(award: BadgeAward, evidence_summaries: list[str]) -> dict:
    return {
        "method": award.method,
        "cycle": award.cycle,
        "awarded_at": award.awarded_at.isoformat(),
        "expires_at": award.expires_at.isoformat() if award.expires_at else None,
        "note": award.note,
        "evidence": evidence_summaries,
    }


@dataclass(frozen=True)
class AwardPlan:
    """What award_badge would write, decided without writing anything (dry runs use it)."""

    organisation_id: int | None
    cycle: int
    awarded_at: datetime.datetime
    valid_from: datetime.datetime
    expires_at: datetime.datetime | None


def plan_award(
    *,
    badge_class: BadgeClass,
    recipient,
    awarded_at=None,
    organisation_id=_LOOK_UP,
) -> AwardPlan | None:
    """The award `recipient` would get, or None if they already hold it this cycle.

    Raises AwardRefused for another council's learner, a future date, or a backdated
    award that would already have expired. `organisation_id` saves a query when the
    caller already knows the recipient's council.
    """
    now = timezone.now()
    awarded_at = awarded_at or now
    if awarded_at > now + datetime.timedelta(minutes=5):
        raise AwardRefused("An award cannot be dated in the future.")
    if organisation_id is _LOOK_UP:
        organisation_id = learner_organisation_id(recipient.pk)
    if not may_earn(
        badge_organisation_id=badge_class.organisation_id,
        learner_organisation_id=organisation_id,
    ):
        raise AwardRefused(
            f"{recipient} is not on the staff of the council that owns “{badge_class}”."
        )
    latest = latest_award(badge_class_id=badge_class.pk, recipient_id=recipient.pk)
    cycle = next_cycle(
        latest=latest, recertify_within_days=badge_class.recertify_within_days, at=now
    )
    if cycle is None:
        return None
    valid_from, expires_at = validity(
        awarded_at=awarded_at, valid_for_days=badge_class.valid_for_days, latest=latest
    )
    if expires_at is not None and expires_at <= now:
        raise AwardRefused(
            f"Awarded on {awarded_at:%d %B %Y}, “{badge_class}” would already have expired "
            f"on {expires_at:%d %B %Y}."
        )
    return AwardPlan(organisation_id, cycle, awarded_at, valid_from, expires_at)


def award_badge(
    *,
    badge_class: BadgeClass,
    recipient,
    method: str,
    awarded_by=None,
    awarded_at=None,
    note: str = "",
    evidence: Iterable[dict] = (),
) -> BadgeAward | None:
    """Award `badge_class` to `recipient`, or return None if they already hold it this cycle.

    `awarded_at` in the past backdates the award (prior learning): validity runs from it.
    `evidence` holds AwardEvidence keyword dicts (criterion, course_completion, ...,
    summary). Raises AwardRefused as plan_award does.
    """
    if method not in BadgeAward.Method.values:
        raise AwardRefused(f"Unknown award method {method!r}.")
    plan = plan_award(badge_class=badge_class, recipient=recipient, awarded_at=awarded_at)
    if plan is None:
        return None
    evidence = list(evidence)
    with transaction.atomic():
        try:
            # The savepoint keeps the caller's transaction usable when a concurrent
            # evaluation has taken this cycle first.
            with transaction.atomic():
                award = BadgeAward.objects.create(
                    badge_class=badge_class,
                    recipient=recipient,
                    organisation_id=plan.organisation_id,
                    cycle=plan.cycle,
                    method=method,
                    awarded_by=awarded_by,
                    note=note,
                    awarded_at=plan.awarded_at,
                    valid_from=plan.valid_from,
                    expires_at=plan.expires_at,
                )
        except IntegrityError:
            return None
        AwardEvidence.objects.bulk_create(AwardEvidence(award=award, **row) for row in evidence)
        AuditEntry.objects.create(
            organisation_id=plan.organisation_id,
            actor=awarded_by,
            action=AuditEntry.Action.AWARDED,
            badge_class=badge_class,
            award=award,
            subject=recipient,
            detail=audit_detail(award, [row.get("summary", "") for row in evidence]),
        )
        send_awarded_on_commit([award.pk])
    return award


def revoke_award(*, award: BadgeAward, by, reason: str) -> BadgeAward:
    """Revoke an award with a reason; the verifier and wallet show it from then on."""
    reason = (reason or "").strip()
    if not reason:
        raise AwardRefused("Give a reason for revoking the badge.")
    with transaction.atomic():
        locked = BadgeAward.objects.select_for_update().get(pk=award.pk)
        if locked.revoked_at is not None:
            raise AwardRefused(f"This badge was already revoked on {locked.revoked_at:%d %B %Y}.")
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.revocation_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        AuditEntry.objects.create(
            organisation_id=locked.organisation_id,
            actor=by,
            action=AuditEntry.Action.REVOKED,
            badge_class_id=locked.badge_class_id,
            award=locked,
            subject_id=locked.recipient_id,
            detail={"reason": reason, "cycle": locked.cycle},
        )
        transaction.on_commit(lambda: badge_revoked.send(sender=BadgeAward, award_id=locked.pk))
    award.revoked_at, award.revoked_by, award.revocation_reason = (
        locked.revoked_at,
        by,
        reason,
    )
    return award
