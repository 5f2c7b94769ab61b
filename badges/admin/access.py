"""Who may award, revoke and audit badges in the admin, and over which council's records.

HR/L&D admins act on their own council's staff, awards, runs and audit entries;
platform admins on every council's. Other councils' records are simply not in the
querysets, so an id from another council is a 404, never an action.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from badges.admin.scope import council_of, is_hr_admin, is_platform_admin
from badges.models import AuditEntry, BadgeAward, BadgeClass, ReevaluationRun
from lms.people.models import Organisation, StaffProfile

DENIED = "Awards, re-evaluations and the badge audit log are for HR/L&D admins and platform admins."


def may_administer_awards(user) -> bool:
    return is_platform_admin(user) or is_hr_admin(user)


def require_award_admin(user) -> None:
    if not may_administer_awards(user):
        raise PermissionDenied(DENIED)


def councils_for(user) -> QuerySet[Organisation]:
    if is_platform_admin(user):
        return Organisation.objects.all()
    council = council_of(user) if is_hr_admin(user) else None
    return Organisation.objects.filter(pk=council.pk) if council else Organisation.objects.none()


def awards_visible_to(user) -> QuerySet[BadgeAward]:
    awards = BadgeAward.objects.select_related("badge_class", "recipient", "organisation")
    if is_platform_admin(user):
        return awards
    council = council_of(user) if is_hr_admin(user) else None
    return awards.filter(organisation=council) if council else awards.none()


def learners_for(user) -> QuerySet[StaffProfile]:
    """Active staff an admin may award to."""
    profiles = StaffProfile.objects.active().select_related("user", "organisation")
    if is_platform_admin(user):
        return profiles
    council = council_of(user) if is_hr_admin(user) else None
    return profiles.filter(organisation=council) if council else profiles.none()


def awardable_badges(user, organisation: Organisation | None = None) -> QuerySet[BadgeClass]:
    """Badges that staff of `organisation` (default: the user's council) can be given."""
    if organisation is None and not is_platform_admin(user):
        organisation = council_of(user)
    sector = Q(organisation__isnull=True)
    if organisation is None:
        badges = BadgeClass.objects.all() if is_platform_admin(user) else BadgeClass.objects.none()
    else:
        badges = BadgeClass.objects.filter(sector | Q(organisation=organisation))
    return badges.select_related("organisation").order_by("name")


def audit_visible_to(user) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related(
        "actor", "subject", "badge_class", "award", "organisation"
    )
    if is_platform_admin(user):
        return entries
    council = council_of(user) if is_hr_admin(user) else None
    return entries.filter(organisation=council) if council else entries.none()


def runs_visible_to(user) -> QuerySet[ReevaluationRun]:
    """HR admins see their council's runs; anyone sees the runs they started themselves."""
    runs = ReevaluationRun.objects.select_related("badge_class", "organisation", "requested_by")
    if is_platform_admin(user):
        return runs
    if not user.is_authenticated:
        return runs.none()
    mine = Q(requested_by=user)
    council = council_of(user) if is_hr_admin(user) else None
    return runs.filter(mine | Q(organisation=council) if council else mine)
