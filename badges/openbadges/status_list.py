"""Revocation status lists (W3C Bitstring Status List), one per signing key.

A list is built from the database when asked for, so a revocation shows the moment it
commits. Each list is signed by the key whose credentials it covers: openbadgeslib's
verifier checks a list with the key that verified the credential, and that holds
after rotation too.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Max
from django.urls import Resolver404, resolve
from django.utils import timezone
from openbadgeslib.ob3 import build_status_list_credential, sign_status_list_credential
from openbadgeslib.ob3.status_list import DEFAULT_SIZE_BITS

from badges.models import IssuedCredential, SigningKey
from badges.openbadges import identifiers
from badges.openbadges.keys import private_pem

PURPOSE = "revocation"
# A served list stops being trusted after this, so a replayed old copy cannot
# un-revoke a badge; every request gets a freshly signed one.
LIST_VALIDITY = datetime.timedelta(days=1)
# Bitstring Status List's refresh hint, in milliseconds.
REFRESH_HINT_MS = 5 * 60 * 1000


def _size_bits(highest_index: int | None) -> int:
    """Whole multiples of the spec's minimum size, big enough for the highest index."""
    needed = (highest_index or 0) + 1
    blocks = -(-needed // DEFAULT_SIZE_BITS)
    return max(1, blocks) * DEFAULT_SIZE_BITS


def revoked_indices(signing_key: SigningKey) -> list[int]:
    return list(
        IssuedCredential.objects.filter(
            signing_key=signing_key, award__revoked_at__isnull=False
        ).values_list("pk", flat=True)
    )


def status_list_document(signing_key: SigningKey) -> dict:
    highest = IssuedCredential.objects.filter(signing_key=signing_key).aggregate(top=Max("pk"))
    now = timezone.now()
    return build_status_list_credential(
        issuer_id=identifiers.issuer_id(signing_key.organisation),
        url=identifiers.status_list_url(signing_key),
        purpose=PURPOSE,
        set_indices=revoked_indices(signing_key),
        size_bits=_size_bits(highest["top"]),
        issued=now,
        valid_until=now + LIST_VALIDITY,
        ttl=REFRESH_HINT_MS,
    )


def signed_status_list(signing_key: SigningKey) -> str:
    return sign_status_list_credential(
        status_list_document(signing_key), private_pem(signing_key), signing_key.algorithm
    )


def fetch_own_status_list(url: str) -> bytes:
    """A `download` for openbadgeslib's status check that answers from our database.

    Only our own lists are answered; anything else fails, which the status check
    turns into a failed verification (it fails closed).
    """
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc) or parts.query:
        raise ValueError("Not a status list published by this platform.")
    try:
        match = resolve(parts.path)
    except Resolver404 as exc:
        raise ValueError("Not a status list published by this platform.") from exc
    if match.view_name != "openbadges:status_list":
        raise ValueError("Not a status list published by this platform.")
    signing_key = SigningKey.objects.filter(kid=match.kwargs["kid"]).first()
    if signing_key is None:
        raise ValueError("No such status list.")
    return signed_status_list(signing_key).encode("ascii")
