"""What learners have done that criteria can ask about, loaded for many learners at once.

One query per kind of fact, whether for one learner after an event or for a batch of
500 in a re-evaluation; kinds no loaded criterion asks about are not queried at all.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models.fields.json import KeyTextTransform

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


@dataclass(slots=True)
class Dated:
    """A fact with the row that proves it and when it happened."""

    pk: int | None
    at: datetime.datetime
    score: Decimal | None = None
    # Self-assessments: status and level rank.
    status: str = ""
    rank: int | None = None
    # Awards made earlier in the same evaluation, not yet saved: the badge they are of.
    pending_badge_id: int | None = None


@dataclass(slots=True)
class HeldAward:
    latest: LatestAward
    pending: bool = False


@dataclass
class LearnerFacts:
    user_id: int
    organisation_id: int | None = None
    completions: dict[int, list[Dated]] = field(default_factory=lambda: defaultdict(list))
    best_scores: dict[tuple, Dated] = field(default_factory=dict)
    attempts: dict[tuple, list[Dated]] = field(default_factory=lambda: defaultdict(list))
    awards: dict[int, list[HeldAward]] = field(default_factory=lambda: defaultdict(list))
    submissions: dict[int, list[Dated]] = field(default_factory=lambda: defaultdict(list))
    self_assessments: dict[int, Dated] = field(default_factory=dict)

    def latest_award(self, badge_id: int) -> LatestAward | None:
        held = self.awards.get(badge_id)
        return max(held, key=lambda h: h.latest.cycle).latest if held else None

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


def load_facts(*, user_ids, rulebook: RuleBook) -> dict[int, LearnerFacts]:
    """Facts for `user_ids` that `rulebook`'s criteria can use, keyed by user id."""
    user_ids = list(user_ids)
    facts = {uid: LearnerFacts(user_id=uid) for uid in user_ids}
    if not rulebook.badges or not user_ids:
        return facts
    course_ids = {key[0] for key in rulebook.keys_of("course")}
    activity_keys = rulebook.keys_of("activity")
    signoff_ids = {key[0] for key in rulebook.keys_of("signoff")}
    item_ids = {key[0] for key in rulebook.keys_of("item")}

    if course_ids:
        for row in (
            CourseCompletion.objects.filter(user_id__in=user_ids, course_id__in=course_ids)
            .order_by("-completed_at")
            .values_list("user_id", "course_id", "pk", "completed_at")
        ):
            facts[row[0]].completions[row[1]].append(Dated(pk=row[2], at=row[3]))

    if activity_keys:
        keys = {key for _, key in activity_keys}
        progress = ActivityProgress.objects.filter(
            enrolment__user_id__in=user_ids, activity_key__in=keys, best_score__isnull=False
        )
        for user_id, lesson_id, key, best, updated_at in progress.values_list(
            "enrolment__user_id", "lesson_id", "activity_key", "best_score", "updated_at"
        ):
            if (lesson_id, key) in activity_keys:
                facts[user_id].best_scores[(lesson_id, key)] = Dated(
                    pk=None, at=updated_at, score=best
                )
        # Events are only needed where a best score reaches some rule's threshold: they
        # date the qualifying attempt and name it as evidence.
        thresholds = rulebook.activity_thresholds()
        reached = {
            (user_id, key)
            for user_id, learner in facts.items()
            for key, best in learner.best_scores.items()
            if best.score >= thresholds[key]
        }
        if reached:
            events = (
                LearningEvent.objects.filter(
                    user_id__in={user_id for user_id, _ in reached},
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
                    facts[user_id].attempts[(lesson_id, key)].append(
                        Dated(pk=pk, at=at, score=value)
                    )

    awards = BadgeAward.objects.filter(recipient_id__in=user_ids).values_list(
        "recipient_id", "badge_class_id", "pk", "cycle", "awarded_at", "expires_at", "revoked_at"
    )
    for user_id, badge_id, *latest in awards:
        facts[user_id].awards[badge_id].append(HeldAward(LatestAward(*latest)))

    if signoff_ids:
        for user_id, criterion_id, pk, reviewed_at, submitted_at in (
            EvidenceSubmission.objects.filter(
                learner_id__in=user_ids,
                criterion_id__in=signoff_ids,
                status=EvidenceSubmission.Status.APPROVED,
            )
            .order_by("-reviewed_at", "-pk")
            .values_list("learner_id", "criterion_id", "pk", "reviewed_at", "submitted_at")
        ):
            facts[user_id].submissions[criterion_id].append(
                Dated(pk=pk, at=reviewed_at or submitted_at)
            )

    if item_ids:
        # Newest first, so the first row per (learner, item) is the current one.
        for user_id, item_id, pk, status, rank, declared_at, confirmed_at in (
            SelfAssessment.objects.filter(learner_id__in=user_ids, item_id__in=item_ids)
            .order_by("-declared_at", "-pk")
            .values_list(
                "learner_id",
                "item_id",
                "pk",
                "status",
                "level__rank",
                "declared_at",
                "confirmed_at",
            )
        ):
            facts[user_id].self_assessments.setdefault(
                item_id,
                Dated(pk=pk, at=confirmed_at or declared_at, status=status, rank=rank),
            )
    return facts
