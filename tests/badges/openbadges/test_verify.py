"""Verification with openbadgeslib against our JWKS and status lists, and our verifier."""

import datetime
import json
from urllib.parse import urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from django.test import Client
from django.utils import timezone
from openbadgeslib.keys import KeyFactory, KeyType
from openbadgeslib.ob3 import (
    OB3Signer,
    OB3VerificationError,
    OB3Verifier,
    decode_encoded_list,
    set_indices,
)

from badges.engine.awarding import revoke_award
from badges.openbadges.issuing import issue_credential
from badges.openbadges.keys import jwk_thumbprint
from badges.openbadges.verify import Status, verify_credential, verify_issued
from tests.badges.openbadges.conftest import claims_of, tamper

pytestmark = pytest.mark.django_db


def over_http(url: str) -> bytes:
    """What a verifier fetching `url` from us would get."""
    response = Client().get(urlsplit(url).path)
    assert response.status_code == 200, url
    return response.content


def key_from_our_jwks(token: str) -> bytes:
    """Find the token's key the way an outside verifier would: thumbprint -> JWKS."""
    header = jwt.get_unverified_header(token)
    kid = jwk_thumbprint(header["jwk"])
    keys = json.loads(over_http("http://127.0.0.1:8000/.well-known/jwks.json"))["keys"]
    (jwk,) = [k for k in keys if k["kid"] == kid]
    assert jwk["issuer"] == claims_of(token)["iss"]
    public_key = jwt.algorithms.OKPAlgorithm.from_jwk(json.dumps(jwk))
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def test_openbadgeslib_verifies_an_issued_credential_with_status(issued):
    verifier = OB3Verifier(pubkey_pem=key_from_our_jwks(issued.jwt))
    credential = verifier.verify(issued.jwt, check_status=True, download=over_http)
    assert credential.id == issued.credential_id
    assert credential.achievement.alignments[0].target_code == "4.2"


def test_our_verifier_says_valid(issued):
    result = verify_credential(token_or_json=issued.jwt)
    assert result.status == Status.VALID
    assert result.issued == issued
    assert verify_issued(issued).status == Status.VALID


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda c: c["credentialSubject"]["achievement"].update(name="Chief"), id="name"
        ),
        pytest.param(lambda c: c.update(validUntil="2099-01-01T00:00:00Z"), id="valid-until"),
        pytest.param(lambda c: c.update(exp=4070908800), id="exp"),
        pytest.param(lambda c: c["credentialStatus"].update(statusListIndex="99999"), id="status"),
    ],
)
def test_a_tampered_credential_fails_everywhere(issued, change):
    forged = tamper(issued.jwt, change)
    with pytest.raises(OB3VerificationError, match="Invalid signature"):
        OB3Verifier(pubkey_pem=key_from_our_jwks(issued.jwt)).verify(forged)
    result = verify_credential(token_or_json=forged)
    assert result.status == Status.INVALID
    assert "signature" in result.message.lower()
    assert result.as_json() == {"status": "invalid", "message": result.message}


def _foreign_signer():
    private_pem, _ = KeyFactory(KeyType.ED25519).generate_keypair()
    return private_pem


def test_a_credential_signed_with_someone_elses_key_is_invalid(issued):
    forged = OB3Signer(privkey_pem=_foreign_signer(), algorithm="EdDSA").sign_payload(
        claims_of(issued.jwt)
    )
    result = verify_credential(token_or_json=forged)
    assert result.status == Status.INVALID
    assert "not signed by any key this platform publishes" in result.message


def test_a_forgery_naming_our_kid_is_invalid(issued):
    forged = jwt.encode(
        claims_of(issued.jwt),
        _foreign_signer(),
        algorithm="EdDSA",
        headers={"kid": issued.signing_key.kid},
    )
    assert verify_credential(token_or_json=forged).status == Status.INVALID


def test_a_credential_claiming_another_issuer_is_invalid(issued, other_council, monkeypatch):
    from badges.openbadges import keys

    other_key = keys.active_key(organisation=other_council)
    claims = claims_of(issued.jwt)
    # Re-signed by the other council's real key but still claiming the first council.
    token = keys.signer_for(other_key).sign_payload(claims)
    result = verify_credential(token_or_json=token)
    assert result.status == Status.INVALID
    assert "issuer" in result.message


def test_a_revoked_credential_shows_revoked_at_the_verifier_and_in_the_status_list(
    issued, award, hr_admin, learner, badge, make_award
):
    neighbour = issue_credential(award=make_award(learner, badge, cycle=2))
    revoke_award(award=award, by=hr_admin, reason="Issued in error")

    assert verify_credential(token_or_json=issued.jwt).status == Status.REVOKED
    assert verify_credential(token_or_json=neighbour.jwt).status == Status.VALID

    status_url = issued.payload["credentialStatus"]["statusListCredential"]
    listed = claims_of(over_http(status_url).decode())
    assert listed["credentialSubject"]["statusPurpose"] == "revocation"
    revoked = set_indices(decode_encoded_list(listed["credentialSubject"]["encodedList"]))
    assert revoked == {issued.pk}

    verifier = OB3Verifier(pubkey_pem=key_from_our_jwks(issued.jwt))
    verifier.verify(issued.jwt)  # the signature itself is still good
    with pytest.raises(OB3VerificationError, match="revocation"):
        verifier.verify(issued.jwt, check_status=True, download=over_http)


def test_an_expired_credential_shows_expired(learner, badge, make_award):
    long_ago = timezone.now() - datetime.timedelta(days=800)
    award = make_award(
        learner, badge, awarded_at=long_ago, expires_at=long_ago + datetime.timedelta(days=365)
    )
    issued = issue_credential(award=award)
    result = verify_credential(token_or_json=issued.jwt)
    assert result.status == Status.EXPIRED
    assert "Expired on" in result.message
    with pytest.raises(OB3VerificationError, match="expired"):
        OB3Verifier(pubkey_pem=key_from_our_jwks(issued.jwt)).verify(issued.jwt)
    # A forged copy of an expired credential is not "expired": it is invalid.
    forged = tamper(issued.jwt, lambda c: c["credentialSubject"]["achievement"].update(name="X"))
    assert verify_credential(token_or_json=forged).status == Status.INVALID


def test_revoked_wins_over_expired(learner, badge, make_award, hr_admin):
    long_ago = timezone.now() - datetime.timedelta(days=800)
    award = make_award(
        learner, badge, awarded_at=long_ago, expires_at=long_ago + datetime.timedelta(days=365)
    )
    issued = issue_credential(award=award)
    revoke_award(award=award, by=hr_admin, reason="Found to be copied")
    assert verify_credential(token_or_json=issued.jwt).status == Status.REVOKED


def test_the_json_credential_verifies_only_if_unaltered(issued):
    assert verify_credential(token_or_json=json.dumps(issued.payload)).status == Status.VALID
    assert verify_credential(token_or_json=dict(issued.payload)).status == Status.VALID
    assert verify_credential(token_or_json=claims_of(issued.jwt)).status == Status.VALID
    altered = json.loads(json.dumps(issued.payload))
    altered["credentialSubject"]["achievement"]["name"] = "Chief data officer"
    result = verify_credential(token_or_json=altered)
    assert result.status == Status.INVALID and "altered" in result.message


def test_an_enveloped_credential_is_unwrapped(issued):
    envelope = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": "EnvelopedVerifiableCredential",
        "id": f"data:application/vc+jwt,{issued.jwt}",
    }
    assert verify_credential(token_or_json=envelope).status == Status.VALID
    assert verify_credential(token_or_json={"credential": issued.jwt}).status == Status.VALID


def test_a_json_credential_we_never_issued_is_unknown(issued):
    stranger = dict(issued.payload, id="urn:uuid:00000000-0000-0000-0000-000000000000")
    assert verify_credential(token_or_json=stranger).status == Status.UNKNOWN


@pytest.mark.parametrize(
    "junk",
    ["", "   ", "not a jwt", "a.b.c", "{not json", "[1, 2]", "{}", b"\xff\xfe", "x" * 70000, 42],
)
def test_junk_is_invalid_or_unknown_never_an_error(junk, issued):
    result = verify_credential(token_or_json=junk)
    assert result.status in (Status.INVALID, Status.UNKNOWN)
    assert result.message
