"""Who may see what: the one permission layer used by views and templates.

A Viewer is worked out once per request from the signed-in user. Views guard
themselves with the decorators below; templates read `viewer` from the context.
Every check runs on the server.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import cached_property, wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from lms.people.models import Organisation, StaffProfile, User

EDITOR_GROUPS = ("Editors", "Moderators")
# Set on a user loaded by user_with_roles(): their staff profile (or None), roles attached.
ROLES_LOADED = "_lms_staff_profile"


class Role(StrEnum):
    LEARNER = "learner"
    MANAGER = "manager"
    HR_ADMIN = "hr_admin"
    EDITOR = "editor"
    PLATFORM_ADMIN = "platform_admin"
    PUBLIC = "public"


class Viewer:
    """The signed-in person as the permission rules see them."""

    def __init__(self, user):
        self.user = user

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user and self.user.is_authenticated)

    @cached_property
    def staff(self) -> StaffProfile | None:
        if not self.is_authenticated:
            return None
        if hasattr(self.user, ROLES_LOADED):
            profile = getattr(self.user, ROLES_LOADED)
        else:
            # The navigation needs the manager and editor roles on every page: they come
            # with the profile in the same query.
            profile = (
                StaffProfile.objects.select_related("organisation")
                .annotate(
                    has_reports=Exists(_active_reports("pk")),
                    in_editor_group=Exists(_editor_memberships("user_id")),
                )
                .filter(user=self.user)
                .first()
            )
        return profile if profile is not None and profile.is_active else None

    @property
    def organisation(self) -> Organisation | None:
        return self.staff.organisation if self.staff else None

    @property
    def is_platform_admin(self) -> bool:
        return self.is_authenticated and self.user.is_superuser

    @property
    def is_learner(self) -> bool:
        return self.staff is not None

    @property
    def is_hr_admin(self) -> bool:
        return self.staff is not None and self.staff.is_hr_admin

    @property
    def is_manager(self) -> bool:
        return self.staff is not None and self.staff.has_reports

    @cached_property
    def is_editor(self) -> bool:
        if not self.is_authenticated:
            return False
        if self.is_platform_admin:
            return True
        if self.staff is not None:
            return self.staff.in_editor_group
        if hasattr(self.user, "lms_in_editor_group"):
            return self.user.lms_in_editor_group
        return self.user.groups.filter(name__in=EDITOR_GROUPS).exists()

    @property
    def is_public(self) -> bool:
        """A graduate or member of the public: signed in, but not council staff."""
        return self.is_authenticated and self.staff is None and not self.is_platform_admin

    def has_role(self, role: Role | str) -> bool:
        return getattr(self, _ROLE_CHECKS[Role(role)])

    def has_any_role(self, roles) -> bool:
        """Stops at the first role held, so cheap roles spare the costlier queries."""
        return any(self.has_role(role) for role in roles)

    @cached_property
    def roles(self) -> frozenset[Role]:
        return frozenset(role for role in Role if self.has_role(role))

    def can_manage_organisation(self, organisation: Organisation) -> bool:
        if self.is_platform_admin:
            return True
        return self.is_hr_admin and self.staff.organisation_id == organisation.pk

    def can_view_person(self, profile: StaffProfile) -> bool:
        from lms.people.selectors import is_in_reporting_line

        if self.staff and self.staff.pk == profile.pk:
            return True
        if self.can_manage_organisation(profile.organisation):
            return True
        return self.is_manager and is_in_reporting_line(manager=self.staff, profile=profile)


_ROLE_CHECKS = {
    Role.PLATFORM_ADMIN: "is_platform_admin",
    Role.LEARNER: "is_learner",
    Role.HR_ADMIN: "is_hr_admin",
    Role.PUBLIC: "is_public",
    Role.MANAGER: "is_manager",
    Role.EDITOR: "is_editor",
}


def _active_reports(manager_ref: str):
    return StaffProfile.objects.filter(manager=OuterRef(manager_ref), is_active=True)


def _editor_memberships(user_ref: str):
    return User.groups.through.objects.filter(
        user_id=OuterRef(user_ref), group__name__in=EDITOR_GROUPS
    )


def user_with_roles(user_id) -> User | None:
    """The user with their staff profile, council and derived roles, in one query; the
    Viewer of a user loaded this way asks nothing more of the database."""
    user = (
        User.objects.select_related("staff_profile__organisation")
        .annotate(
            lms_has_reports=Exists(_active_reports("staff_profile__pk")),
            lms_in_editor_group=Exists(_editor_memberships("pk")),
        )
        .filter(pk=user_id)
        .first()
    )
    if user is None:
        return None
    try:
        profile = user.staff_profile
    except StaffProfile.DoesNotExist:
        profile = None
    if profile is not None:
        profile.has_reports = user.lms_has_reports
        profile.in_editor_group = user.lms_in_editor_group
    setattr(user, ROLES_LOADED, profile)
    return user


def viewer_for(request: HttpRequest) -> Viewer:
    viewer = getattr(request, "_lms_viewer", None)
    if viewer is None or viewer.user is not request.user:
        viewer = Viewer(request.user)
        request._lms_viewer = viewer
    return viewer


def _guard(test: Callable[[Viewer], bool], message: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            viewer = viewer_for(request)
            if not viewer.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not test(viewer):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


signed_in_required = _guard(lambda v: True, "")
staff_required = _guard(
    lambda v: v.is_learner,
    "This area is for council staff. Sign in with your council account to use it.",
)
manager_required = _guard(
    lambda v: v.is_manager, "This page is for line managers: nobody reports to you here."
)


def organisation_admin_required(view):
    """For URLs carrying a council slug: HR admins of that council and platform admins.

    An unknown slug is a 404; a council that is not yours is a 403.
    """

    @wraps(view)
    def wrapped(request, org_slug: str, *args, **kwargs):
        viewer = viewer_for(request)
        if not viewer.is_authenticated:
            return redirect_to_login(request.get_full_path())
        organisation = get_object_or_404(Organisation, slug=org_slug)
        if not viewer.can_manage_organisation(organisation):
            raise PermissionDenied("Only this council's HR and learning admins can see this page.")
        return view(request, organisation, *args, **kwargs)

    return wrapped


def person_in(organisation: Organisation, profile_id: int) -> StaffProfile:
    """A council's staff member by id; another council's id is simply not found."""
    try:
        return StaffProfile.objects.select_related(
            "user", "organisation", "department", "job_role", "manager__user"
        ).get(organisation=organisation, pk=profile_id)
    except StaffProfile.DoesNotExist as exc:
        raise Http404("No such person in this council.") from exc
