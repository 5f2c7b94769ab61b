"""Issued credentials and issuer profiles against 1EdTech's own OB 3.0 JSON schemas."""

import pytest
from jsonschema import Draft201909Validator

from badges.factories import BadgeClassFactory
from badges.openbadges.issuing import issue_credential
from tests.badges.openbadges.conftest import claims_of

pytestmark = pytest.mark.django_db


def errors(schema, document) -> list[str]:
    validator = Draft201909Validator(schema)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


def test_an_issued_credential_and_its_jwt_payload_pass_the_schema(issued, ob_schemas):
    assert errors(ob_schemas["credential"], issued.payload) == []
    assert errors(ob_schemas["credential"], claims_of(issued.jwt)) == []


@pytest.mark.parametrize(
    "variant", ["no alignment, never expires", "graduate, platform issuer", "aligned, no level"]
)
def test_every_shape_of_credential_passes_the_schema(
    variant, learner, graduate, competence, make_award, ob_schemas
):
    from badges.factories import BadgeAlignmentFactory

    badge = BadgeClassFactory(organisation=None)
    if variant == "no alignment, never expires":
        award = make_award(learner, badge, expires_at=None)
    elif variant == "graduate, platform issuer":
        award = make_award(graduate, badge, organisation=None)
    else:
        BadgeAlignmentFactory(badge_class=badge, item=competence[0], level=None)
        award = make_award(learner, badge)
    issued = issue_credential(award=award)
    assert errors(ob_schemas["credential"], issued.payload) == []
    assert errors(ob_schemas["credential"], claims_of(issued.jwt)) == []


def test_the_schema_check_catches_a_broken_credential(issued, ob_schemas):
    broken = dict(issued.payload)
    del broken["issuer"]
    broken["credentialSubject"] = {**broken["credentialSubject"], "identifier": [{"hashed": 1}]}
    found = errors(ob_schemas["credential"], broken)
    assert any("issuer" in e for e in found)
    assert any("identifier" in e for e in found)


@pytest.mark.parametrize("which", ["council", "platform"])
def test_issuer_profiles_pass_the_profile_schema(which, council, client, ob_schemas):
    path = f"/badges/issuers/{council.slug}/" if which == "council" else "/badges/issuer/"
    response = client.get(path, HTTP_ACCEPT="application/json")
    assert response["Content-Type"] == "application/json"
    profile = response.json()
    assert errors(ob_schemas["profile"], profile) == []
    assert profile["id"].endswith(path)
