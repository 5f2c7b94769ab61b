"""Signing keys: one active Ed25519 key per council and one for the platform.

A key is generated the first time an issuer needs one. Rotation retires the active key
(it signs nothing new but its own status list, and stays in the JWKS) and starts a
fresh one, so credentials signed before keep verifying.
"""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.hazmat.primitives import serialization
from django.db import transaction
from django.utils import timezone
from jwt.algorithms import OKPAlgorithm
from openbadgeslib.keys import KeyFactory, KeyType, public_jwk_from_pem
from openbadgeslib.ob3 import OB3Signer

from badges.models import AuditEntry, SigningKey
from badges.openbadges.encryption import (
    decrypt_private_key,
    encrypt_private_key,
    rewrap_private_key,
)
from badges.openbadges.identifiers import issuer_id

ALGORITHM = "EdDSA"
# RFC 7638: the members that define a key, per key type, in lexicographic order.
_THUMBPRINT_MEMBERS = {
    "OKP": ("crv", "kty", "x"),
    "EC": ("crv", "kty", "x", "y"),
    "RSA": ("e", "kty", "n"),
}
_PRIVATE_JWK_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "k", "oth"})


def jwk_thumbprint(jwk: dict) -> str:
    """RFC 7638 thumbprint: anyone holding the public key can work out its kid."""
    members = _THUMBPRINT_MEMBERS.get(jwk.get("kty"))
    if members is None or any(not isinstance(jwk.get(m), str) for m in members):
        raise ValueError("Not a public key this platform signs with.")
    canonical = json.dumps({m: jwk[m] for m in members}, separators=(",", ":"), sort_keys=True)
    digest = hashlib.sha256(canonical.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _new_key(organisation) -> SigningKey:
    private_pem, public_pem = KeyFactory(KeyType.ED25519).generate_keypair()
    jwk = public_jwk_from_pem(public_pem)
    return SigningKey.objects.create(
        organisation=organisation,
        kid=jwk_thumbprint(jwk),
        algorithm=ALGORITHM,
        public_jwk=jwk,
        private_key=encrypt_private_key(private_pem),
    )


def _active_keys(organisation):
    return SigningKey.objects.filter(organisation=organisation, retired_at__isnull=True).order_by(
        "pk"
    )


def active_key(*, organisation) -> SigningKey:
    """The key that signs new credentials for this issuer (None: the platform)."""
    keys = list(_active_keys(organisation))
    if not keys:
        _new_key(organisation)
        keys = list(_active_keys(organisation))
    # Two workers meeting an issuer with no key may both create one. Both keys are
    # published, so whatever either signed verifies; from here on the older one signs.
    if len(keys) > 1:
        SigningKey.objects.filter(pk__in=[k.pk for k in keys[1:]]).update(retired_at=timezone.now())
    return keys[0]


@transaction.atomic
def rotate_signing_key(*, organisation, by) -> SigningKey:
    """Retire the issuer's active key(s) and start a new one; audited."""
    retired = list(_active_keys(organisation).select_for_update().values_list("kid", flat=True))
    _active_keys(organisation).update(retired_at=timezone.now())
    key = _new_key(organisation)
    AuditEntry.objects.create(
        organisation=organisation,
        actor=by,
        action=AuditEntry.Action.KEY_ROTATED,
        detail={"issuer": issuer_id(organisation), "retired": retired, "new": key.kid},
    )
    return key


def private_pem(key: SigningKey) -> bytes:
    return decrypt_private_key(key.private_key)


def public_pem(key: SigningKey) -> bytes:
    public_key = OKPAlgorithm.from_jwk(json.dumps(key.public_jwk))
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def signer_for(key: SigningKey) -> OB3Signer:
    return OB3Signer(privkey_pem=private_pem(key), algorithm=key.algorithm)


def published_jwk(key: SigningKey) -> dict:
    """The key as the JWKS lists it: public members only, with kid and issuer."""
    public = {k: v for k, v in key.public_jwk.items() if k not in _PRIVATE_JWK_MEMBERS}
    return {
        **public,
        "kid": key.kid,
        "alg": key.algorithm,
        "use": "sig",
        # Not a registered JWK member (RFC 7517 says to ignore those one does not
        # know); it tells a verifier which issuer profile the key signs for.
        "issuer": issuer_id(key.organisation),
    }


def rewrap_all_private_keys() -> int:
    """Re-encrypt every stored private key under the current SECRET_KEY."""
    count = 0
    for key in SigningKey.objects.only("pk", "private_key"):
        SigningKey.objects.filter(pk=key.pk).update(private_key=rewrap_private_key(key.private_key))
        count += 1
    return count
