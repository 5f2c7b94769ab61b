"""When a learner may be awarded a badge again, and how long an award lasts.

One policy for automatic, manual and bulk awards: a badge is held at most once per
validity period. The next cycle opens when the latest award has expired or been
revoked, or when it is inside the badge's recertification window.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.utils import timezone


class LatestAward(NamedTuple):
    """The facts about a learner's award of a badge that the policy needs.

    `pending` marks an award decided earlier in the same evaluation and not yet saved
    (its pk is None until it is). A tuple, because re-evaluation builds one per award
    of every learner in a batch.
    """

    pk: int | None
    cycle: int
    awarded_at: datetime.datetime
    expires_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    pending: bool = False

    def is_current(self, at: datetime.datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > at)


def recertification_opens(
    *, expires_at: datetime.datetime | None, recertify_within_days: int | None
) -> datetime.datetime | None:
    if expires_at is None:
        return None
    return expires_at - datetime.timedelta(days=recertify_within_days or 0)


def next_cycle(
    *,
    latest: LatestAward | None,
    recertify_within_days: int | None,
    at: datetime.datetime | None = None,
) -> int | None:
    """The cycle number a new award would take, or None while the latest one still stands."""
    at = at or timezone.now()
    if latest is None:
        return 1
    if not latest.is_current(at):
        return latest.cycle + 1
    opens = recertification_opens(
        expires_at=latest.expires_at, recertify_within_days=recertify_within_days
    )
    if opens is not None and at >= opens:
        return latest.cycle + 1
    return None


def validity(
    *,
    awarded_at: datetime.datetime,
    valid_for_days: int | None,
    latest: LatestAward | None,
) -> tuple[datetime.datetime, datetime.datetime | None]:
    """(valid_from, expires_at) of a new award.

    Recertifying early must not cost the learner the days left on the old award, so a
    renewal of a still-current award runs on from the old expiry.
    """
    if not valid_for_days:
        return awarded_at, None
    base = awarded_at
    if (
        latest is not None
        and latest.is_current(awarded_at)
        and latest.expires_at is not None
        and latest.expires_at > awarded_at
    ):
        base = latest.expires_at
    return awarded_at, base + datetime.timedelta(days=valid_for_days)
