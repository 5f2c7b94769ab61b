"""Admin forms for frameworks, items, levels and role requirements, scoped to the user's council.

Every choice list is cut down to what the user may use, and the owner is set by the
form rather than chosen, so a council editor cannot create or move a record into
another council or into the shared (sector) set.
"""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from badges.frameworks.admin_scope import (
    FRAMEWORKS,
    council_of,
    is_platform_admin,
    roles_usable_by,
)
from badges.models import Framework, FrameworkItem, ProficiencyLevel, RoleRequirement


class _CouncilOwnedForm(WagtailAdminModelForm):
    """Platform admins pick the owner (blank = every council); others own what they add."""

    owner_field = "organisation"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.platform_admin = bool(user and is_platform_admin(user))
        self.council = council_of(user) if user else None
        if not self.platform_admin:
            self.fields.pop(self.owner_field, None)
            if self.instance.pk is None:
                setattr(self.instance, self.owner_field, self.council)

    @property
    def owner_id(self) -> int | None:
        if self.owner_field in self.fields:
            owner = self.cleaned_data.get(self.owner_field)
            return owner.pk if owner else None
        return getattr(self.instance, f"{self.owner_field}_id")


class FrameworkForm(_CouncilOwnedForm):
    licence_url = forms.URLField(required=False, assume_scheme="https", label="Licence URL")
    source_url = forms.URLField(required=False, assume_scheme="https", label="Source URL")

    class Meta:
        model = Framework
        fields = [
            "code",
            "title",
            "organisation",
            "version",
            "publisher",
            "description",
            "licence",
            "licence_url",
            "attribution",
            "source_url",
            "is_active",
        ]


def _framework_choices(form: WagtailAdminModelForm):
    """Frameworks this user may add items or levels to; an item stays in its framework."""
    frameworks = FRAMEWORKS.manageable(form.for_user).order_by("title")
    if form.instance.pk:
        frameworks = frameworks.filter(pk=form.instance.framework_id)
    return frameworks


class FrameworkItemForm(WagtailAdminModelForm):
    class Meta:
        model = FrameworkItem
        fields = ["framework", "parent", "kind", "code", "title", "description", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        frameworks = _framework_choices(self)
        self.fields["framework"].queryset = frameworks
        parents = FrameworkItem.objects.filter(framework__in=frameworks).select_related("framework")
        if self.instance.pk:
            self.fields["framework"].disabled = True
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("framework__title", "position", "code")
        self.fields["parent"].label_from_instance = lambda i: f"{i.framework.code} {i}"


class ProficiencyLevelForm(WagtailAdminModelForm):
    class Meta:
        model = ProficiencyLevel
        fields = ["framework", "rank", "code", "name", "band", "description", "is_proficient"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = _framework_choices(self)
        if self.instance.pk:
            self.fields["framework"].disabled = True


class RoleRequirementForm(_CouncilOwnedForm):
    class Meta:
        model = RoleRequirement
        fields = [
            "organisation",
            "job_role",
            "item",
            "target_level",
            "importance",
            "due_within_days",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        frameworks = FRAMEWORKS.visible(self.for_user)
        roles = roles_usable_by(self.for_user).select_related("organisation")
        self.fields["job_role"].queryset = roles.order_by("name")
        self.fields["job_role"].empty_label = "Everyone (baseline)"
        items = FrameworkItem.objects.filter(framework__in=frameworks).select_related("framework")
        self.fields["item"].queryset = items.order_by("framework__title", "position", "code")
        self.fields["item"].label_from_instance = lambda i: f"{i.framework.code} {i}"
        levels = ProficiencyLevel.objects.filter(framework__in=frameworks).select_related(
            "framework"
        )
        self.fields["target_level"].queryset = levels.order_by("framework__title", "rank")
        self.fields["target_level"].label_from_instance = lambda lv: (
            f"{lv.framework.code} {lv.rank}: {lv.name}"
        )

    def clean(self):
        cleaned = super().clean()
        owner_id = self.owner_id
        item, role = cleaned.get("item"), cleaned.get("job_role")
        if item is not None and item.framework.organisation_id not in (None, owner_id):
            self.add_error("item", "That competence belongs to another council's framework.")
        if role is not None and role.organisation_id not in (None, owner_id):
            self.add_error("job_role", "That role belongs to another council.")
        return cleaned

    def validate_unique(self):
        # The uniqueness rules depend on the owner, which a council editor's form does not
        # show, so Django's own constraint check would skip them; check here instead.
        item, role = self.cleaned_data.get("item"), self.cleaned_data.get("job_role")
        if item is None:
            return
        clash = RoleRequirement.objects.filter(
            organisation_id=self.owner_id, job_role=role, item=item
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            who = role or "everyone"
            self.add_error(
                None,
                f"There is already a requirement for {who} on {item.code}; edit that one instead.",
            )
