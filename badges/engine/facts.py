"""What learners have done that criteria can ask about, loaded for many learners at once.

Completions, best activity scores, awards, signed-off evidence and self-assessments come
back in one UNION ALL query, whether for one learner after an event or for a batch of
500 in a re-evaluation; branches no loaded criterion asks about are left out. The
scored events behind best scores (to date a qualifying attempt and cite it) are a second
query, run only when some best score reaches a rule's threshold.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import connection
from django.db.models import (
    CharField,
    DateTimeField,
    DecimalField,
    F,
    IntegerField,
    Q,
    Value,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce

from badges.engine.cycles import LatestAward
from badges.engine.rules import RuleBook
from badges.models import BadgeAward, EvidenceSubmission, SelfAssessment
from lms.records.models import ActivityProgress, CourseCompletion, LearningEvent

# Verbs whose events carry an activity's score.
SCORED_VERBS = (
    LearningEvent.Verb.PASSED,
    LearningEvent.Verb.COMPLETED,
    LearningEvent.Verb.FAILED,
    LearningEvent.Verb.ANSWERED,
    LearningEvent.Verb.PROGRESSED,
)
# A batch whose ids are this dense is fetched by id range, which is cheaper to plan and
# to build than a long IN list; rows of learners outside the batch are skipped.
DENSE_ENOUGH = 2


@dataclass(slots=True)
class Dated:
    """A fact with the row that proves it and when it happened."""

    pk: int | None
    at: datetime.datetime
    score: Decimal | None = None
    # Self-assessments: status and level rank.
    status: str = ""
    rank: int | None = None


@dataclass(slots=True)
class LearnerFacts:
    user_id: int
    organisation_id: int | None = None
    completions: dict[int, list[Dated]] = field(default_factory=dict)
    best_scores: dict[tuple, Dated] = field(default_factory=dict)
    attempts: dict[tuple, list[Dated]] = field(default_factory=dict)
    awards: dict[int, list[LatestAward]] = field(default_factory=dict)
    submissions: dict[int, list[Dated]] = field(default_factory=dict)
    self_assessments: dict[int, Dated] = field(default_factory=dict)
    # declared_at of the self-assessment held per item, to keep the newest.
    _declared: dict[int, tuple] = field(default_factory=dict)

    def latest_award(self, badge_id: int) -> LatestAward | None:
        held = self.awards.get(badge_id)
        if not held:
            return None
        return held[0] if len(held) == 1 else max(held, key=lambda award: award.cycle)

    def add_award(self, badge_id: int, award: LatestAward) -> None:
        self.awards.setdefault(badge_id, []).append(award)

    def fact_keys(self) -> set[tuple]:
        """Index keys (as in RuleBook.index) of everything this learner has."""
        keys = {("course", course_id) for course_id in self.completions}
        keys.update(("activity", *key) for key in self.best_scores)
        keys.update(("badge", badge_id) for badge_id in self.awards)
        keys.update(("signoff", criterion_id) for criterion_id in self.submissions)
        keys.update(("item", item_id) for item_id in self.self_assessments)
        return keys


def _score(text) -> Decimal | None:
    try:
        return Decimal(str(text)) if text not in (None, "") else None
    except InvalidOperation:
        return None


def _users(field_name: str, user_ids: list[int]) -> Q:
    low, high = min(user_ids), max(user_ids)
    if high - low + 1 <= DENSE_ENOUGH * len(user_ids):
        return Q(**{f"{field_name}__gte": low, f"{field_name}__lte": high})
    return Q(**{f"{field_name}__in": user_ids})


# Typed NULLs: PostgreSQL types a bare NULL in the first UNION branch as text.
_NO_TIME = Cast(Value(None), output_field=DateTimeField())
_NO_INT = Cast(Value(None), output_field=IntegerField())
_NO_NUMBER = Cast(Value(None), output_field=DecimalField(max_digits=5, decimal_places=4))
_NO_TEXT = Value("", output_field=CharField())
COLUMNS = (
    "f_kind",
    "f_user",
    "f_key",
    "f_text",
    "f_pk",
    "f_at",
    "f_at2",
    "f_at3",
    "f_num",
    "f_int",
)


def _branch(queryset, kind: str, **columns):
    """One UNION branch: every branch selects COLUMNS in the same order and types."""
    values = {
        "f_kind": Value(kind, output_field=CharField()),
        "f_text": _NO_TEXT,
        "f_pk": F("pk"),
        "f_at2": _NO_TIME,
        "f_at3": _NO_TIME,
        "f_num": _NO_NUMBER,
        "f_int": _NO_INT,
        **columns,
    }
    return (
        queryset.order_by()
        .annotate(**{name: values[name] for name in COLUMNS})
        .values_list(*COLUMNS)
    )


def _fact_query(user_ids: list[int], rulebook: RuleBook):
    course_ids = {key[0] for key in rulebook.keys_of("course")}
    activity_keys = {key for _, key in rulebook.keys_of("activity")}
    signoff_ids = {key[0] for key in rulebook.keys_of("signoff")}
    item_ids = {key[0] for key in rulebook.keys_of("item")}
    branches = [
        _branch(
            BadgeAward.objects.filter(_users("recipient_id", user_ids)),
            "w",
            f_user=F("recipient_id"),
            f_key=F("badge_class_id"),
            f_at=F("awarded_at"),
            f_at2=F("expires_at"),
            f_at3=F("revoked_at"),
            f_int=F("cycle"),
        )
    ]
    if course_ids:
        branches.append(
            _branch(
                CourseCompletion.objects.filter(
                    _users("user_id", user_ids), course_id__in=course_ids
                ),
                "c",
                f_user=F("user_id"),
                f_key=F("course_id"),
                f_at=F("completed_at"),
            )
        )
    if activity_keys:
        branches.append(
            _branch(
                ActivityProgress.objects.filter(
                    _users("enrolment__user_id", user_ids),
                    activity_key__in=activity_keys,
                    best_score__isnull=False,
                ),
                "a",
                f_user=F("enrolment__user_id"),
                f_key=F("lesson_id"),
                f_text=F("activity_key"),
                f_pk=_NO_INT,
                f_at=F("updated_at"),
                f_num=F("best_score"),
            )
        )
    if signoff_ids:
        branches.append(
            _branch(
                EvidenceSubmission.objects.filter(
                    _users("learner_id", user_ids),
                    criterion_id__in=signoff_ids,
                    status=EvidenceSubmission.Status.APPROVED,
                ),
                "s",
                f_user=F("learner_id"),
                f_key=F("criterion_id"),
                f_at=Coalesce("reviewed_at", "submitted_at"),
            )
        )
    if item_ids:
        branches.append(
            _branch(
                SelfAssessment.objects.filter(_users("learner_id", user_ids), item_id__in=item_ids),
                "p",
                f_user=F("learner_id"),
                f_key=F("item_id"),
                f_text=F("status"),
                f_at=Coalesce("confirmed_at", "declared_at"),
                f_at2=F("declared_at"),
                f_int=F("level__rank"),
            )
        )
    first, *others = branches
    return first.union(*others, all=True) if others else first


def _rows(queryset) -> list[tuple]:
    """The rows of a values_list queryset, read fast on PostgreSQL.

    Django reads timestamptz with its own Python loader (a subclass, so psycopg cannot
    swap in its C one); over a re-evaluation batch's tens of thousands of timestamps
    that is a fifth of the run. psycopg's own loader gives the same aware datetimes in
    the session's time zone, which Django sets to UTC. Only this cursor changes.
    """
    if connection.vendor != "postgresql":
        return list(queryset)
    from psycopg.types.datetime import TimestamptzLoader

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
        cursor.execute(sql, params)
        return cursor.fetchall()


def load_facts(*, user_ids, rulebook: RuleBook) -> dict[int, LearnerFacts]:
    """Facts for `user_ids` that `rulebook`'s criteria can use, keyed by user id."""
    user_ids = list(user_ids)
    facts = {uid: LearnerFacts(user_id=uid) for uid in user_ids}
    if not rulebook.badges or not user_ids:
        return facts
    activity_keys = rulebook.keys_of("activity")
    for kind, user_id, key, text, pk, at, at2, at3, number, integer in _rows(
        _fact_query(user_ids, rulebook)
    ):
        learner = facts.get(user_id)
        if learner is None:
            continue
        if kind == "w":
            learner.add_award(key, LatestAward(pk, integer, at, at2, at3))
        elif kind == "c":
            learner.completions.setdefault(key, []).append(Dated(pk=pk, at=at))
        elif kind == "a":
            if (key, text) in activity_keys:
                learner.best_scores[(key, text)] = Dated(pk=None, at=at, score=number)
        elif kind == "s":
            learner.submissions.setdefault(key, []).append(Dated(pk=pk, at=at))
        elif kind == "p":
            # History rows: the newest declaration (then the highest id) is current.
            order = (at2, pk)
            if key not in learner._declared or order > learner._declared[key]:
                learner._declared[key] = order
                learner.self_assessments[key] = Dated(pk=pk, at=at, status=text, rank=integer)
    for learner in facts.values():
        for rows in (*learner.completions.values(), *learner.submissions.values()):
            rows.sort(key=lambda row: row.at, reverse=True)
    _load_attempts(facts, rulebook)
    return facts


def _load_attempts(facts: dict[int, LearnerFacts], rulebook: RuleBook) -> None:
    """Scored events where a best score reaches some rule's threshold, newest first."""
    thresholds = rulebook.activity_thresholds()
    reached = {
        (user_id, key)
        for user_id, learner in facts.items()
        for key, best in learner.best_scores.items()
        if best.score >= thresholds[key]
    }
    if not reached:
        return
    user_ids = sorted({user_id for user_id, _ in reached})
    events = (
        LearningEvent.objects.filter(
            _users("user_id", user_ids),
            activity_key__in={key[1] for _, key in reached},
            verb__in=SCORED_VERBS,
            result__has_key="score",
        )
        .annotate(score=KeyTextTransform("score", "result"))
        .order_by("-occurred_at", "-pk")
        .values_list("user_id", "pk", "lesson_id", "activity_key", "score", "occurred_at")
    )
    for user_id, pk, lesson_id, key, score, at in events:
        value = _score(score)
        if value is not None and (user_id, (lesson_id, key)) in reached:
            facts[user_id].attempts.setdefault((lesson_id, key), []).append(
                Dated(pk=pk, at=at, score=value)
            )
