"""Build the OpenBadgeCredential for an award with openbadgeslib's data model.

What goes in is public by design: the badge, its alignments and evidence described in
general terms. The recipient appears only as a salted SHA-256 of their email address,
which they can prove by revealing the address; no name, email or free-text note
(which an admin may have written about a person) is copied in.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from openbadgeslib.ob3 import (
    Achievement,
    Alignment,
    Evidence,
    IdentityObject,
    Issuer,
    OpenBadgeCredential,
    Result,
    ResultDescription,
    status_entry,
)

from badges.models import BadgeAward, Criterion
from badges.openbadges import identifiers


@dataclass
class CompetencyAlignment(Alignment):
    """An alignment that says what kind of node it points at (OB 3.0 targetType).

    openbadgeslib's Alignment has no targetType; ours always points at a framework
    item (CASE CFItem), which is what lets a reader map the badge to a competence.
    """

    target_type: str = "CFItem"

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "targetType": self.target_type}


def _alignments(badge_class) -> tuple[list[Alignment], list[ResultDescription], list[Result]]:
    alignments, descriptions, results = [], [], []
    achievement = identifiers.achievement_id(badge_class)
    for position, row in enumerate(badge_class.alignments.all(), start=1):
        item, framework = row.item, row.item.framework
        alignment = CompetencyAlignment(
            target_name=item.title,
            target_url=identifiers.competence_url(item),
            target_framework=f"{framework.title} {framework.version}".strip(),
            target_code=item.code,
            target_description=item.description or None,
        )
        alignments.append(alignment)
        if row.level_id is None:
            continue
        description_id = f"{achievement}#level-{position}"
        descriptions.append(
            ResultDescription(
                id=description_id,
                name=f"Proficiency in {item.code} {item.title}",
                result_type="PerformanceLevel",
                allowed_values=[row.level.name],
                required_value=row.level.name,
                alignments=[alignment],
            )
        )
        results.append(Result(value=row.level.name, result_description=description_id))
    return alignments, descriptions, results


def _percent(score) -> str:
    return f"{float(score) * 100:.0f}%"


def _describe(criterion: Criterion | None) -> Evidence:
    """Say what satisfied a criterion in words that name no person."""
    kind = criterion.kind if criterion is not None else None
    if kind == Criterion.Kind.COURSE_COMPLETED and criterion.course is not None:
        return Evidence(
            name="Course completed",
            description=f"Completed the course “{criterion.course.title}”.",
            genre="Course completion",
        )
    if kind == Criterion.Kind.ACTIVITY_SCORE:
        where = f" in “{criterion.lesson.title}”" if criterion.lesson is not None else ""
        threshold = f"at least {_percent(criterion.min_score)}" if criterion.min_score else "a pass"
        return Evidence(
            name="Assessment passed",
            description=f"Scored {threshold} in an assessed activity{where}.",
            genre="Assessment",
        )
    if kind == Criterion.Kind.BADGE_HELD and criterion.required_badge is not None:
        return Evidence(
            name="Badge held",
            description=f"Holds the badge “{criterion.required_badge.name}”.",
            genre="Badge",
        )
    if kind == Criterion.Kind.SIGN_OFF:
        signer = (
            "a line manager or an assessor"
            if criterion.signer == Criterion.Signer.ASSESSOR
            else "a line manager"
        )
        return Evidence(
            name="Evidence signed off",
            description=f"Evidence of practice at work, checked and signed off by {signer}.",
            genre="Observation",
        )
    if kind == Criterion.Kind.SELF_ASSESSMENT:
        level = f" at “{criterion.level.name}”" if criterion.level is not None else ""
        item = f" in {criterion.item.code} {criterion.item.title}" if criterion.item else ""
        return Evidence(
            name="Self-assessment confirmed",
            description=f"Self-assessed{level}{item}, confirmed by a line manager.",
            genre="Self-assessment",
        )
    return Evidence(name="Criteria met", description="Met the badge's criteria.")


def _evidence(award: BadgeAward) -> list[Evidence]:
    described, seen = [], set()
    for row in award.evidence.all():
        key = row.criterion_id or f"row-{row.pk}"
        if key in seen:
            continue
        seen.add(key)
        described.append(_describe(row.criterion))
    if not described:
        # A manual, backdated or imported award: say how it was recognised, not why
        # (the admin's note may be about the person).
        described.append(
            Evidence(
                name="Recognised by the issuer",
                description=f"{award.get_method_display()}.",
                genre="Recognition",
            )
        )
    return described


def build_credential(*, award: BadgeAward, signing_key, status_index: int) -> OpenBadgeCredential:
    badge_class = award.badge_class
    organisation = signing_key.organisation
    alignments, descriptions, results = _alignments(badge_class)
    achievement = Achievement(
        id=identifiers.achievement_id(badge_class),
        name=badge_class.name,
        description=badge_class.description,
        criteria_narrative=badge_class.criteria_narrative,
        image_url=identifiers.achievement_image_url(badge_class),
        achievement_type="Badge",
        alignments=alignments,
        result_descriptions=descriptions,
    )
    return OpenBadgeCredential(
        id=identifiers.credential_id(award),
        issuer=Issuer(
            id=identifiers.issuer_id(organisation),
            name=identifiers.issuer_name(organisation),
            url=identifiers.absolute("/"),
        ),
        recipient_id=None,
        identifiers=[IdentityObject.create(award.recipient.email, salt=secrets.token_hex(16))],
        achievement=achievement,
        name=badge_class.name,
        issuance_date=award.valid_from,
        expiration_date=award.expires_at,
        evidence=_evidence(award),
        results=results,
        credential_status=[
            status_entry(identifiers.status_list_url(signing_key), "revocation", status_index)
        ],
    )
