"""Read queries for the wallet, badge pages and the public share page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from badges.models import BadgeAward, BadgeClass
from badges.portfolio.links import credential_links


def badges_visible_to(viewer) -> QuerySet[BadgeClass]:
    """Sector badges, plus the viewer's own council's."""
    visible = Q(organisation__isnull=True)
    if viewer.organisation is not None:
        visible |= Q(organisation_id=viewer.organisation.pk)
    return BadgeClass.objects.filter(visible)


@dataclass
class Wallet:
    current: list[BadgeAward] = field(default_factory=list)
    expired: list[BadgeAward] = field(default_factory=list)
    revoked: list[BadgeAward] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.current or self.expired or self.revoked)


def wallet_for(user) -> Wallet:
    """Every award the person has had, sorted by state, in one query."""
    wallet = Wallet()
    now = timezone.now()
    awards = (
        BadgeAward.objects.filter(recipient=user)
        .select_related("badge_class")
        .order_by("-awarded_at", "-pk")
    )
    for award in awards:
        award.links = credential_links(award)
        if award.is_revoked:
            wallet.revoked.append(award)
        elif award.is_expired(now):
            wallet.expired.append(award)
        else:
            wallet.current.append(award)
    return wallet


def badges_to_earn(viewer, *, held_ids) -> list[BadgeClass]:
    return list(
        badges_visible_to(viewer)
        .filter(is_active=True)
        .exclude(pk__in=list(held_ids))
        .order_by("name")
    )


def shared_badges(user) -> list[BadgeAward]:
    """What a share link shows: current awards only, newest first."""
    from badges.portfolio.selectors import current_awards

    awards = current_awards([user.pk]).select_related("badge_class").order_by("-awarded_at")
    out = []
    for award in awards:
        award.links = credential_links(award)
        out.append(award)
    return out
