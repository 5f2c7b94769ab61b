"""Verify a credential: valid, expired, revoked, invalid (forged, tampered) or unknown.

openbadgeslib does the checking (signature with the algorithm pinned to our key,
structure, validity window, and the revocation bit in our signed status list). We
supply the key: the one our JWKS publishes under the kid the token names or carries.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from enum import StrEnum

import jwt
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier

from badges.models import IssuedCredential, SigningKey
from badges.openbadges import identifiers
from badges.openbadges.keys import jwk_thumbprint, public_pem
from badges.openbadges.status_list import fetch_own_status_list

MAX_INPUT_CHARS = 64 * 1024
ENVELOPE_PREFIX = "data:application/vc+jwt,"
# Registered JWT claims that sit beside the credential in a VC-JWT payload.
JWT_CLAIMS = frozenset({"iss", "sub", "jti", "nbf", "exp", "iat"})


class Status(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    INVALID = "invalid"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class VerificationResult:
    status: Status
    message: str
    issued: IssuedCredential | None = None

    @property
    def award(self):
        return self.issued.award if self.issued is not None else None

    def as_json(self) -> dict:
        """What anyone may learn: the badge, issuer, dates, status and the recipient's name."""
        data: dict = {"status": str(self.status), "message": self.message}
        award = self.award
        if award is None or self.status in (Status.INVALID, Status.UNKNOWN):
            return data
        data["credential"] = {
            "id": self.issued.credential_id,
            "badge": award.badge_class.name,
            "issuer": {
                "id": identifiers.issuer_id(self.issued.signing_key.organisation),
                "name": identifiers.issuer_name(self.issued.signing_key.organisation),
            },
            "recipient": award.recipient.get_full_name(),
            "valid_from": award.valid_from.isoformat(),
            "valid_until": award.expires_at.isoformat() if award.expires_at else None,
            "revoked_at": award.revoked_at.isoformat() if award.revoked_at else None,
            "verify_url": identifiers.verify_url(award),
        }
        return data


def _invalid(message: str) -> VerificationResult:
    return VerificationResult(Status.INVALID, message)


def _issued_by_id(credential_id) -> IssuedCredential | None:
    if not isinstance(credential_id, str) or not credential_id:
        return None
    return (
        IssuedCredential.objects.select_related(
            "award__badge_class", "award__recipient", "signing_key__organisation"
        )
        .filter(credential_id=credential_id)
        .first()
    )


def _key_named_by(header: dict) -> SigningKey | None:
    kid = header.get("kid")
    if not isinstance(kid, str):
        jwk = header.get("jwk")
        if not isinstance(jwk, dict):
            return None
        try:
            kid = jwk_thumbprint(jwk)
        except ValueError:
            return None
    return SigningKey.objects.select_related("organisation").filter(kid=kid).first()


def _from_record(issued: IssuedCredential, fallback: str) -> VerificationResult:
    award = issued.award
    if award.revoked_at is not None:
        return VerificationResult(
            Status.REVOKED, f"Revoked on {award.revoked_at:%d %B %Y}.", issued
        )
    if award.is_expired():
        return VerificationResult(
            Status.EXPIRED, f"Expired on {award.expires_at:%d %B %Y}.", issued
        )
    return VerificationResult(Status.INVALID, fallback)


def verify_token(token: str) -> VerificationResult:
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except (jwt.PyJWTError, ValueError, TypeError):
        return _invalid("This is not an Open Badges credential we can read.")
    if not isinstance(claims, dict):
        return _invalid("This is not an Open Badges credential we can read.")
    key = _key_named_by(header)
    if key is None:
        return _invalid("It was not signed by any key this platform publishes.")
    issued = _issued_by_id(claims.get("jti"))
    verifier = OB3Verifier(pubkey_pem=public_pem(key))
    try:
        credential = verifier.verify(token)
    except OB3VerificationError as exc:
        # The library refuses an expired credential outright. One that is, byte for
        # byte, the token we issued is genuine, so our record says why it lapsed.
        if issued is not None and hmac.compare_digest(issued.jwt, token):
            return _from_record(issued, f"It did not verify: {exc}")
        return _invalid(f"It did not verify: {exc}")
    if credential.issuer.id != identifiers.issuer_id(key.organisation):
        return _invalid("It names an issuer that its signing key does not belong to.")
    if issued is None or issued.signing_key_id != key.pk:
        return VerificationResult(Status.UNKNOWN, "We have no record of issuing this credential.")
    try:
        verifier.check_status(credential, verify_list=True, download=fetch_own_status_list)
    except OB3VerificationError as exc:
        if issued.award.revoked_at is not None:
            return _from_record(issued, str(exc))
        return _invalid(f"Its revocation status could not be checked: {exc}")
    if issued.award.revoked_at is not None:
        return _from_record(issued, "Revoked.")
    return VerificationResult(Status.VALID, "This credential is genuine and current.", issued)


def _verify_document(document: dict) -> VerificationResult:
    credential_id = document.get("id")
    if isinstance(credential_id, str) and credential_id.startswith(ENVELOPE_PREFIX):
        return verify_token(credential_id.removeprefix(ENVELOPE_PREFIX))
    if isinstance(document.get("credential"), str):
        return verify_token(document["credential"].strip())
    issued = _issued_by_id(credential_id if credential_id is not None else document.get("jti"))
    if issued is None:
        return VerificationResult(Status.UNKNOWN, "We have no record of issuing this credential.")
    # A JSON credential carries no proof of its own: it is genuine only if it is
    # exactly what we signed. Its status is then that of the signed token.
    body = {k: v for k, v in document.items() if k not in JWT_CLAIMS}
    if body != issued.payload:
        return _invalid("It differs from the credential we issued: it has been altered.")
    return verify_token(issued.jwt)


def verify_credential(*, token_or_json) -> VerificationResult:
    """Verify a compact VC-JWT, or a credential as JSON (text or an already-parsed dict)."""
    if isinstance(token_or_json, dict):
        return _verify_document(token_or_json)
    if isinstance(token_or_json, bytes):
        try:
            token_or_json = token_or_json.decode("utf-8")
        except UnicodeDecodeError:
            return _invalid("This is not an Open Badges credential we can read.")
    if not isinstance(token_or_json, str) or not token_or_json.strip():
        return _invalid("There was nothing to verify.")
    text = token_or_json.strip()
    if len(text) > MAX_INPUT_CHARS:
        return _invalid("That is too large to be a credential.")
    if text.startswith("{"):
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):
            return _invalid("This is not valid JSON.")
        if not isinstance(document, dict):
            return _invalid("This is not an Open Badges credential we can read.")
        return _verify_document(document)
    return verify_token(text)


def verify_issued(issued: IssuedCredential) -> VerificationResult:
    """Verify a credential we hold, as any verifier would check its token."""
    return verify_token(issued.jwt)
