"""Wagtail admin screens for councils, job roles and staff profiles.

These records span every council on the install, and Wagtail's group permissions
cannot be scoped to one council, so only platform admins (superusers) may reach
them. HR admins manage their own council's people in the site's own screens.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lms.people.models import Department, JobRole, JobRoleFamily, Organisation, StaffProfile

ALL_ACTIONS = frozenset({"add", "change", "delete", "view"})


class PlatformAdminOnlyPolicy(BasePermissionPolicy):
    """Grants the listed actions to active superusers and nothing to anyone else.

    Django model permissions are ignored on purpose: granting them to a group would
    open every council's records to that group.
    """

    def __init__(self, model, *, actions: frozenset[str] = ALL_ACTIONS):
        super().__init__(model)
        self.actions = actions

    def _is_platform_admin(self, user) -> bool:
        return bool(user.is_authenticated and user.is_active and user.is_superuser)

    def user_has_permission(self, user, action):
        return action in self.actions and self._is_platform_admin(user)

    def user_has_any_permission(self, user, actions):
        return bool(self.actions.intersection(actions)) and self._is_platform_admin(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return users if self.actions.intersection(actions) else users.none()


class PlatformAdminViewSet(SnippetViewSet):
    def get_permissions_to_register(self):
        # Offering these permissions in the group editor would suggest that a group can be
        # given access; the policy would ignore it.
        return Permission.objects.none()


class StableSlugForm(WagtailAdminModelForm):
    """Refuses to change a saved slug: other parts of the platform refer to it."""

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        # The instance still holds the saved values here; the form copies the new ones later.
        if self.instance.pk and slug != self.instance.slug:
            self.add_error(
                "slug",
                "The slug cannot change once saved: badge requirements and imports refer "
                "to it. Change the name instead.",
            )
            return self.instance.slug
        return slug


class StaffProfileForm(WagtailAdminModelForm):
    """Offers only the departments and job roles of the person's own council."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        org_id = self.instance.organisation_id
        if "department" in self.fields:
            field = self.fields["department"]
            field.queryset = Department.objects.filter(organisation_id=org_id).order_by("path")
            field.label_from_instance = lambda d: f"{'— ' * (d.depth - 1)}{d.name}"
        if "job_role" in self.fields:
            self.fields["job_role"].queryset = JobRole.objects.filter(
                Q(organisation__isnull=True) | Q(organisation_id=org_id)
            )


class OrganisationViewSet(PlatformAdminViewSet):
    model = Organisation
    icon = "site"
    menu_label = "Councils"
    list_display = ["name", "slug", "is_active"]
    list_filter = ["is_active"]
    copy_view_enabled = False


class JobRoleFamilyViewSet(PlatformAdminViewSet):
    model = JobRoleFamily
    icon = "folder-open-inverse"
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("slug")], base_form_class=StableSlugForm
    )


class JobRoleViewSet(PlatformAdminViewSet):
    model = JobRole
    icon = "tag"
    list_display = ["name", "family", "organisation", "slug"]
    list_filter = ["family", "organisation"]
    ordering = ["family__name", "name"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("family"),
            FieldPanel("organisation"),
            FieldPanel("description"),
        ],
        base_form_class=StableSlugForm,
    )

    def get_queryset(self, request):
        return JobRole.objects.select_related("family", "organisation")


class PlatformAdminOnlyChooserMixin:
    # Any admin user can open a snippet chooser by default, which would list the staff
    # of every council to editors.
    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_superuser):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StaffChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = type("ChooseView", (PlatformAdminOnlyChooserMixin, chooser.ChooseView), {})
    choose_results_view_class = type(
        "ChooseResultsView", (PlatformAdminOnlyChooserMixin, chooser.ChooseResultsView), {}
    )
    chosen_view_class = type(
        "ChosenView", (PlatformAdminOnlyChooserMixin, chooser.SnippetChosenView), {}
    )
    chosen_multiple_view_class = type(
        "ChosenMultipleView",
        (PlatformAdminOnlyChooserMixin, chooser.SnippetChosenMultipleView),
        {},
    )
    create_view_class = type(
        "CreateView", (PlatformAdminOnlyChooserMixin, chooser.SnippetCreateView), {}
    )


class StaffProfileViewSet(PlatformAdminViewSet):
    """Edits existing profiles. New staff arrive by sign-up, SSO or HR import, which apply
    the council's email domain rules; leavers are marked, never deleted."""

    model = StaffProfile
    icon = "user"
    menu_label = "Staff"
    chooser_viewset_class = StaffChooserViewSet
    copy_view_enabled = False
    # Indexing every profile's links would roughly double the cost of a large HR import,
    # and nothing links *to* a profile from content that editors need to trace.
    add_to_reference_index = False
    list_display = [
        "user",
        Column("email", label="Email", accessor="user.email"),
        "employee_id",
        "organisation",
        "job_role",
        "department",
        "is_active",
    ]
    list_filter = ["organisation", "is_active", "no_corporate_device", "is_hr_admin"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "employee_id"]
    ordering = ["user__last_name", "user__first_name"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("user", read_only=True),
                    # Moving someone to another council would leave their reports and
                    # records pointing across councils.
                    FieldPanel("organisation", read_only=True),
                ],
                heading="Person",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("employee_id"),
                    FieldPanel("job_role"),
                    FieldPanel("department"),
                    FieldPanel("manager"),
                    FieldRowPanel([FieldPanel("grade_band"), FieldPanel("start_date")]),
                ],
                heading="Job",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("no_corporate_device"),
                    FieldPanel("is_hr_admin"),
                    # A leaver's reports move to their manager and their sign-in stops,
                    # which a plain checkbox would skip.
                    FieldPanel("is_active", read_only=True),
                    FieldPanel("left_on", read_only=True),
                ],
                heading="Access",
            ),
        ],
        base_form_class=StaffProfileForm,
    )

    def get_queryset(self, request):
        return StaffProfile.objects.select_related("user", "organisation", "job_role", "department")


class PeopleViewSetGroup(SnippetViewSetGroup):
    menu_label = "People"
    menu_icon = "group"
    menu_order = 250
    items = (OrganisationViewSet, JobRoleFamilyViewSet, JobRoleViewSet, StaffProfileViewSet)


# What each model's admin may do. Councils and staff are never deleted: records hang
# off them, so a council is switched off and a leaver is marked as having left.
POLICIES = {
    Organisation: PlatformAdminOnlyPolicy(Organisation, actions=ALL_ACTIONS - {"delete"}),
    JobRoleFamily: PlatformAdminOnlyPolicy(JobRoleFamily),
    JobRole: PlatformAdminOnlyPolicy(JobRole),
    StaffProfile: PlatformAdminOnlyPolicy(StaffProfile, actions=frozenset({"change", "view"})),
}
