import datetime
import json
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from badges.engine.awarding import revoke_award
from badges.openbadges import keys
from badges.openbadges.issuing import issue_credential
from badges.openbadges.views import verification
from tests.badges.openbadges.conftest import tamper

pytestmark = pytest.mark.django_db


def verify_page(client, award):
    return client.get(reverse("openbadges:verify", args=[award.public_id]))


def test_the_verification_page_shows_badge_issuer_date_status_and_name_only(
    issued, award, learner, council, client
):
    response = verify_page(client, award)
    assert response.status_code == 200
    page = response.content.decode()
    for shown in (award.badge_class.name, council.name, "Valid", "Lena Learner"):
        assert shown in page
    assert award.valid_from.strftime("%B %Y") in page
    assert learner.email not in page and "northby.gov.uk" not in page


def test_the_page_shows_a_revoked_badge_as_revoked_without_the_reason(
    issued, award, hr_admin, client
):
    revoke_award(award=award, by=hr_admin, reason="Copied another person's work")
    page = verify_page(client, award).content.decode()
    assert "This badge has been revoked." in page
    assert "Copied" not in page


def test_the_page_shows_an_expired_badge_as_expired(learner, badge, make_award, client):
    long_ago = timezone.now() - datetime.timedelta(days=800)
    award = make_award(
        learner, badge, awarded_at=long_ago, expires_at=long_ago + datetime.timedelta(days=365)
    )
    page = verify_page(client, award).content.decode()
    assert "This badge has expired." in page


def test_an_unknown_badge_gets_the_not_found_page(client, db):
    response = client.get(
        reverse("openbadges:verify", args=["00000000-0000-0000-0000-000000000000"])
    )
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_json_endpoint_by_id(issued, award, client):
    response = client.get(reverse("openbadges:verify_json", args=[award.public_id]))
    data = response.json()
    assert data["status"] == "valid"
    assert data["credential"]["id"] == issued.credential_id
    assert data["credential"]["recipient"] == "Lena Learner"
    assert "email" not in json.dumps(data) and "@" not in json.dumps(data)
    missing = client.get(
        reverse("openbadges:verify_json", args=["00000000-0000-0000-0000-000000000000"])
    )
    assert missing.status_code == 404 and missing.json()["status"] == "unknown"


def test_the_api_verifies_a_posted_jwt_form_or_json(issued, client):
    url = reverse("openbadges:verify_api")
    as_jwt = client.post(url, issued.jwt, content_type="application/vc+jwt")
    assert as_jwt.json()["status"] == "valid"
    as_form = client.post(url, {"credential": issued.jwt})
    assert as_form.json()["status"] == "valid"
    as_json = client.post(url, json.dumps(issued.payload), content_type="application/json")
    assert as_json.json()["status"] == "valid"


def test_the_api_says_invalid_for_a_tampered_credential(issued, client):
    forged = tamper(issued.jwt, lambda c: c["credentialSubject"]["achievement"].update(name="X"))
    response = client.post(reverse("openbadges:verify_api"), forged, content_type="text/plain")
    assert response.status_code == 200
    assert response.json()["status"] == "invalid"
    assert "credential" not in response.json()


def test_the_api_says_revoked(issued, award, hr_admin, client):
    revoke_award(award=award, by=hr_admin, reason="Issued in error")
    response = client.post(reverse("openbadges:verify_api"), issued.jwt, content_type="text/plain")
    assert response.json()["status"] == "revoked"
    assert response.json()["credential"]["revoked_at"]


@pytest.mark.parametrize("body", ["", "   "])
def test_the_api_refuses_an_empty_request(body, client, db):
    response = client.post(reverse("openbadges:verify_api"), body, content_type="text/plain")
    assert response.status_code == 400 and response.json()["status"] == "invalid"


def test_the_api_refuses_a_huge_request(client, db):
    response = client.post(
        reverse("openbadges:verify_api"), "x" * 300_000, content_type="text/plain"
    )
    assert response.status_code == 413


def test_the_api_is_rate_limited_per_address(issued, client, monkeypatch):
    monkeypatch.setattr(verification, "VERIFY_LIMIT", 3)
    url = reverse("openbadges:verify_api")
    codes = [client.post(url, issued.jwt, content_type="text/plain").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    other = client.post(url, issued.jwt, content_type="text/plain", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_the_jwks_lists_every_key_active_and_retired_without_private_material(
    issued, council, other_council, client
):
    old = issued.signing_key
    new = keys.rotate_signing_key(organisation=council, by=None)
    platform = keys.active_key(organisation=None)
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jwk-set+json"
    assert "public" in response["Cache-Control"]
    listed = {k["kid"]: k for k in json.loads(response.content)["keys"]}
    assert set(listed) == {old.kid, new.kid, platform.kid}
    for jwk in listed.values():
        assert set(jwk) == {"kty", "crv", "x", "kid", "alg", "use", "issuer"}
        assert keys.jwk_thumbprint(jwk) == jwk["kid"]
    assert listed[old.kid]["issuer"].endswith(f"/badges/issuers/{council.slug}/")
    assert listed[platform.kid]["issuer"].endswith("/badges/issuer/")
    assert b"PRIVATE" not in response.content and b'"d"' not in response.content


def test_a_status_list_of_an_unknown_key_is_not_found(client, db):
    assert client.get(reverse("openbadges:status_list", args=["no-such-kid"])).status_code == 404


def test_the_issuer_page_lists_its_keys(issued, council, client):
    response = client.get(reverse("openbadges:issuer", args=[council.slug]))
    assert response.status_code == 200
    assert issued.signing_key.kid in response.content.decode()
    assert client.get(reverse("openbadges:issuer", args=["no-such-council"])).status_code == 404
    as_json = client.get(reverse("openbadges:issuer", args=[council.slug]), {"format": "json"})
    assert as_json.json()["name"] == council.name


def test_the_achievement_and_competence_pages(issued, badge, competence, client):
    item, _ = competence
    page = client.get(reverse("openbadges:achievement", args=[badge.pk])).content.decode()
    assert badge.criteria_narrative in page and item.title in page
    image = client.get(reverse("openbadges:achievement_image", args=[badge.pk]))
    assert image["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")
    competence_page = client.get(reverse("openbadges:competence", args=[item.identifier]))
    assert item.title in competence_page.content.decode()
    assert "CC BY 4.0" in competence_page.content.decode()


def test_a_verification_before_issuing_issues_once(award, client):
    assert verify_page(client, award).status_code == 200
    assert verify_page(client, award).status_code == 200
    assert issue_credential(award=award).award_id == award.pk


def test_a_stored_credential_that_no_longer_verifies_shows_as_not_verified(issued, award, client):
    from badges.models import IssuedCredential

    forged = tamper(issued.jwt, lambda c: c["credentialSubject"]["achievement"].update(name="X"))
    IssuedCredential.objects.filter(pk=issued.pk).update(jwt=forged)
    response = verify_page(client, award)
    assert response.status_code == 200
    assert "This badge could not be verified." in response.content.decode()


def test_the_page_loads_the_badge_image_from_our_own_origin(issued, award, client):
    page = verify_page(client, award).content.decode()
    assert f'src="/badges/achievements/{award.badge_class_id}/image.png"' in page


def test_a_status_list_whose_key_cannot_be_decrypted_is_unavailable_not_an_error(
    issued, client, settings
):
    settings.SECRET_KEY = "another-secret-entirely-" + "z" * 40
    list_url = issued.payload["credentialStatus"]["statusListCredential"]
    response = client.get(urlsplit(list_url).path)
    assert response.status_code == 503
