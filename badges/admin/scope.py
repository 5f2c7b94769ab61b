"""Which badges, courses and frameworks an admin user may see and change.

Badges belong to a council or to the sector (no council). Platform admins see and
change everything. Anyone else sees their own council's badges and the sector's,
and changes only their own council's; sector badges are read-only to them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from badges.models import BadgeClass, Framework
from courses.models import CoursePage
from lms.people.models import Organisation
from lms.people.permissions import Viewer


def is_platform_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def _viewer(user) -> Viewer:
    """One Viewer per user object, so a request looks the staff profile up once."""
    viewer = getattr(user, "_badges_admin_viewer", None)
    if viewer is None:
        viewer = Viewer(user)
        if user.is_authenticated:
            user._badges_admin_viewer = viewer
    return viewer


def council_of(user) -> Organisation | None:
    """The council an admin user works for (None for platform admins without one)."""
    return _viewer(user).organisation if user.is_authenticated else None


def is_hr_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and _viewer(user).is_hr_admin)


def badges_visible_to(user) -> QuerySet[BadgeClass]:
    badges = BadgeClass.objects.select_related("organisation")
    if is_platform_admin(user):
        return badges
    council = council_of(user)
    sector = Q(organisation__isnull=True)
    return badges.filter(sector | Q(organisation=council) if council else sector)


def badges_manageable_by(user) -> QuerySet[BadgeClass]:
    badges = BadgeClass.objects.select_related("organisation")
    if is_platform_admin(user):
        return badges
    council = council_of(user)
    return badges.filter(organisation=council) if council else badges.none()


def can_manage(user, badge: BadgeClass) -> bool:
    if is_platform_admin(user):
        return True
    council = council_of(user)
    return council is not None and badge.organisation_id == council.pk


def can_see(user, badge: BadgeClass) -> bool:
    return badge.organisation_id is None or can_manage(user, badge)


def may_create(user) -> bool:
    return is_platform_admin(user) or council_of(user) is not None


# --- what a badge of a given owner may point at -----------------------------------------------
# A council badge may build on its own council's things and the sector's; a sector badge,
# which anyone can earn, only on the sector's, or some learners could never earn it.


def usable_badges(organisation_id: int | None) -> QuerySet[BadgeClass]:
    sector = Q(organisation__isnull=True)
    if organisation_id is None:
        return BadgeClass.objects.filter(sector)
    return BadgeClass.objects.filter(sector | Q(organisation_id=organisation_id))


def usable_courses(organisation_id: int | None) -> QuerySet[CoursePage]:
    shared = Q(owning_council__isnull=True) | Q(shared_with_sector=True)
    if organisation_id is None:
        return CoursePage.objects.filter(shared)
    return CoursePage.objects.filter(shared | Q(owning_council_id=organisation_id))


def usable_frameworks(organisation_id: int | None) -> QuerySet[Framework]:
    sector = Q(organisation__isnull=True)
    if organisation_id is None:
        return Framework.objects.filter(sector)
    return Framework.objects.filter(sector | Q(organisation_id=organisation_id))


def offered_scope(user) -> int | object | None:
    """The owner whose things a user's forms offer; ALL for platform admins."""
    if is_platform_admin(user):
        return ALL
    council = council_of(user)
    return council.pk if council else None


ALL = object()
