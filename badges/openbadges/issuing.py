"""Issue the signed credential for an award: once, however often or concurrently asked."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from badges.models import AwardEvidence, BadgeAlignment, BadgeAward, IssuedCredential
from badges.openbadges import identifiers
from badges.openbadges.credential import build_credential
from badges.openbadges.keys import active_key, signer_for


def _award_for_issuing(award_id: int) -> BadgeAward:
    return (
        BadgeAward.objects.select_related("badge_class", "recipient", "organisation")
        .prefetch_related(
            Prefetch(
                "badge_class__alignments",
                queryset=BadgeAlignment.objects.select_related("item__framework", "level"),
            ),
            Prefetch(
                "evidence",
                queryset=AwardEvidence.objects.select_related(
                    "criterion__course",
                    "criterion__lesson",
                    "criterion__required_badge",
                    "criterion__item",
                    "criterion__level",
                ).order_by("pk"),
            ),
        )
        .get(pk=award_id)
    )


def _existing(award_id: int) -> IssuedCredential | None:
    return IssuedCredential.objects.filter(award_id=award_id).first()


def issue_credential(*, award: BadgeAward) -> IssuedCredential:
    """The award's IssuedCredential, signed with its issuer's active key.

    The issuer is the recipient's council at award time (for a sector badge too: the
    council vouches for its own staff), or the platform for a graduate. The row is
    inserted first so its primary key can be the status-list index; the OneToOne on
    the award makes a concurrent second run lose the insert and return the winner's.
    """
    existing = _existing(award.pk)
    if existing is not None:
        return existing
    award = _award_for_issuing(award.pk)
    key = active_key(organisation=award.organisation)
    with transaction.atomic():
        try:
            with transaction.atomic():
                issued = IssuedCredential.objects.create(
                    award=award,
                    signing_key=key,
                    credential_id=identifiers.credential_id(award),
                    payload={},
                    jwt="",
                )
        except IntegrityError:
            return IssuedCredential.objects.get(award_id=award.pk)
        credential = build_credential(award=award, signing_key=key, status_index=issued.pk)
        issued.payload = credential.to_vc()
        issued.jwt = signer_for(key).sign(credential)
        issued.save(update_fields=["payload", "jwt"])
    return issued
