"""The public, absolute URLs that identify issuers, achievements and credentials.

They end up inside signed credentials, so they are built from SITE_URL (the public
base URL), never from the request that happened to trigger the work.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

CREDENTIAL_ID_PREFIX = "urn:uuid:"


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def issuer_id(organisation) -> str:
    """The issuer profile URL: a council's, or the platform's when `organisation` is None."""
    if organisation is None:
        return absolute(reverse("openbadges:platform_issuer"))
    return absolute(reverse("openbadges:issuer", args=[organisation.slug]))


def issuer_name(organisation) -> str:
    return organisation.name if organisation is not None else settings.WAGTAIL_SITE_NAME


def achievement_id(badge_class) -> str:
    return absolute(reverse("openbadges:achievement", args=[badge_class.pk]))


def achievement_image_path(badge_class) -> str:
    """Where our own pages load the badge image from (same origin, for the CSP)."""
    if badge_class.image:
        return badge_class.image.url
    return reverse("openbadges:achievement_image", args=[badge_class.pk])


def achievement_image_url(badge_class) -> str:
    return absolute(achievement_image_path(badge_class))


def competence_url(item) -> str:
    return absolute(reverse("openbadges:competence", args=[item.identifier]))


def status_list_url(signing_key) -> str:
    return absolute(reverse("openbadges:status_list", args=[signing_key.kid]))


def credential_id(award) -> str:
    return f"{CREDENTIAL_ID_PREFIX}{award.public_id}"


def verify_url(award) -> str:
    return absolute(reverse("openbadges:verify", args=[award.public_id]))
