"""What people agree to when they register interest, and for how long it is kept.

The wording is versioned: each submission records the version it was given under, so a
change of wording needs a new version here and the old ones still say what was agreed.
"""

from __future__ import annotations

from django.conf import settings

CONSENT_VERSION = "2025-1"
CONSENT_TEXTS = {
    "2025-1": (
        "I agree that {council} may keep my name, email address and message for "
        "{period} to contact me about digital jobs and training, and that it will then "
        "delete them."
    ),
}
DEFAULT_RETENTION_DAYS = 365


def retention_days(*, index=None) -> int:
    """The careers index's own period if it sets one, else the platform's."""
    if index is not None and index.interest_retention_days:
        return index.interest_retention_days
    return getattr(settings, "CAREERS_INTEREST_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)


def describe_period(days: int) -> str:
    """Days as people say them: '12 months', '2 years', '90 days'."""
    if days % 365 == 0:
        years = days // 365
        return "12 months" if years == 1 else f"{years} years"
    if days % 30 == 0:
        months = days // 30
        return "1 month" if months == 1 else f"{months} months"
    return "1 day" if days == 1 else f"{days} days"


def consent_text(*, council_name: str, days: int, version: str = CONSENT_VERSION) -> str:
    return CONSENT_TEXTS[version].format(council=council_name, period=describe_period(days))
