"""Careers actions: saving roles, registering interest and deleting it when its time is up."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.careers.consent import CONSENT_TEXTS, CONSENT_VERSION
from cms.careers.models import InterestSubmission, RoleProfilePage, SavedRole


class CareersRefused(Exception):
    """An action the rules do not allow, with a message for the person."""


def save_role(*, user, role: RoleProfilePage) -> tuple[SavedRole, bool]:
    """Save a live role for the user; saving it again changes nothing."""
    if not user.is_authenticated:
        raise CareersRefused("Sign in to save roles.")
    if not role.live:
        raise CareersRefused("That role is no longer on the site.")
    try:
        # The savepoint lets a request racing this one lose on the constraint quietly.
        with transaction.atomic():
            return SavedRole.objects.get_or_create(user=user, role=role)
    except IntegrityError:
        return SavedRole.objects.get(user=user, role=role), False


def forget_role(*, user, role_id: int) -> int:
    """Remove a saved role; returns how many were removed (0 if it was never saved)."""
    deleted, _ = SavedRole.objects.filter(user=user, role_id=role_id).delete()
    return deleted


def register_interest(
    *,
    organisation,
    name: str,
    email: str,
    role: RoleProfilePage | None,
    message: str,
    retention_days: int,
    consent_version: str = CONSENT_VERSION,
    now: datetime.datetime | None = None,
) -> InterestSubmission:
    if organisation is None or not organisation.is_active:
        raise CareersRefused("Choose a council to send your details to.")
    if consent_version not in CONSENT_TEXTS:
        raise CareersRefused("Unknown consent wording.")
    if retention_days < 1:
        raise CareersRefused("The retention period must be at least a day.")
    now = now or timezone.now()
    submission = InterestSubmission(
        organisation=organisation,
        role=role,
        role_title=role.title if role is not None else "",
        name=name.strip(),
        email=email.strip(),
        message=message.strip(),
        consent_text_version=consent_version,
        retain_until=now + datetime.timedelta(days=retention_days),
    )
    submission.full_clean()
    submission.save()
    return submission


def purge_expired_interest(*, now: datetime.datetime | None = None) -> int:
    """Delete every submission whose retention period has ended; returns how many."""
    now = now or timezone.now()
    deleted, _ = InterestSubmission.objects.filter(retain_until__lte=now).delete()
    return deleted
