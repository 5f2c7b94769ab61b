import json
from urllib.parse import urlsplit

import pytest

from badges.engine.awarding import award_badge
from badges.factories import BadgeAwardFactory, BadgeClassFactory
from badges.models import AwardEvidence, BadgeAward, Criterion, IssuedCredential, SigningKey
from badges.openbadges import issuing
from badges.openbadges.identifiers import competence_url, issuer_id
from badges.openbadges.issuing import issue_credential
from badges.openbadges.keys import private_pem
from badges.openbadges.tasks import issue_credential_task
from courses.factories import course_with_lessons
from tests.badges.openbadges.conftest import claims_of

pytestmark = pytest.mark.django_db


def test_the_credential_names_the_council_as_issuer_and_the_award_as_its_id(issued, award, council):
    payload = issued.payload
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["id"] == f"urn:uuid:{award.public_id}" == issued.credential_id
    assert payload["issuer"]["id"] == issuer_id(council)
    assert payload["issuer"]["id"].endswith(f"/badges/issuers/{council.slug}/")
    assert payload["issuer"]["name"] == council.name
    assert issued.signing_key.organisation == council
    claims = claims_of(issued.jwt)
    assert claims["iss"] == payload["issuer"]["id"] and claims["jti"] == payload["id"]


def test_the_recipient_is_a_salted_hash_and_no_email_or_name_is_exposed(issued, learner):
    subject = issued.payload["credentialSubject"]
    assert "id" not in subject
    (identity,) = subject["identifier"]
    assert identity["hashed"] is True and identity["identityType"] == "emailAddress"
    assert len(identity["salt"]) == 32
    import hashlib

    expected = hashlib.sha256((learner.email + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${expected}"
    for text in (json.dumps(issued.payload), json.dumps(claims_of(issued.jwt)), issued.jwt):
        assert learner.email not in text
        assert "northby.gov.uk" not in text
        assert learner.last_name not in text


def test_each_credential_has_its_own_salt(learner, other_learner, badge, make_award, other_council):
    first = issue_credential(award=make_award(learner, badge))
    second_badge = BadgeClassFactory(organisation=None, name="Sector badge")
    second = issue_credential(
        award=make_award(other_learner, second_badge, organisation=other_council)
    )
    salts = {c.payload["credentialSubject"]["identifier"][0]["salt"] for c in (first, second)}
    assert len(salts) == 2


def test_the_achievement_aligns_to_the_competence_as_a_cfitem(issued, badge, competence, client):
    item, level = competence
    achievement = issued.payload["credentialSubject"]["achievement"]
    assert achievement["name"] == badge.name
    assert achievement["description"] == badge.description
    assert achievement["criteria"]["narrative"] == badge.criteria_narrative
    assert achievement["image"]["type"] == "Image"
    (alignment,) = achievement["alignment"]
    assert alignment == {
        "type": ["Alignment"],
        "targetType": "CFItem",
        "targetCode": "4.2",
        "targetName": item.title,
        "targetFramework": "DigComp 2.2",
        "targetDescription": item.description,
        "targetUrl": competence_url(item),
    }
    assert client.get(urlsplit(alignment["targetUrl"]).path).status_code == 200
    (description,) = achievement["resultDescription"]
    assert description["requiredValue"] == level.name
    (result,) = issued.payload["credentialSubject"]["result"]
    assert result["resultDescription"] == description["id"]
    assert result["value"] == level.name


def test_validity_comes_from_the_award(issued, award):
    claims = claims_of(issued.jwt)
    assert claims["nbf"] == int(award.valid_from.timestamp())
    assert claims["exp"] == int(award.expires_at.timestamp())
    assert issued.payload["validFrom"].startswith(award.valid_from.strftime("%Y-%m-%dT%H:%M:%S"))
    assert issued.payload["validUntil"].startswith(award.expires_at.strftime("%Y-%m-%dT%H:%M:%S"))


def test_a_badge_that_never_expires_has_no_valid_until(learner, badge, make_award):
    issued = issue_credential(award=make_award(learner, badge, expires_at=None))
    assert "validUntil" not in issued.payload
    assert "exp" not in claims_of(issued.jwt)


def test_the_status_entry_points_at_our_list_at_the_credentials_own_index(issued):
    status = issued.payload["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert status["statusListIndex"] == str(issued.pk)
    assert status["statusListCredential"].endswith(f"/badges/status/{issued.signing_key.kid}/")


def test_evidence_says_what_satisfied_it_without_personal_data(learner, council, badge, make_award):
    course = course_with_lessons(title="Data protection at work", owning_council=council)
    criterion = Criterion.objects.create(
        badge_class=badge, group=1, kind=Criterion.Kind.COURSE_COMPLETED, course=course
    )
    sign_off = Criterion.objects.create(badge_class=badge, group=1, kind=Criterion.Kind.SIGN_OFF)
    award = make_award(learner, badge, note="Lena Learner was brilliant, see her HR file")
    AwardEvidence.objects.create(award=award, criterion=criterion, summary="Lena completed it")
    AwardEvidence.objects.create(
        award=award, criterion=sign_off, summary="Signed off by Max Manager"
    )
    issued = issue_credential(award=award)
    evidence = issued.payload["evidence"]
    assert [e["name"] for e in evidence] == ["Course completed", "Evidence signed off"]
    assert "Data protection at work" in evidence[0]["description"]
    text = json.dumps(issued.payload)
    for personal in ("Lena", "Learner", "Max", "Manager", "HR file", "brilliant"):
        assert personal not in text


def test_a_manual_award_without_evidence_says_how_it_was_recognised(learner, badge, make_award):
    award = make_award(learner, badge, method=BadgeAward.Method.PRIOR_LEARNING, note="Personal")
    (evidence,) = issue_credential(award=award).payload["evidence"]
    assert evidence["description"] == "Prior learning (backdated)."


def test_issuing_is_idempotent(award):
    first = issue_credential(award=award)
    second = issue_credential(award=award)
    assert first.pk == second.pk and first.jwt == second.jwt
    assert IssuedCredential.objects.filter(award=award).count() == 1


def test_a_run_that_loses_the_race_returns_the_winners_credential(award, monkeypatch):
    winner = issue_credential(award=award)
    # The second run looked before the first committed, so it tries to insert too.
    monkeypatch.setattr(issuing, "_existing", lambda award_id: None)
    loser = issue_credential(award=award)
    assert loser.pk == winner.pk and loser.jwt == winner.jwt
    assert IssuedCredential.objects.filter(award=award).count() == 1


def test_keys_are_generated_on_first_need_one_per_council_and_encrypted(
    learner, other_learner, badge, other_council, make_award
):
    assert SigningKey.objects.count() == 0
    first = issue_credential(award=make_award(learner, badge))
    issue_credential(award=make_award(learner, BadgeClassFactory(organisation=None)))
    sector = BadgeClassFactory(organisation=None, slug="sector-2")
    other = issue_credential(award=make_award(other_learner, sector, organisation=other_council))
    assert SigningKey.objects.count() == 2
    assert first.signing_key != other.signing_key
    key = first.signing_key
    assert key.algorithm == "EdDSA" and key.public_jwk["crv"] == "Ed25519"
    assert "PRIVATE KEY" not in key.private_key
    assert private_pem(key).startswith(b"-----BEGIN PRIVATE KEY-----")


def test_a_graduate_is_issued_by_the_platform(graduate, make_award):
    badge = BadgeClassFactory(organisation=None)
    issued = issue_credential(award=make_award(graduate, badge, organisation=None))
    assert issued.signing_key.organisation is None
    assert issued.payload["issuer"]["id"].endswith("/badges/issuer/")


def test_a_new_award_is_issued_by_the_task_once_it_commits(
    learner, badge, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        award = award_badge(badge_class=badge, recipient=learner, method="manual")
    issued = IssuedCredential.objects.get(award=award)
    assert issued.jwt.count(".") == 2


def test_the_task_ignores_an_award_that_does_not_exist(db):
    assert issue_credential_task.run(987654) is None


def test_the_task_is_idempotent(award):
    first = issue_credential_task.run(award.pk)
    assert issue_credential_task.run(award.pk) == first
    assert IssuedCredential.objects.count() == 1


def test_a_council_key_that_cannot_be_decrypted_says_how_to_recover(award, settings):
    from badges.openbadges.encryption import PrivateKeyUnavailable

    issue_credential(award=award)
    original = settings.SECRET_KEY
    settings.SECRET_KEY = "a-completely-different-secret-" + "x" * 40
    second = BadgeAwardFactory(
        recipient=award.recipient, badge_class=BadgeClassFactory(), organisation=award.organisation
    )
    with pytest.raises(PrivateKeyUnavailable, match="SECRET_KEY_FALLBACKS"):
        issue_credential(award=second)
    assert not IssuedCredential.objects.filter(award=second).exists()
    # Django's rotation path: the old secret as a fallback keeps the key usable.
    settings.SECRET_KEY_FALLBACKS = [original]
    assert issue_credential(award=second).jwt
