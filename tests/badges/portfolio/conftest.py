"""Fixtures for the learner and manager badge pages.

`digcomp`: a small DigComp-like framework (code "digcomp", 8 levels, proficient from 3)
built with factories, so each test controls exactly which competences exist.
`comp(code)`: a competence of it. `role`: the learner's job role (set on the learner).
`sign_off_badge`: a council badge aligned to 4.2 at level 4 whose one rule is a
manager sign-off. `evaluations`: the user ids the services queued for evaluation.
"""

from __future__ import annotations

import pytest

from badges.factories import (
    BadgeAlignmentFactory,
    BadgeClassFactory,
    CriterionFactory,
    FrameworkFactory,
    FrameworkItemFactory,
    scale,
)
from badges.models import Criterion
from lms.people.factories import JobRoleFactory


@pytest.fixture
def digcomp(db):
    framework = FrameworkFactory(code="digcomp", title="DigComp")
    framework.scale = scale(framework)
    return framework


@pytest.fixture
def level(digcomp):
    return lambda rank: digcomp.scale[rank - 1]


@pytest.fixture
def comp(digcomp):
    made = {}

    def make(code: str, title: str | None = None):
        if code not in made:
            made[code] = FrameworkItemFactory(
                framework=digcomp,
                code=code,
                title=title or f"Competence {code}",
                position=len(made),
            )
        return made[code]

    return make


@pytest.fixture
def role(learner):
    job_role = JobRoleFactory(name="Customer services adviser")
    profile = learner.staff_profile
    profile.job_role = job_role
    profile.save(update_fields=["job_role"])
    return job_role


@pytest.fixture
def sign_off_badge(council, comp, level):
    badge = BadgeClassFactory(organisation=council, name="Handles personal data safely")
    BadgeAlignmentFactory(badge_class=badge, item=comp("4.2"), level=level(4))
    badge.sign_off = CriterionFactory(
        badge_class=badge,
        kind=Criterion.Kind.SIGN_OFF,
        signer=Criterion.Signer.MANAGER,
        instructions="Show a subject access request you handled.",
    )
    return badge


@pytest.fixture
def evaluations(monkeypatch):
    """User ids the services asked the badge engine to evaluate (on commit)."""
    queued: list[int] = []
    monkeypatch.setattr(
        "badges.portfolio.services._evaluate_later", lambda user_id: queued.append(user_id)
    )
    return queued
