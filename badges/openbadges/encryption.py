"""Encryption at rest for signing keys' private halves.

The Fernet key is derived (HKDF-SHA256) from SECRET_KEY rather than from a dedicated
secret: production already refuses to start without a strong SECRET_KEY, there is no
second secret to provision or lose, and Django's own rotation path works unchanged:
move the old value to SECRET_KEY_FALLBACKS and keys encrypted under it still decrypt
(`rewrap_private_key` then moves them onto the new one). A database dump alone does
not reveal a private key, nor does SECRET_KEY alone.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# Changing this label would orphan every stored key: it is part of the derived key.
_HKDF_INFO = b"lms badges: signing key encryption v1"


class PrivateKeyUnavailable(Exception):
    """A stored private key cannot be decrypted with SECRET_KEY or its fallbacks."""


def _fernet_for(secret: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        secret.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def _fernet() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet_for(secret) for secret in secrets if secret])


def encrypt_private_key(pem: bytes) -> str:
    return _fernet().encrypt(pem).decode("ascii")


def decrypt_private_key(token: str) -> bytes:
    try:
        return _fernet().decrypt(token.encode("ascii"))
    except InvalidToken as exc:
        raise PrivateKeyUnavailable(
            "This signing key cannot be decrypted: SECRET_KEY has changed and the old "
            "value is not in SECRET_KEY_FALLBACKS. Put it back as a fallback, or rotate "
            "the key (manage.py rotate_signing_key)."
        ) from exc


def rewrap_private_key(token: str) -> str:
    """The same private key, encrypted under the current SECRET_KEY."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise PrivateKeyUnavailable("This signing key cannot be decrypted.") from exc
