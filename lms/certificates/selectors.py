"""Read-side queries for certificates: status, what a person may see, the learner's list."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from lms.certificates.models import Certificate, CertificateDesign, RenderStatus

VALID, EXPIRED, REVOKED, SUPERSEDED = "valid", "expired", "revoked", "superseded"
# Making a PDF takes seconds; an hour allows for a long queue after a bulk import.
PENDING_TOO_LONG = datetime.timedelta(hours=1)


def with_sources(queryset: QuerySet[Certificate]) -> QuerySet[Certificate]:
    return queryset.select_related("organisation", "badge_award", "superseded_by")


def status_of(certificate: Certificate, *, today=None) -> str:
    """Revoked (the badge was taken back) first, then superseded by a newer certificate
    for the same thing, then expired (the badge's validity, as printed), else valid."""
    award = certificate.badge_award if certificate.badge_award_id else None
    if award is not None and award.revoked_at is not None:
        return REVOKED
    if certificate.superseded_at is not None:
        return SUPERSEDED
    today = today or timezone.localdate()
    expires_on = certificate.expires_on
    if award is not None and award.expires_at is not None:
        expires_on = timezone.localtime(award.expires_at).date()
    if expires_on is not None and expires_on <= today:
        return EXPIRED
    return VALID


def issued_by_code(code: str) -> Certificate | None:
    """A certificate someone could hold on paper: only rendered ones have been printed."""
    # The council's design comes in the same query: it says how the name is shown.
    return (
        with_sources(Certificate.objects.filter(code=code, render_status=RenderStatus.RENDERED))
        .select_related("organisation__certificate_design")
        .first()
    )


def initials(name: str) -> str:
    return " ".join(f"{part[0]}." for part in name.replace("-", " ").split() if part)


def public_name(certificate: Certificate) -> str:
    """What the verification page shows of the learner: the council decides (full name or
    initials); the name is the one printed on the certificate."""
    design = CertificateDesign.loaded_with(certificate.organisation)
    if design.name_on_verification == CertificateDesign.NameOnVerification.INITIALS:
        return initials(certificate.learner_name)
    return certificate.learner_name


def for_learner(user) -> list[Certificate]:
    # Failed ones are listed too: the learner should know a certificate is on its way.
    # One still waiting long after it was issued (the worker is down or far behind) is
    # shown as delayed, as a failed one is, not as "being made" for ever.
    rows = with_sources(Certificate.objects.filter(learner=user)).order_by("-created_at", "-pk")
    waited_too_long = timezone.now() - PENDING_TOO_LONG
    for row in rows:
        row.status = status_of(row)
        row.is_delayed = row.render_status == RenderStatus.FAILED or (
            row.render_status == RenderStatus.PENDING and row.created_at < waited_too_long
        )
    return list(rows)


def unseen_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Certificate.objects.filter(
        learner=user, render_status=RenderStatus.RENDERED, seen_at__isnull=True
    ).count()


def may_download(viewer, certificate: Certificate) -> bool:
    """The learner; their council's HR admins; managers above them; platform admins."""
    if not viewer.is_authenticated:
        return False
    if certificate.learner_id == viewer.user.pk or viewer.is_platform_admin:
        return True
    if certificate.organisation_id is None or viewer.organisation is None:
        return False
    if viewer.organisation.pk != certificate.organisation_id:
        return False
    if viewer.is_hr_admin:
        return True
    if viewer.is_manager:
        from lms.people.models import StaffProfile
        from lms.people.selectors import is_in_reporting_line

        profile = StaffProfile.objects.filter(user_id=certificate.learner_id).first()
        return profile is not None and is_in_reporting_line(manager=viewer.staff, profile=profile)
    return False
