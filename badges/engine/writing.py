"""Saving automatic awards in bulk: awards, their evidence and audit entries.

Awards go in with INSERT ... ON CONFLICT DO NOTHING RETURNING on the once-per-cycle
constraint: an award another worker committed first is skipped, not an error, so no
savepoint per award is needed, the batch keeps going, and a retried task is a no-op.

Large batches on PostgreSQL (re-evaluation runs) are streamed with COPY: the awards into
a session temporary table and from there into the real one with the same ON CONFLICT
rule, the evidence and audit rows straight into their tables. Small ones (one learner
after an event) use three plain INSERTs.
"""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass, field

from django.db import connection, transaction

from badges.engine.awarding import send_awarded_on_commit
from badges.models import AuditEntry, AwardEvidence, BadgeAward

# Rows per INSERT: well inside SQLite's and PostgreSQL's bound-parameter limits.
INSERT_CHUNK = 1000
# From this many awards on, PostgreSQL gets COPY rather than INSERT ... VALUES.
COPY_FROM = 200

_AWARD_COLUMNS = (
    "public_id",
    "badge_class_id",
    "recipient_id",
    "organisation_id",
    "cycle",
    "method",
    "awarded_at",
    "valid_from",
    "expires_at",
)
_EVIDENCE_COLUMNS = (
    "award_id",
    "criterion_id",
    "learning_event_id",
    "course_completion_id",
    "submission_id",
    "self_assessment_id",
    "held_award_id",
    "summary",
)
_AUDIT_COLUMNS = (
    "organisation_id",
    "actor_id",
    "action",
    "badge_class_id",
    "award_id",
    "subject_id",
    "detail",
    "at",
)


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

    def values(self) -> tuple:
        return (
            self.public_id,
            self.badge_id,
            self.recipient_id,
            self.organisation_id,
            self.cycle,
            self.method,
            self.awarded_at,
            self.valid_from,
            self.expires_at,
        )

    def audit_detail(self) -> dict:
        return {
            "method": self.method,
            "cycle": self.cycle,
            "evidence": [row["summary"] for row in self.evidence],
        }


def _quoted(*names: str) -> str:
    return ", ".join(connection.ops.quote_name(name) for name in names)


_TABLE = connection.ops.quote_name(BadgeAward._meta.db_table)
_RETURNING = "RETURNING id, badge_class_id, recipient_id, cycle"
# Columns the model fills with Django-side defaults, which a raw INSERT must give.
_BLANKS = {"note": "", "revocation_reason": ""}


def _on_conflict() -> str:
    return f"ON CONFLICT ({_quoted('badge_class_id', 'recipient_id', 'cycle')}) DO NOTHING"


def _insert_values(pending: list[PendingAward]) -> dict[tuple, int]:
    """Insert awards with INSERT ... VALUES, skipping any whose cycle is already taken."""
    fields = [BadgeAward._meta.get_field(name) for name in _AWARD_COLUMNS]
    columns = _quoted(*(f.column for f in fields), *_BLANKS)
    row_sql = "(" + ", ".join(["%s"] * (len(fields) + len(_BLANKS))) + ")"
    created: dict[tuple, int] = {}
    for start in range(0, len(pending), INSERT_CHUNK):
        chunk = pending[start : start + INSERT_CHUNK]
        params = [
            value
            for award in chunk
            for value in (
                *(
                    f.get_db_prep_save(v, connection)
                    for f, v in zip(fields, award.values(), strict=True)
                ),
                *_BLANKS.values(),
            )
        ]
        sql = (
            f"INSERT INTO {_TABLE} ({columns}) VALUES {', '.join([row_sql] * len(chunk))} "
            f"{_on_conflict()} {_RETURNING}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            created.update(((b, r, c), pk) for pk, b, r, c in cursor.fetchall())
    return created


def _insert_copied(pending: list[PendingAward]) -> dict[tuple, int]:
    """Insert awards through COPY into a temporary table (PostgreSQL only)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS badges_award_batch ("
            "public_id uuid, badge_class_id bigint, recipient_id bigint, organisation_id "
            "bigint, cycle integer, method varchar(16), awarded_at timestamptz, valid_from "
            "timestamptz, expires_at timestamptz) ON COMMIT DELETE ROWS"
        )
        with cursor.cursor.copy(
            f"COPY badges_award_batch ({_quoted(*_AWARD_COLUMNS)}) FROM STDIN"
        ) as copy:
            for award in pending:
                copy.write_row(award.values())
        blanks = ", ".join(["%s"] * len(_BLANKS))
        cursor.execute(
            f"INSERT INTO {_TABLE} ({_quoted(*_AWARD_COLUMNS, *_BLANKS)}) "
            f"SELECT {_quoted(*_AWARD_COLUMNS)}, {blanks} FROM badges_award_batch "
            f"{_on_conflict()} {_RETURNING}",
            list(_BLANKS.values()),
        )
        created = {(b, r, c): pk for pk, b, r, c in cursor.fetchall()}
        # Emptied now, not only at commit: a caller may save twice in one transaction.
        cursor.execute("DELETE FROM badges_award_batch")
    return created


def _copy_rows(model, columns: tuple[str, ...], rows) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({_quoted(*columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


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


def save_pending_awards(
    pending: list[PendingAward], *, as_models: bool = True
) -> list[BadgeAward] | int:
    """Save awards decided by evaluation: the BadgeAwards this call created (or, with
    as_models=False, how many), sending badge_awarded for each once committed.

    Runs inside the caller's transaction when there is one (no savepoint: nothing here
    is expected to fail).
    """
    if not pending:
        return [] if as_models else 0
    bulk = connection.vendor == "postgresql" and len(pending) >= COPY_FROM
    with transaction.atomic(savepoint=False):
        created = (_insert_copied if bulk else _insert_values)(pending)
        _resolve_pending_holds(pending, created)
        new = [(created[p.key()], p) for p in pending if p.key() in created]
        evidence = [
            (pk, *(row.get(column) for column in _EVIDENCE_COLUMNS[1:]))
            for pk, award in new
            for row in award.evidence
        ]
        now = datetime.datetime.now(tz=datetime.UTC)
        if bulk:
            _copy_rows(AwardEvidence, _EVIDENCE_COLUMNS, evidence)
            _copy_rows(
                AuditEntry,
                _AUDIT_COLUMNS,
                (
                    (
                        p.organisation_id,
                        None,
                        AuditEntry.Action.AWARDED.value,
                        p.badge_id,
                        pk,
                        p.recipient_id,
                        json.dumps(p.audit_detail()),
                        now,
                    )
                    for pk, p in new
                ),
            )
        else:
            AwardEvidence.objects.bulk_create(
                [
                    AwardEvidence(**dict(zip(_EVIDENCE_COLUMNS, row, strict=True)))
                    for row in evidence
                ],
                batch_size=INSERT_CHUNK,
            )
            AuditEntry.objects.bulk_create(
                [
                    AuditEntry(
                        organisation_id=p.organisation_id,
                        action=AuditEntry.Action.AWARDED,
                        badge_class_id=p.badge_id,
                        award_id=pk,
                        subject_id=p.recipient_id,
                        detail=p.audit_detail(),
                    )
                    for pk, p in new
                ],
                batch_size=INSERT_CHUNK,
            )
        send_awarded_on_commit([pk for pk, _ in new])
    if not as_models:
        return len(new)
    return [p.to_model(pk=pk) for pk, p in new]
