"""Audit entries for badges created and changed in the admin, with criteria in words.

Criteria are described as short sentences ("group 1: complete “Staying safe
online”") so the audit log says what changed without anyone decoding ids, and the
diff is taken between the rules as saved before and after the edit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from badges.models import AuditEntry, BadgeAlignment, BadgeClass, Criterion

GONE = "(deleted)"


def percent(fraction) -> str:
    """0.8 as "80%", 0.755 as "75.5%"."""
    return f"{format((fraction * 100).normalize(), 'f')}%"


def describe_criterion(criterion: Criterion) -> str:
    kind = criterion.kind
    if kind == Criterion.Kind.COURSE_COMPLETED:
        what = f"complete “{criterion.course.title}”" if criterion.course else f"complete {GONE}"
    elif kind == Criterion.Kind.ACTIVITY_SCORE:
        score = percent(criterion.min_score) if criterion.min_score is not None else "any score"
        where = f"“{criterion.lesson.title}”" if criterion.lesson else GONE
        what = f"score {score} or more in activity {criterion.activity_key[:8]} of {where}"
    elif kind == Criterion.Kind.BADGE_HELD:
        badge = criterion.required_badge
        what = f"hold “{badge.name}”" if badge else f"hold {GONE}"
    elif kind == Criterion.Kind.SIGN_OFF:
        what = f"{criterion.get_signer_display().lower()} signs off evidence"
        if criterion.item:
            what += f" for {criterion.item.code}"
    else:
        item = criterion.item.code if criterion.item else GONE
        level = f" at level {criterion.level.rank}" if criterion.level else ""
        what = f"self-assessment of {item}{level} confirmed"
    return f"group {criterion.group}: {what}"


def describe_alignment(alignment: BadgeAlignment) -> str:
    level = f" at level {alignment.level.rank}" if alignment.level_id else ""
    return f"{alignment.item.framework.code} {alignment.item.code}{level}"


def saved_criteria(badge_id: int | None) -> list[str]:
    if badge_id is None:
        return []
    rows = Criterion.objects.filter(badge_class_id=badge_id).select_related(
        "course", "lesson", "required_badge", "item", "level"
    )
    return sorted(describe_criterion(row) for row in rows)


def saved_alignments(badge_id: int | None) -> list[str]:
    if badge_id is None:
        return []
    rows = BadgeAlignment.objects.filter(badge_class_id=badge_id).select_related(
        "item__framework", "level"
    )
    return sorted(describe_alignment(row) for row in rows)


@dataclass(frozen=True)
class Snapshot:
    criteria: list[str]
    alignments: list[str]

    @classmethod
    def of(cls, badge_id: int | None) -> Snapshot:
        return cls(saved_criteria(badge_id), saved_alignments(badge_id))


def diff(before: list[str], after: list[str]) -> dict[str, list[str]]:
    old, new = Counter(before), Counter(after)
    return {
        "added": sorted((new - old).elements()),
        "removed": sorted((old - new).elements()),
    }


def record_created(*, badge: BadgeClass, actor) -> Snapshot:
    after = Snapshot.of(badge.pk)
    AuditEntry.objects.create(
        organisation_id=badge.organisation_id,
        actor=actor,
        action=AuditEntry.Action.BADGE_CREATED,
        badge_class=badge,
        detail={
            "name": badge.name,
            "slug": badge.slug,
            "criteria": after.criteria,
            "alignments": after.alignments,
        },
    )
    return after


def record_changed(
    *, badge: BadgeClass, actor, before: Snapshot, changed_fields: list[str]
) -> bool:
    """Write badge_changed and/or criteria_changed; True when the criteria changed."""
    after = Snapshot.of(badge.pk)
    alignments = diff(before.alignments, after.alignments)
    criteria = diff(before.criteria, after.criteria)
    if changed_fields or alignments["added"] or alignments["removed"]:
        AuditEntry.objects.create(
            organisation_id=badge.organisation_id,
            actor=actor,
            action=AuditEntry.Action.BADGE_CHANGED,
            badge_class=badge,
            detail={"fields": sorted(changed_fields), "alignments": alignments},
        )
    if not (criteria["added"] or criteria["removed"]):
        return False
    AuditEntry.objects.create(
        organisation_id=badge.organisation_id,
        actor=actor,
        action=AuditEntry.Action.CRITERIA_CHANGED,
        badge_class=badge,
        detail={**criteria, "before": before.criteria, "after": after.criteria},
    )
    return True


def summarise(detail: dict) -> str:
    """One line for the audit log listing, from an entry's detail."""
    parts = []
    if detail.get("fields"):
        parts.append("changed " + ", ".join(detail["fields"]))
    for key, label in (("added", "added"), ("removed", "removed")):
        if detail.get(key):
            parts.append(f"{label}: " + "; ".join(detail[key]))
    return " · ".join(parts)
