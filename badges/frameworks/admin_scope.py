"""Who may see and change frameworks, their items and levels, and role requirements.

Two layers. Django model permissions ("Can change framework" and so on, granted to a
group in Wagtail's group editor) decide what kind of change a person may make at
all. The council scope decides which records: platform admins reach everything;
anyone else sees the shared (sector) records and their own council's, and changes
only their own council's. The frameworks shipped in badges/data/ are read-only to
everyone in the admin, because the next `load_frameworks` would overwrite an edit;
they change by editing the data files.
"""

from __future__ import annotations

from functools import cache

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail.permission_policies.base import ModelPermissionPolicy

from badges.frameworks.loader import SHIPPED_FILES, read_shipped
from badges.models import (
    BadgeAlignment,
    Framework,
    FrameworkItem,
    ProficiencyLevel,
    RoleRequirement,
)
from lms.people.models import JobRole, Organisation
from lms.people.permissions import Viewer

_UNSET = object()


@cache
def shipped_identifiers() -> frozenset[str]:
    return frozenset(read_shipped(name)["CFDocument"]["identifier"] for name in SHIPPED_FILES)


def is_shipped(framework: Framework) -> bool:
    return str(framework.identifier) in shipped_identifiers()


def is_platform_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def council_of(user) -> Organisation | None:
    """The council an admin user works for; cached on the user for the request."""
    council = getattr(user, "_frameworks_admin_council", _UNSET)
    if council is _UNSET:
        council = Viewer(user).organisation if user.is_authenticated else None
        if not isinstance(user, AnonymousUser):
            user._frameworks_admin_council = council
    return council


def roles_usable_by(user) -> QuerySet[JobRole]:
    """Job roles a requirement may name: the sector's and the user's council's own."""
    if is_platform_admin(user):
        return JobRole.objects.all()
    council = council_of(user)
    sector = Q(organisation__isnull=True)
    return JobRole.objects.filter(sector | Q(organisation=council) if council else sector)


class Scope:
    """Visibility and management rules for one model, through the path to its owner."""

    def __init__(self, model, owner: str):
        self.model = model
        self.owner = owner  # lookup to the owning Organisation, e.g. "framework__organisation"

    def base(self) -> QuerySet:
        return self.model._default_manager.all()

    def visible(self, user) -> QuerySet:
        if is_platform_admin(user):
            return self.base()
        council = council_of(user)
        sector = Q(**{f"{self.owner}__isnull": True})
        return self.base().filter(sector | Q(**{self.owner: council}) if council else sector)

    def manageable(self, user) -> QuerySet:
        if is_platform_admin(user):
            return self._editable(self.base())
        council = council_of(user)
        if council is None:
            return self.base().none()
        return self._editable(self.base().filter(**{self.owner: council}))

    def deletable(self, user) -> QuerySet:
        return self._unused(self.manageable(user))

    def may_add(self, user) -> bool:
        return is_platform_admin(user) or council_of(user) is not None

    def can_manage(self, user, instance) -> bool:
        """The same rule as `manageable`, on a loaded instance (for listings, no query)."""
        if not self._editable_instance(instance):
            return False
        if is_platform_admin(user):
            return True
        council = council_of(user)
        return council is not None and self.owner_id(instance) == council.pk

    def owner_id(self, instance) -> int | None:
        *path, last = self.owner.split("__")
        for name in path:
            instance = getattr(instance, name)
        return getattr(instance, f"{last}_id")

    def _editable(self, queryset: QuerySet) -> QuerySet:
        return queryset

    def _editable_instance(self, instance) -> bool:
        return True

    def _unused(self, queryset: QuerySet) -> QuerySet:
        return queryset


class FrameworkScope(Scope):
    def _editable(self, queryset):
        return queryset.exclude(identifier__in=shipped_identifiers())

    def _editable_instance(self, instance):
        return not is_shipped(instance)

    def _unused(self, queryset):
        # Badges and role requirements pointing into a framework would be deleted with it
        # (or block the delete half way); it has to be emptied of those first.
        aligned = BadgeAlignment.objects.filter(item__framework=OuterRef("pk"))
        required = RoleRequirement.objects.filter(item__framework=OuterRef("pk"))
        return queryset.exclude(Exists(aligned)).exclude(Exists(required))


class FrameworkPartScope(Scope):
    """Items and levels: owned through their framework; a shipped framework's are read-only."""

    def _editable(self, queryset):
        return queryset.exclude(framework__identifier__in=shipped_identifiers())

    def _editable_instance(self, instance):
        return not is_shipped(instance.framework)


class ItemScope(FrameworkPartScope):
    def _unused(self, queryset):
        return queryset.exclude(
            Exists(BadgeAlignment.objects.filter(item=OuterRef("pk")))
            | Exists(RoleRequirement.objects.filter(item=OuterRef("pk")))
            | Exists(FrameworkItem.objects.filter(parent=OuterRef("pk")))
        )


class LevelScope(FrameworkPartScope):
    def _unused(self, queryset):
        return queryset.exclude(
            Exists(BadgeAlignment.objects.filter(level=OuterRef("pk")))
            | Exists(RoleRequirement.objects.filter(target_level=OuterRef("pk")))
        )


class RequirementScope(Scope):
    """Sector rows (no council) are read-only except to platform admins."""


FRAMEWORKS = FrameworkScope(Framework, "organisation")
ITEMS = ItemScope(FrameworkItem, "framework__organisation")
LEVELS = LevelScope(ProficiencyLevel, "framework__organisation")
REQUIREMENTS = RequirementScope(RoleRequirement, "organisation")
SCOPES = {scope.model: scope for scope in (FRAMEWORKS, ITEMS, LEVELS, REQUIREMENTS)}


class CouncilScopedPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the records the council scope allows."""

    def __init__(self, model, *, scope: Scope):
        super().__init__(model)
        self.scope = scope

    def user_has_permission(self, user, action):
        if not super().user_has_permission(user, action):
            return False
        return self.scope.may_add(user) if action == "add" else True

    def user_has_any_permission_for_instance(self, user, actions, instance):
        for action in actions:
            if not self.user_has_permission(user, action):
                continue
            if self._in_scope(user, action).filter(pk=instance.pk).exists():
                return True
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        allowed = [action for action in actions if self.user_has_permission(user, action)]
        if "view" in allowed:
            return self.scope.visible(user)
        if "change" in allowed or "add" in allowed:
            return self.scope.manageable(user)
        if "delete" in allowed:
            return self.scope.deletable(user)
        return self.model._default_manager.none()

    def _in_scope(self, user, action: str) -> QuerySet:
        if action == "view":
            return self.scope.visible(user)
        if action == "delete":
            return self.scope.deletable(user)
        return self.scope.manageable(user)


POLICIES = {model: CouncilScopedPolicy(model, scope=scope) for model, scope in SCOPES.items()}


COMPETENCY_MODELS = ("framework", "frameworkitem", "proficiencylevel", "rolerequirement")


def grant_competency_permissions(*, group) -> int:
    """Give a group (e.g. Editors) every permission on frameworks and requirements.

    The council scope above still limits them to their own council's records.
    Returns how many permissions were newly granted.
    """
    from django.contrib.auth.models import Permission

    wanted = Permission.objects.filter(
        content_type__app_label="badges", content_type__model__in=COMPETENCY_MODELS
    )
    missing = list(wanted.exclude(pk__in=group.permissions.values("pk")))
    group.permissions.add(*missing)
    return len(missing)
