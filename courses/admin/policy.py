"""Who may see, upload, change and re-check content packages in the admin.

Two rules sit on top of Django's model permissions:

- Uploading is granted per kind ("Can upload H5P packages", "Can upload SCORM
  packages"), because an H5P package runs its own JavaScript. Wagtail's "add" action
  means "may upload at least one kind"; the model's own add permission is not used.
- Packages belong to a council or to the sector library. Platform admins see and
  manage everything; anyone else sees their council's packages and the sector
  library, and changes only their council's.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import ModelPermissionPolicy

from courses.models import ContentPackage
from lms.people.models import Organisation
from lms.people.permissions import Viewer

UPLOAD_PERMISSIONS: dict[str, str] = {
    ContentPackage.Kind.H5P: "upload_h5p",
    ContentPackage.Kind.SCORM: "upload_scorm",
}
_NO_COUNCIL = object()


def can_upload(user, *, kind: str) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm(f"courses.{UPLOAD_PERMISSIONS[kind]}")
    )


def uploadable_kinds(user) -> tuple[str, ...]:
    return tuple(kind for kind in UPLOAD_PERMISSIONS if can_upload(user, kind=kind))


def _is_platform_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def council_of(user) -> Organisation | None:
    """The council an admin user works for, or None; cached on the user for the request."""
    council = getattr(user, "_content_package_council", _NO_COUNCIL)
    if council is _NO_COUNCIL:
        council = Viewer(user).organisation if user.is_authenticated else None
        if not isinstance(user, AnonymousUser):
            user._content_package_council = council
    return council


def packages_visible_to(user) -> QuerySet[ContentPackage]:
    packages = ContentPackage.objects.select_related("owning_council", "uploaded_by")
    if _is_platform_admin(user):
        return packages
    sector = Q(owning_council__isnull=True)
    council = council_of(user)
    if council is None:
        return packages.filter(sector)
    return packages.filter(sector | Q(owning_council=council))


def packages_manageable_by(user) -> QuerySet[ContentPackage]:
    """Packages the user may rename, delete or re-check (given the matching permission)."""
    packages = ContentPackage.objects.select_related("owning_council", "uploaded_by")
    if _is_platform_admin(user):
        return packages
    council = council_of(user)
    return packages.filter(owning_council=council) if council else packages.none()


def can_manage(user, package: ContentPackage) -> bool:
    if _is_platform_admin(user):
        return True
    council = council_of(user)
    return council is not None and package.owning_council_id == council.pk


def can_see(user, package: ContentPackage) -> bool:
    return package.owning_council_id is None or can_manage(user, package)


def upload_councils_for(user) -> QuerySet[Organisation]:
    """Where the user may put new packages; an empty queryset means nowhere.

    Platform admins may also choose the sector library (no council), which the
    upload form offers separately.
    """
    if _is_platform_admin(user):
        return Organisation.objects.filter(is_active=True)
    council = council_of(user)
    if council is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=council.pk)


def may_use_sector_library(user) -> bool:
    return _is_platform_admin(user)


class ContentPackagePolicy(ModelPermissionPolicy):
    """Model permissions, with "add" meaning an upload grant and instances scoped by council."""

    def _codenames(self, action: str) -> set[str]:
        if action == "add":
            return set(UPLOAD_PERMISSIONS.values())
        return {self._get_permission_codename(action)}

    def user_has_permission(self, user, action):
        return any(user.has_perm(f"{self.app_label}.{name}") for name in self._codenames(action))

    def users_with_any_permission(self, actions):
        codenames = set().union(*(self._codenames(action) for action in actions))
        return self._get_users_with_any_permission_codenames(codenames)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        for action in actions:
            if not self.user_has_permission(user, action):
                continue
            in_scope = can_see(user, instance) if action == "view" else can_manage(user, instance)
            if in_scope:
                return True
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        allowed = {action for action in actions if self.user_has_permission(user, action)}
        if "view" in allowed:
            return packages_visible_to(user)
        if allowed:
            return packages_manageable_by(user)
        return ContentPackage.objects.none()
