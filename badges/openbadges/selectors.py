"""Read queries for the Open Badges pages and downloads."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404

from badges.models import BadgeAlignment, BadgeAward, BadgeClass, FrameworkItem, SigningKey


def own_award(*, user, public_id) -> BadgeAward:
    """The signed-in learner's own award; anyone else's is simply not found."""
    award = (
        BadgeAward.objects.select_related("badge_class", "organisation", "credential")
        .filter(public_id=public_id, recipient=user)
        .first()
    )
    if award is None:
        raise Http404("No such badge in your wallet.")
    return award


def award_for_verification(*, public_id) -> BadgeAward:
    award = (
        BadgeAward.objects.select_related("badge_class", "recipient", "organisation", "credential")
        .filter(public_id=public_id)
        .first()
    )
    if award is None:
        raise Http404("We have no record of this badge.")
    return award


def public_badge_class(*, pk: int) -> BadgeClass:
    badge_class = (
        BadgeClass.objects.select_related("organisation")
        .prefetch_related(
            Prefetch(
                "alignments",
                queryset=BadgeAlignment.objects.select_related("item__framework", "level"),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if badge_class is None:
        raise Http404("No such badge.")
    return badge_class


def public_competence(*, identifier) -> FrameworkItem:
    item = (
        FrameworkItem.objects.select_related("framework", "parent")
        .filter(identifier=identifier)
        .first()
    )
    if item is None:
        raise Http404("No such competence.")
    return item


def published_keys():
    """Every key ever used to sign, active and retired, oldest first."""
    return SigningKey.objects.select_related("organisation").order_by("pk")


def issuer_keys(*, organisation):
    return SigningKey.objects.filter(organisation=organisation).order_by("-pk")


def signing_key(*, kid: str) -> SigningKey:
    key = SigningKey.objects.select_related("organisation").filter(kid=kid).first()
    if key is None:
        raise Http404("No such status list.")
    return key
