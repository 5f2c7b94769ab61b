"""Badge criteria loaded once into plain objects, indexed by the facts that can meet them.

Evaluation then happens in Python against a learner's facts, so the number of queries
does not grow with the number of badge classes. The index answers "which badges could
this learner's completion, score, award, sign-off or self-assessment help earn?", so a
learner is only checked against badges they have some evidence for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q, Subquery

from badges.models import Criterion
from lms.people.models import StaffProfile

Kind = Criterion.Kind


@dataclass(frozen=True, slots=True)
class Rule:
    id: int
    badge_id: int
    group: int
    kind: str
    course_id: int | None
    lesson_id: int | None
    activity_key: str
    min_score: Decimal | None
    required_badge_id: int | None
    item_id: int | None
    level_rank: int | None
    label: str

    def fact_key(self) -> tuple | None:
        """The index key of the fact that could meet this rule; None if nothing can."""
        if self.kind == Kind.COURSE_COMPLETED and self.course_id:
            return ("course", self.course_id)
        if (
            self.kind == Kind.ACTIVITY_SCORE
            and self.lesson_id
            and self.activity_key
            and self.min_score is not None
        ):
            return ("activity", self.lesson_id, self.activity_key)
        if self.kind == Kind.BADGE_HELD and self.required_badge_id:
            return ("badge", self.required_badge_id)
        if self.kind == Kind.SIGN_OFF:
            return ("signoff", self.id)
        if self.kind == Kind.SELF_ASSESSMENT and self.item_id and self.level_rank is not None:
            return ("item", self.item_id)
        return None


@dataclass(slots=True)
class BadgeRules:
    id: int
    name: str
    organisation_id: int | None
    valid_for_days: int | None
    recertify_within_days: int | None
    groups: list[tuple[Rule, ...]] = field(default_factory=list)


@dataclass
class RuleBook:
    badges: dict[int, BadgeRules]
    index: dict[tuple, set[int]]
    # Set when the book was loaded for one learner: their council (None: sector only).
    learner_organisation_id: int | None = None

    @property
    def rules(self):
        for badge in self.badges.values():
            for group in badge.groups:
                yield from group

    def keys_of(self, kind: str) -> set:
        return {key[1:] for key in self.index if key[0] == kind}

    def activity_thresholds(self) -> dict[tuple[int, str], Decimal]:
        """The lowest qualifying score asked of each (lesson, activity key)."""
        lowest: dict[tuple[int, str], Decimal] = {}
        for rule in self.rules:
            if rule.fact_key() is not None and rule.kind == Kind.ACTIVITY_SCORE:
                key = (rule.lesson_id, rule.activity_key)
                lowest[key] = min(lowest.get(key, rule.min_score), rule.min_score)
        return lowest

    def dependents(self, badge_id: int) -> set[int]:
        return self.index.get(("badge", badge_id), set())

    def with_dependents(self, badge_ids) -> set[int]:
        """The badges given plus every badge that (transitively) needs one of them held."""
        found, todo = set(), list(badge_ids)
        while todo:
            badge_id = todo.pop()
            if badge_id in found or badge_id not in self.badges:
                continue
            found.add(badge_id)
            todo.extend(self.dependents(badge_id))
        return found


_VALUES = (
    "pk",
    "badge_class_id",
    "group",
    "kind",
    "course_id",
    "course__title",
    "lesson_id",
    "lesson__title",
    "activity_key",
    "min_score",
    "required_badge_id",
    "required_badge__name",
    "item_id",
    "item__code",
    "level__rank",
    "badge_class__name",
    "badge_class__organisation_id",
    "badge_class__valid_for_days",
    "badge_class__recertify_within_days",
)


def _label(row: dict) -> str:
    kind = row["kind"]
    if kind == Kind.COURSE_COMPLETED:
        return row["course__title"] or "a deleted course"
    if kind == Kind.ACTIVITY_SCORE:
        return f"{row['lesson__title'] or 'a deleted lesson'} ({row['activity_key']})"
    if kind == Kind.BADGE_HELD:
        return row["required_badge__name"] or "a deleted badge"
    if kind == Kind.SELF_ASSESSMENT:
        return f"competence {row['item__code'] or '(deleted)'} at level {row['level__rank']}"
    return row["badge_class__name"]


def build_rulebook(rows, *, learner_organisation_id: int | None = None) -> RuleBook:
    badges: dict[int, BadgeRules] = {}
    grouped: dict[int, dict[int, list[Rule]]] = defaultdict(lambda: defaultdict(list))
    index: dict[tuple, set[int]] = defaultdict(set)
    for row in rows:
        badge_id = row["badge_class_id"]
        if badge_id not in badges:
            badges[badge_id] = BadgeRules(
                id=badge_id,
                name=row["badge_class__name"],
                organisation_id=row["badge_class__organisation_id"],
                valid_for_days=row["badge_class__valid_for_days"],
                recertify_within_days=row["badge_class__recertify_within_days"],
            )
        rule = Rule(
            id=row["pk"],
            badge_id=badge_id,
            group=row["group"],
            kind=row["kind"],
            course_id=row["course_id"],
            lesson_id=row["lesson_id"],
            activity_key=row["activity_key"] or "",
            min_score=row["min_score"],
            required_badge_id=row["required_badge_id"],
            item_id=row["item_id"],
            level_rank=row["level__rank"],
            label=_label(row),
        )
        grouped[badge_id][rule.group].append(rule)
        key = rule.fact_key()
        if key is not None:
            index[key].add(badge_id)
    for badge_id, groups in grouped.items():
        badges[badge_id].groups = [tuple(groups[number]) for number in sorted(groups)]
    return RuleBook(
        badges=badges, index=dict(index), learner_organisation_id=learner_organisation_id
    )


def _active_criteria():
    return Criterion.objects.filter(badge_class__is_active=True).order_by(
        "badge_class_id", "group", "sort_order", "pk"
    )


def load_rulebook_for_learner(*, user_id: int) -> RuleBook:
    """The criteria of every active badge this learner may earn, and their council: one query.

    The council comes back on each row from an uncorrelated subquery (evaluated once),
    which saves a round trip on the hot path after every learning event.
    """
    council = StaffProfile.objects.filter(user_id=user_id, is_active=True).values(
        "organisation_id"
    )[:1]
    rows = list(
        _active_criteria()
        .annotate(learner_organisation_id=Subquery(council))
        .filter(
            Q(badge_class__organisation__isnull=True)
            | Q(badge_class__organisation_id=F("learner_organisation_id"))
        )
        .values(*_VALUES, "learner_organisation_id")
    )
    organisation_id = rows[0]["learner_organisation_id"] if rows else None
    return build_rulebook(rows, learner_organisation_id=organisation_id)


def load_rulebook(*, organisation_id: int | None = None, sector_only: bool = False) -> RuleBook:
    """Criteria of every active badge, or of a council's and the sector's: one query."""
    criteria = _active_criteria()
    if sector_only:
        criteria = criteria.filter(badge_class__organisation__isnull=True)
    elif organisation_id is not None:
        criteria = criteria.filter(
            Q(badge_class__organisation__isnull=True)
            | Q(badge_class__organisation_id=organisation_id)
        )
    return build_rulebook(criteria.values(*_VALUES))
