"""What goes on a certificate, read from its completion or award at the moment it is made."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils import timezone

from lms.certificates.errors import CertificateError


@dataclass
class Snapshot:
    learner_name: str
    achievement_title: str
    completed_on: datetime.date
    issuer_name: str
    competences: list[dict] = field(default_factory=list)
    level: str = ""
    expires_on: datetime.date | None = None

    def as_fields(self) -> dict:
        return asdict(self)


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def learner_name(user) -> str:
    """The name to print. A certificate proves who did something, so there is no fallback
    to an email address: without a name it waits, with an error an admin can act on."""
    name = " ".join(part for part in (user.first_name.strip(), user.last_name.strip()) if part)
    if not name:
        raise CertificateError(
            f"The learner ({user.email}) has no name on their account. Add their first and "
            "last name (HR can do this from the staff record), then render the certificate "
            "again."
        )
    return name


def issuer_name(organisation) -> str:
    return organisation.name if organisation is not None else settings.WAGTAIL_SITE_NAME


def _level_label(level) -> str:
    if level is None:
        return ""
    # DigComp names its levels with their number ("Intermediate 3"): say it once.
    name = level.name.removesuffix(f" {level.rank}").strip()
    return f"Level {level.rank} \N{EN DASH} {name}" if name else f"Level {level.rank}"


def for_completion(completion) -> Snapshot:
    from badges.frameworks.lookup import resolve_competence, resolve_level

    course = completion.course.specific
    competences = []
    for row in course.competences.all():
        item = resolve_competence(framework_code=row.framework, code=row.competence_id)
        level = (
            resolve_level(framework_code=row.framework, rank=row.target_level)
            if row.target_level
            else None
        )
        competences.append(
            {
                "code": row.competence_id,
                "title": item.title if item else "",
                "level": _level_label(level)
                if level
                else (f"Level {row.target_level}" if row.target_level else ""),
            }
        )
    return Snapshot(
        learner_name=learner_name(completion.user),
        achievement_title=course.title,
        completed_on=_local_date(completion.completed_at),
        issuer_name=issuer_name(completion.organisation),
        competences=competences,
        level=course.get_level_display(),
    )


def for_award(award) -> Snapshot:
    alignments = award.badge_class.alignments.select_related("item", "level").order_by(
        "sort_order", "pk"
    )
    competences = [
        {"code": a.item.code, "title": a.item.title, "level": _level_label(a.level)}
        for a in alignments
    ]
    top = max((a.level for a in alignments if a.level_id), key=lambda lv: lv.rank, default=None)
    return Snapshot(
        learner_name=learner_name(award.recipient),
        achievement_title=award.badge_class.name,
        completed_on=_local_date(award.awarded_at),
        issuer_name=issuer_name(award.organisation),
        competences=competences,
        level=_level_label(top),
        expires_on=_local_date(award.expires_at) if award.expires_at else None,
    )
