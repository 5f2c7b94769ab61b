"""Wagtail admin screens for frameworks, their items and levels, and role requirements.

Plain ModelViewSets, not snippets: a snippet would also swap every foreign key to
these models (in the badge forms too) for a chooser that lists every council's
records. Each view takes its records from the council scope in admin_scope, so an
id from another council's framework is a 404, and shared records open read-only.
"""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from badges.frameworks import admin_forms
from badges.frameworks.admin_scope import (
    FRAMEWORKS,
    ITEMS,
    LEVELS,
    REQUIREMENTS,
    Scope,
    roles_usable_by,
)
from badges.models import Framework, FrameworkItem, ProficiencyLevel, RoleRequirement
from lms.people.models import JobRole

SECTOR = "Every council"


def owner_label(organisation) -> str:
    return str(organisation) if organisation else SECTOR


# --- views that read their records through a scope --------------------------------------------


class ScopedIndexView(generic.IndexView):
    scope: Scope | None = None
    related = ()

    def get_base_queryset(self):
        return self.scope.visible(self.request.user).select_related(*self.related)

    def get_edit_url(self, instance):
        if self.scope.can_manage(self.request.user, instance):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        # The delete page itself says when a record is still in use.
        return self.get_edit_url(instance) and super().get_delete_url(instance)


class ScopedEditView(generic.EditView):
    scope: Scope | None = None

    def get_queryset(self):
        return self.scope.manageable(self.request.user)


class ScopedDeleteView(generic.DeleteView):
    scope: Scope | None = None

    def get_queryset(self):
        return self.scope.manageable(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if not self.scope.deletable(request.user).filter(pk=self.object.pk).exists():
            messages.error(
                request,
                f"“{self.object}” is still in use (by badges, role requirements or items "
                "inside it), so it cannot be deleted. Remove those first.",
            )
            return redirect(self.edit_url_name, self.object.pk)
        return super().dispatch(request, *args, **kwargs)


class ScopedInspectView(generic.InspectView):
    scope: Scope | None = None

    def get_object(self, queryset=None):
        return get_object_or_404(self.scope.visible(self.request.user), pk=self.pk)

    def get_edit_url(self):
        if self.scope.can_manage(self.request.user, self.object):
            return super().get_edit_url()
        return None

    def get_delete_url(self):
        return self.get_edit_url() and super().get_delete_url()


class ScopedHistoryView(generic.HistoryView):
    scope: Scope | None = None

    def get_base_object_queryset(self):
        return self.scope.visible(self.request.user)


class ScopedUsageView(generic.UsageView):
    scope: Scope | None = None

    def get_base_object_queryset(self):
        return self.scope.visible(self.request.user)


class ScopedViewSet(ModelViewSet):
    scope: Scope | None = None
    list_related: tuple[str, ...] = ()
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_admin_menu = False

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(scope=self.scope, **kwargs)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(related=self.list_related, **kwargs)


# --- filters whose choices are scoped to the user ---------------------------------------------


def _visible_frameworks(request):
    if request is None:
        return Framework.objects.none()
    return FRAMEWORKS.visible(request.user).order_by("title")


def _visible_roles(request):
    if request is None:
        return JobRole.objects.none()
    return roles_usable_by(request.user).order_by("name")


class FrameworkPartFilterSet(WagtailFilterSet):
    framework = django_filters.ModelChoiceFilter(queryset=_visible_frameworks)


class ItemFilterSet(FrameworkPartFilterSet):
    class Meta:
        model = FrameworkItem
        fields = ["framework", "kind"]


class LevelFilterSet(FrameworkPartFilterSet):
    class Meta:
        model = ProficiencyLevel
        fields = ["framework", "is_proficient"]


class RequirementFilterSet(WagtailFilterSet):
    job_role = django_filters.ModelChoiceFilter(queryset=_visible_roles, label="Job role")
    framework = django_filters.ModelChoiceFilter(
        field_name="item__framework", queryset=_visible_frameworks, label="Framework"
    )
    baseline = django_filters.BooleanFilter(
        field_name="job_role", lookup_expr="isnull", label="Baseline for everyone"
    )

    class Meta:
        model = RoleRequirement
        fields = ["job_role", "framework", "importance", "baseline"]


# --- the viewsets -------------------------------------------------------------------------------


class FrameworkIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(item_count=Count("items"))


class FrameworkViewSet(ScopedViewSet):
    name = "competency-frameworks"
    model = Framework
    scope = FRAMEWORKS
    icon = "list-ul"
    menu_label = "Frameworks"
    list_related = ("organisation",)
    index_view_class = FrameworkIndexView
    list_display = [
        "title",
        "code",
        "version",
        Column("owner", label="Owner", accessor=lambda f: owner_label(f.organisation)),
        Column("item_count", label="Items"),
        BooleanColumn("is_active", label="Active"),
    ]
    list_filter = ["is_active"]
    search_fields = ["title", "code", "description"]
    inspect_view_fields = [
        "title",
        "code",
        "version",
        "publisher",
        "organisation",
        "description",
        "licence",
        "licence_url",
        "attribution",
        "source_url",
        "is_active",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("title"), FieldPanel("code"), FieldPanel("organisation")],
                heading="Framework",
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("version"), FieldPanel("publisher")]),
                    FieldPanel("description"),
                    FieldPanel("source_url"),
                ],
                heading="About",
            ),
            MultiFieldPanel(
                [FieldPanel("licence"), FieldPanel("licence_url"), FieldPanel("attribution")],
                heading="Licence and attribution",
            ),
            FieldPanel("is_active"),
        ],
        base_form_class=admin_forms.FrameworkForm,
    )


class FrameworkItemViewSet(ScopedViewSet):
    name = "competency-items"
    model = FrameworkItem
    scope = ITEMS
    icon = "list-ol"
    menu_label = "Competences"
    list_related = ("framework", "parent")
    list_display = [
        "code",
        "title",
        "kind",
        Column("framework", label="Framework", accessor="framework.code"),
        Column("parent", label="Inside", accessor=lambda i: i.parent.code if i.parent else ""),
    ]
    filterset_class = ItemFilterSet
    search_fields = ["code", "title", "description"]
    ordering = ["framework__title", "position", "code"]
    list_per_page = 50
    inspect_view_fields = ["framework", "parent", "kind", "code", "title", "description"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("framework"), FieldPanel("parent")]),
            FieldRowPanel([FieldPanel("code"), FieldPanel("kind"), FieldPanel("position")]),
            FieldPanel("title"),
            FieldPanel("description"),
        ],
        base_form_class=admin_forms.FrameworkItemForm,
    )


class ProficiencyLevelViewSet(ScopedViewSet):
    name = "competency-levels"
    model = ProficiencyLevel
    scope = LEVELS
    icon = "order"
    menu_label = "Proficiency levels"
    list_related = ("framework",)
    list_display = [
        "name",
        "rank",
        "band",
        Column("framework", label="Framework", accessor="framework.code"),
        BooleanColumn("is_proficient", label="Proficient"),
    ]
    filterset_class = LevelFilterSet
    ordering = ["framework__title", "rank"]
    inspect_view_fields = ["framework", "rank", "code", "name", "band", "description"]
    edit_handler = ObjectList(
        [
            FieldPanel("framework"),
            FieldRowPanel([FieldPanel("rank"), FieldPanel("code"), FieldPanel("band")]),
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("is_proficient"),
        ],
        base_form_class=admin_forms.ProficiencyLevelForm,
    )


def _requirement_role(requirement: RoleRequirement) -> str:
    return str(requirement.job_role) if requirement.job_role_id else "Everyone (baseline)"


class RoleRequirementViewSet(ScopedViewSet):
    name = "role-requirements"
    model = RoleRequirement
    scope = REQUIREMENTS
    icon = "clipboard-list"
    menu_label = "Role requirements"
    list_related = ("organisation", "job_role", "item__framework", "target_level")
    list_display = [
        Column("role", label="Job role", accessor=_requirement_role),
        Column("item", label="Competence", accessor=lambda r: f"{r.item.framework.code} {r.item}"),
        Column("target_level", label="Target", accessor=lambda r: r.target_level.name),
        "importance",
        "due_within_days",
        Column("owner", label="Set by", accessor=lambda r: owner_label(r.organisation)),
    ]
    filterset_class = RequirementFilterSet
    ordering = ["job_role__name", "item__framework__title", "item__position"]
    list_per_page = 50
    inspect_view_fields = [
        "organisation",
        "job_role",
        "item",
        "target_level",
        "importance",
        "due_within_days",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("job_role"),
            FieldRowPanel([FieldPanel("item"), FieldPanel("target_level")]),
            FieldRowPanel([FieldPanel("importance"), FieldPanel("due_within_days")]),
        ],
        base_form_class=admin_forms.RoleRequirementForm,
    )


class CompetenciesViewSetGroup(ModelViewSetGroup):
    menu_label = "Competencies"
    menu_icon = "list-ul"
    menu_name = "competencies"
    menu_order = 265
    items = (
        FrameworkViewSet,
        FrameworkItemViewSet,
        ProficiencyLevelViewSet,
        RoleRequirementViewSet,
    )
