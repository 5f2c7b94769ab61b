"""Saving automatic awards in bulk: awards, their evidence and audit entries.

Awards go in with INSERT ... ON CONFLICT DO NOTHING RETURNING on the once-per-cycle
constraint: an award another worker committed first is skipped, not an error, so no
savepoint per award is needed, the batch keeps going, and a retried task is a no-op.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.db import connection, transaction

from badges.engine.awarding import send_awarded_on_commit
from badges.models import AuditEntry, AwardEvidence, BadgeAward

# Rows per INSERT: well inside SQLite's and PostgreSQL's bound-parameter limits.
INSERT_CHUNK = 1000

_AWARD_FIELDS = [
    f
    for f in BadgeAward._meta.concrete_fields
    if not f.primary_key and not getattr(f, "db_returning", False)
]


@dataclass(slots=True)
class PendingAward:
    badge_id: int
    recipient_id: int
    organisation_id: int | None
    cycle: int
    awarded_at: datetime.datetime
    valid_from: datetime.datetime
    expires_at: datetime.datetime | None
    evidence: list[dict] = field(default_factory=list)
    method: str = BadgeAward.Method.AUTOMATIC
    public_id: uuid.UUID = field(default_factory=uuid.uuid4)

    def key(self) -> tuple[int, int, int]:
        return (self.badge_id, self.recipient_id, self.cycle)

    def to_model(self, pk: int | None = None) -> BadgeAward:
        return BadgeAward(
            pk=pk,
            public_id=self.public_id,
            badge_class_id=self.badge_id,
            recipient_id=self.recipient_id,
            organisation_id=self.organisation_id,
            cycle=self.cycle,
            method=self.method,
            awarded_at=self.awarded_at,
            valid_from=self.valid_from,
            expires_at=self.expires_at,
        )


def _insert_ignoring_taken(models: list[BadgeAward]) -> dict[tuple, int]:
    """Insert awards, skipping any whose cycle is already taken; {key: new pk}."""
    table = connection.ops.quote_name(BadgeAward._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in _AWARD_FIELDS)
    row_sql = "(" + ", ".join(["%s"] * len(_AWARD_FIELDS)) + ")"
    conflict = ", ".join(
        connection.ops.quote_name(BadgeAward._meta.get_field(name).column)
        for name in ("badge_class", "recipient", "cycle")
    )
    created: dict[tuple, int] = {}
    for start in range(0, len(models), INSERT_CHUNK):
        chunk = models[start : start + INSERT_CHUNK]
        params = [
            f.get_db_prep_save(getattr(obj, f.attname), connection)
            for obj in chunk
            for f in _AWARD_FIELDS
        ]
        sql = (
            f"INSERT INTO {table} ({columns}) VALUES {', '.join([row_sql] * len(chunk))} "
            f"ON CONFLICT ({conflict}) DO NOTHING "
            "RETURNING id, badge_class_id, recipient_id, cycle"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for pk, badge_id, recipient_id, cycle in cursor.fetchall():
                created[(badge_id, recipient_id, cycle)] = pk
    return created


def _resolve_pending_holds(pending: list[PendingAward], created: dict[tuple, int]) -> None:
    """Point 'holds badge X' evidence at the award of X made in the same evaluation."""
    by_holder = {(p.recipient_id, p.badge_id): p for p in pending}
    missing = []
    for award in pending:
        for row in award.evidence:
            badge_id = row.pop("pending_held_badge_id", None)
            if badge_id is None:
                continue
            held = by_holder[(award.recipient_id, badge_id)]
            row["held_award_id"] = created.get(held.key())
            if row["held_award_id"] is None:
                missing.append((row, held))
    if missing:
        # Another worker committed the held award first: use theirs. Rare, so one query.
        taken = {
            (b, r, c): pk
            for pk, b, r, c in BadgeAward.objects.filter(
                recipient_id__in={held.recipient_id for _, held in missing},
                badge_class_id__in={held.badge_id for _, held in missing},
            ).values_list("pk", "badge_class_id", "recipient_id", "cycle")
        }
        for row, held in missing:
            row["held_award_id"] = taken.get(held.key())


def save_pending_awards(pending: list[PendingAward]) -> list[BadgeAward]:
    """Save awards decided by evaluation; returns the ones this call created.

    Runs inside the caller's transaction when there is one (no savepoint: nothing here
    is expected to fail), and sends badge_awarded for each new award on commit.
    """
    if not pending:
        return []
    with transaction.atomic(savepoint=False):
        created = _insert_ignoring_taken([p.to_model() for p in pending])
        _resolve_pending_holds(pending, created)
        new = [p for p in pending if p.key() in created]
        AwardEvidence.objects.bulk_create(
            [AwardEvidence(award_id=created[p.key()], **row) for p in new for row in p.evidence],
            batch_size=INSERT_CHUNK,
        )
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    organisation_id=p.organisation_id,
                    action=AuditEntry.Action.AWARDED,
                    badge_class_id=p.badge_id,
                    award_id=created[p.key()],
                    subject_id=p.recipient_id,
                    detail={
                        "method": p.method,
                        "cycle": p.cycle,
                        "evidence": [row["summary"] for row in p.evidence],
                    },
                )
                for p in new
            ],
            batch_size=INSERT_CHUNK,
        )
        awards = [p.to_model(pk=created[p.key()]) for p in new]
        send_awarded_on_commit([award.pk for award in awards])
    return awards
