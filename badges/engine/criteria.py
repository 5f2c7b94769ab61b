"""Deciding whether a learner's facts meet a badge's criteria, and refusing criteria loops.

Rules in a group are ANDed and groups are ORed. Each met rule yields the AwardEvidence
row that names what met it. A rule whose target was deleted never matches.

Freshness: when a badge has a validity period, only evidence from within that period
counts; when the learner held the badge before, only evidence newer than that award
counts (newer than its revocation, if it was revoked), so an expired or revoked badge
is not simply handed back on the old evidence. Holding another badge is a state, not
an event: a current award of it is enough, unless the badge was revoked, when the
held award must also postdate the revocation.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from badges.engine.cycles import LatestAward, next_cycle
from badges.engine.facts import LearnerFacts
from badges.engine.rules import BadgeRules, Kind, Rule
from badges.models import BadgeClass, Criterion

SUMMARY_LENGTH = 255


def _percent(score) -> str:
    return f"{score * 100:.0f}%"


def _evidence(rule: Rule, summary: str, **target) -> dict:
    return {"criterion_id": rule.id, "summary": summary[:SUMMARY_LENGTH], **target}


def _newer(at: datetime.datetime, since: datetime.datetime | None) -> bool:
    return since is None or at > since


def rule_met(
    rule: Rule,
    facts: LearnerFacts,
    *,
    since: datetime.datetime | None,
    held_since: datetime.datetime | None,
    now: datetime.datetime,
) -> dict | None:
    """The evidence row if `rule` is met by `facts`, else None."""
    kind = rule.kind
    if kind == Kind.COURSE_COMPLETED:
        if rule.course_id is None:
            return None
        for completion in facts.completions.get(rule.course_id, ()):
            if _newer(completion.at, since):
                return _evidence(
                    rule,
                    f"Completed “{rule.label}” on {completion.at:%d %B %Y}",
                    course_completion_id=completion.pk,
                )
        return None

    if kind == Kind.ACTIVITY_SCORE:
        if rule.lesson_id is None or not rule.activity_key or rule.min_score is None:
            return None
        key = (rule.lesson_id, rule.activity_key)
        best = facts.best_scores.get(key)
        if best is None or best.score < rule.min_score:
            return None
        for attempt in facts.attempts.get(key, ()):
            if attempt.score >= rule.min_score and _newer(attempt.at, since):
                return _evidence(
                    rule,
                    f"Scored {_percent(attempt.score)} in {rule.label} on {attempt.at:%d %B %Y}",
                    learning_event_id=attempt.pk,
                )
        if since is None:
            # Progress recorded without an event (imported): the best score still counts.
            return _evidence(rule, f"Best score {_percent(best.score)} in {rule.label}")
        return None

    if kind == Kind.BADGE_HELD:
        if rule.required_badge_id is None:
            return None
        for held in facts.awards.get(rule.required_badge_id, ()):
            if held.is_current(now) and _newer(held.awarded_at, held_since):
                target = (
                    {"pending_held_badge_id": rule.required_badge_id}
                    if held.pending
                    else {"held_award_id": held.pk}
                )
                return _evidence(rule, f"Holds “{rule.label}”", **target)
        return None

    if kind == Kind.SIGN_OFF:
        for submission in facts.submissions.get(rule.id, ()):
            if _newer(submission.at, since):
                return _evidence(
                    rule,
                    f"Evidence signed off on {submission.at:%d %B %Y}",
                    submission_id=submission.pk,
                )
        return None

    if kind == Kind.SELF_ASSESSMENT:
        if rule.item_id is None or rule.level_rank is None:
            return None
        current = facts.self_assessments.get(rule.item_id)
        if (
            current is not None
            and current.status == "confirmed"
            and current.rank is not None
            and current.rank >= rule.level_rank
            and _newer(current.at, since)
        ):
            return _evidence(
                rule,
                f"Self-assessed {rule.label} (level {current.rank}), confirmed by manager",
                self_assessment_id=current.pk,
            )
        return None
    return None


def evidence_since(
    badge: BadgeRules, latest: LatestAward | None, now: datetime.datetime
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """(since, held_since): how new evidence must be for the badge's next award."""
    since = held_since = None
    if latest is not None:
        since = latest.revoked_at or latest.awarded_at
        held_since = latest.revoked_at
    if badge.valid_for_days:
        window = now - datetime.timedelta(days=badge.valid_for_days)
        since = window if since is None else max(since, window)
    return since, held_since


def meets(
    badge: BadgeRules,
    facts: LearnerFacts,
    *,
    now: datetime.datetime,
    latest: LatestAward | None = None,
) -> tuple[int, list[dict]] | None:
    """(cycle, evidence rows) if the learner earns `badge` now, else None.

    `latest` is the learner's latest award of the badge, if the caller has looked it up.
    """
    latest = latest or facts.latest_award(badge.id)
    cycle = next_cycle(latest=latest, recertify_within_days=badge.recertify_within_days, at=now)
    if cycle is None:
        return None
    since, held_since = evidence_since(badge, latest, now)
    for group in badge.groups:
        evidence = []
        for rule in group:
            found = rule_met(rule, facts, since=since, held_since=held_since, now=now)
            if found is None:
                break
            evidence.append(found)
        else:
            return cycle, evidence
    return None


def _requirement_graph(
    badge_class_id: int | None, required_badge_ids
) -> dict[int | None, set[int]]:
    graph: dict[int | None, set[int]] = {}
    for owner, required in Criterion.objects.filter(
        kind=Kind.BADGE_HELD, required_badge__isnull=False
    ).values_list("badge_class_id", "required_badge_id"):
        graph.setdefault(owner, set()).add(required)
    # The badge being edited: its proposed requirements replace the saved ones.
    graph[badge_class_id] = {int(pk) for pk in required_badge_ids if pk is not None}
    return graph


def find_criteria_loop(*, badge_class: BadgeClass, required_badge_ids) -> list[BadgeClass]:
    """The chain of badges that leads back to `badge_class` (empty when there is none).

    `required_badge_ids` are the badges the edited criteria would require, so a form
    can check before saving. The result starts and ends with `badge_class`.
    """
    start = badge_class.pk
    required = list(required_badge_ids)
    if start is None:
        return []
    graph = _requirement_graph(start, required)
    # Depth-first with an explicit stack of paths; each badge is expanded once.
    stack = [[start, nxt] for nxt in sorted(graph.get(start, ()))]
    seen: set[int] = set()
    path: list[int] = []
    while stack:
        candidate = stack.pop()
        node = candidate[-1]
        if node == start:
            path = candidate
            break
        if node in seen:
            continue
        seen.add(node)
        stack.extend([*candidate, nxt] for nxt in sorted(graph.get(node, ())))
    if not path:
        return []
    names = BadgeClass.objects.in_bulk(set(path))
    return [badge_class if pk == start else names[pk] for pk in path]


def describe_loop(chain: list[BadgeClass]) -> str:
    return " needs ".join(f"“{badge}”" for badge in chain)


def ensure_no_criteria_loop(*, badge_class: BadgeClass, required_badge_ids=None) -> None:
    """Raise ValidationError if the badge's (proposed or saved) criteria form a loop.

    Services that save criteria call this; the admin form calls find_criteria_loop to
    put the message on the field.
    """
    if required_badge_ids is None:
        required_badge_ids = Criterion.objects.filter(
            badge_class_id=badge_class.pk, kind=Kind.BADGE_HELD, required_badge__isnull=False
        ).values_list("required_badge_id", flat=True)
    chain = find_criteria_loop(badge_class=badge_class, required_badge_ids=required_badge_ids)
    if chain:
        raise ValidationError(
            f"These criteria would make a loop that nobody could ever meet: {describe_loop(chain)}."
        )
