"""Evaluating learners against badge criteria and awarding what they have earned.

The same decision code serves one learner after a learning event and a batch of
learners in a re-evaluation: criteria and facts are loaded with a fixed number of
queries, decisions are made in Python, and awards are saved in bulk.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from badges.engine.criteria import meets
from badges.engine.cycles import LatestAward, validity
from badges.engine.facts import LearnerFacts, load_facts
from badges.engine.learners import may_earn
from badges.engine.rules import RuleBook, load_rulebook_for_learner
from badges.engine.writing import PendingAward, save_pending_awards
from badges.models import BadgeAward


def decide_awards(
    *,
    rulebook: RuleBook,
    facts: LearnerFacts,
    now: datetime.datetime,
    only: Iterable[int] | None = None,
) -> list[PendingAward]:
    """Awards the learner has earned now, following badge chains to a fixed point.

    Only badges some fact of the learner could help with are checked (a badge whose
    every rule lacks a fact cannot be met). A new award can meet another badge's
    "badge held" rule, so its dependents are checked next; a badge is awarded at most
    once per evaluation, which bounds the loop by the number of badges.
    """
    candidates: set[int] = set()
    for key in facts.fact_keys():
        candidates.update(rulebook.index.get(key, ()))
    if only is not None:
        candidates &= rulebook.with_dependents(only)
    pending: list[PendingAward] = []
    awarded: set[int] = set()
    while candidates:
        next_round: set[int] = set()
        for badge_id in sorted(candidates):
            badge = rulebook.badges.get(badge_id)
            if badge is None or badge_id in awarded:
                continue
            latest = facts.latest_award(badge_id)
            # The common case in a re-evaluation: held, current and not yet renewable.
            if latest is not None and latest.revoked_at is None and latest.expires_at is None:
                continue
            if not may_earn(
                badge_organisation_id=badge.organisation_id,
                learner_organisation_id=facts.organisation_id,
            ):
                continue
            decision = meets(badge, facts, now=now, latest=latest)
            if decision is None:
                continue
            cycle, evidence = decision
            valid_from, expires_at = validity(
                awarded_at=now, valid_for_days=badge.valid_for_days, latest=latest
            )
            award = PendingAward(
                badge_id=badge_id,
                recipient_id=facts.user_id,
                organisation_id=facts.organisation_id,
                cycle=cycle,
                awarded_at=now,
                valid_from=valid_from,
                expires_at=expires_at,
                evidence=evidence,
            )
            pending.append(award)
            awarded.add(badge_id)
            facts.add_award(
                badge_id,
                LatestAward(
                    pk=None,
                    cycle=cycle,
                    awarded_at=now,
                    expires_at=expires_at,
                    revoked_at=None,
                    pending=True,
                ),
            )
            next_round.update(rulebook.dependents(badge_id))
        candidates = next_round - awarded
    return pending


def evaluate_learner(*, user_id: int, badge_class_ids=None) -> list[BadgeAward]:
    """Award every active badge `user_id` has newly earned; returns the new awards.

    `badge_class_ids` limits the check to those badges (and the badges that need them
    held). Safe to run twice or concurrently: the once-per-cycle constraint decides.
    """
    rulebook = load_rulebook_for_learner(user_id=user_id)
    if not rulebook.badges:
        return []
    facts = load_facts(user_ids=[user_id], rulebook=rulebook)[user_id]
    facts.organisation_id = rulebook.learner_organisation_id
    pending = decide_awards(
        rulebook=rulebook, facts=facts, now=timezone.now(), only=badge_class_ids
    )
    return save_pending_awards(pending)
