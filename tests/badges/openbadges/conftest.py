"""Fixtures for the Open Badges tests: an aligned badge, awards, and 1EdTech's schemas.

The schemas come from openbadgeslib's sdist, which scripts/fetch-test-fixtures unpacks
into .third_party/; the course tests' `third_party_dir` fixture runs it on first use, so
the schema tests never skip: without the schemas they fail and say why.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jwt
import pytest
from django.utils import timezone

from badges.factories import (
    BadgeAlignmentFactory,
    BadgeAwardFactory,
    BadgeClassFactory,
    FrameworkFactory,
    FrameworkItemFactory,
    scale,
)
from badges.openbadges.issuing import issue_credential
from tests.courses import conftest as course_fixtures

third_party_dir = course_fixtures.third_party_dir

SCHEMA_GLOB = "openbadgeslib/openbadgeslib-*/tests/fixtures/ob_schemas"


@pytest.fixture(scope="session")
def ob_schemas(third_party_dir: Path):
    """{"credential": <AchievementCredential schema>, "profile": <Profile schema>}."""
    folder = next(third_party_dir.glob(SCHEMA_GLOB))
    return {
        "credential": json.loads(
            (folder / "ob_v3p0_achievementcredential_schema.json").read_text()
        ),
        "profile": json.loads((folder / "ob_v3p0_profile_schema.json").read_text()),
    }


@pytest.fixture
def competence(db):
    framework = FrameworkFactory(
        code="digcomp-test", title="DigComp", version="2.2", licence="CC BY 4.0"
    )
    levels = scale(framework)
    item = FrameworkItemFactory(
        framework=framework,
        code="4.2",
        title="Protecting personal data and privacy",
        description="Protect personal data and privacy in digital environments.",
    )
    return item, levels[3]


@pytest.fixture
def badge(council, competence):
    item, level = competence
    badge_class = BadgeClassFactory(
        organisation=council,
        slug="data-protector",
        name="Data protector",
        description="Keeps personal data safe at work.",
        criteria_narrative="Complete the data protection course and pass its quiz.",
        valid_for_days=365,
    )
    BadgeAlignmentFactory(badge_class=badge_class, item=item, level=level)
    return badge_class


@pytest.fixture
def make_award(council):
    def make(recipient, badge_class, **fields):
        fields.setdefault("organisation", council)
        now = timezone.now()
        fields.setdefault("awarded_at", now)
        fields.setdefault("valid_from", fields["awarded_at"])
        fields.setdefault("expires_at", fields["valid_from"] + datetime.timedelta(days=365))
        return BadgeAwardFactory(recipient=recipient, badge_class=badge_class, **fields)

    return make


@pytest.fixture
def award(learner, badge, make_award):
    return make_award(learner, badge)


@pytest.fixture
def issued(award):
    return issue_credential(award=award)


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def tamper(token: str, change) -> str:
    """The token with its payload changed by `change(claims)`, signature kept."""
    header, _, signature = token.split(".")
    claims = claims_of(token)
    change(claims)
    body = jwt.utils.base64url_encode(
        json.dumps(claims, separators=(",", ":")).encode("utf-8")
    ).decode("ascii")
    return f"{header}.{body}.{signature}"
