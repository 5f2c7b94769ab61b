"""The "Badges" admin area: badge classes with their alignments and criteria in one form.

Every view is limited to the badges the user may reach (scope.py); saving writes an
audit entry, and a change to the criteria offers a re-evaluation of learners, since
people who already meet new rules only get the badge once they are evaluated again.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin import messages
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.admin.ui.tables import BooleanColumn, Column, UpdatedAtColumn
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from badges.admin.badge_changes import Snapshot, record_changed, record_created
from badges.admin.criteria_forms import AlignmentForm, CriterionForm, FormInlinePanel
from badges.admin.forms import BadgeClassForm
from badges.admin.scope import badges_manageable_by, badges_visible_to, can_manage
from badges.models import BadgeClass

SECTOR = "Sector"
BADGES_MENU_HOOK = "register_badges_menu_item"


def owner_label(badge: BadgeClass) -> str:
    return str(badge.organisation) if badge.organisation_id else SECTOR


def reevaluate_url(badge: BadgeClass) -> str:
    return reverse("badges_admin:reevaluate", args=[badge.pk])


class BadgeIndexView(snippet_views.IndexView):
    @cached_property
    def columns(self):
        # No bulk actions: bulk delete would bypass the per-council checks.
        return [column for column in super().columns if column.name != "bulk_actions"]

    def get_edit_url(self, instance):
        return super().get_edit_url(instance) if can_manage(self.request.user, instance) else None

    def get_delete_url(self, instance):
        return None

    def get_copy_url(self, instance):
        return None


class _OffersReevaluation:
    def offer_reevaluation(self, badge: BadgeClass) -> None:
        messages.warning(
            self.request,
            f"The criteria of “{badge.name}” changed. Learners who now meet them get the "
            "badge when they are next evaluated; re-evaluate everyone now to award it "
            "straight away.",
            buttons=[messages.button(reevaluate_url(badge), "Re-evaluate learners")],
        )


class BadgeCreateView(_OffersReevaluation, snippet_views.CreateView):
    def save_instance(self):
        badge = super().save_instance()
        self.snapshot = record_created(badge=badge, actor=self.request.user)
        return badge

    def save_action(self):
        response = super().save_action()
        if self.snapshot.criteria and not self.expects_json_response:
            self.offer_reevaluation(self.object)
        return response


class BadgeEditView(_OffersReevaluation, snippet_views.EditView):
    def get_queryset(self):
        return badges_manageable_by(self.request.user)

    def save_instance(self):
        before = Snapshot.of(self.object.pk)
        badge = super().save_instance()
        changed = [name for name in self.form.changed_data if name in self.form.fields]
        self.criteria_changed = record_changed(
            badge=badge, actor=self.request.user, before=before, changed_fields=changed
        )
        return badge

    def save_action(self):
        response = super().save_action()
        if self.criteria_changed and not self.expects_json_response:
            self.offer_reevaluation(self.object)
        return response


class BadgeInspectView(snippet_views.InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(badges_visible_to(self.request.user), pk=self.pk)

    def get_edit_url(self):
        return super().get_edit_url() if can_manage(self.request.user, self.object) else None

    def get_delete_url(self):
        return None


class BadgeUsageView(snippet_views.UsageView):
    def get_base_object_queryset(self):
        return badges_visible_to(self.request.user)


class BadgeHistoryView(snippet_views.HistoryView):
    def get_base_object_queryset(self):
        return badges_visible_to(self.request.user)


CRITERIA_HELP = (
    "Rules with the same group number must all be met; meeting any one group earns the "
    "badge. For example, give “complete the course” and “score 80% in its quiz” group 1, "
    "and “manager signs off” group 2, to accept either route. Fill in only the fields for "
    "the rule's kind; the others are ignored. A badge with no rules is only awarded by hand."
)

edit_handler = TabbedInterface(
    [
        ObjectList(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("organisation"),
                FieldPanel("description"),
                FieldPanel("image"),
                FieldPanel("criteria_narrative"),
                MultiFieldPanel(
                    [
                        FieldRowPanel(
                            [FieldPanel("valid_for_days"), FieldPanel("recertify_within_days")]
                        )
                    ],
                    heading="Validity and recertification",
                ),
                FieldPanel("issues_certificate"),
                FieldPanel("is_active"),
            ],
            heading="Badge",
        ),
        ObjectList(
            [
                FormInlinePanel(
                    "alignments",
                    form_class=AlignmentForm,
                    panels=[FieldPanel("item", heading="Competence"), FieldPanel("level")],
                    heading="Competences it evidences",
                    label="Competence",
                ),
            ],
            heading="Competences",
        ),
        ObjectList(
            [
                HelpPanel(content=f"<p>{CRITERIA_HELP}</p>"),
                FormInlinePanel(
                    "criteria",
                    form_class=CriterionForm,
                    panels=[
                        FieldRowPanel([FieldPanel("group"), FieldPanel("kind")]),
                        PageChooserPanel("course", "courses.CoursePage"),
                        FieldPanel("activity"),
                        FieldPanel("min_score_percent"),
                        FieldPanel("required_badge"),
                        FieldRowPanel(
                            [FieldPanel("item", heading="Competence"), FieldPanel("level")]
                        ),
                        FieldPanel("signer"),
                        FieldPanel("instructions"),
                    ],
                    heading="Criteria",
                    label="Rule",
                ),
            ],
            heading="Criteria",
        ),
    ],
    base_form_class=BadgeClassForm,
)


class BadgeClassViewSet(snippet_views.SnippetViewSet):
    model = BadgeClass
    icon = "tag"
    menu_label = "Badges"
    menu_name = "badge-classes"
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50
    list_display = [
        "name",
        Column("owner", label="Owner", accessor=owner_label),
        BooleanColumn("is_active", label="Active"),
        UpdatedAtColumn(),
    ]
    list_filter = ["is_active"]
    search_fields = ["name", "slug", "description"]
    search_backend_name = None
    index_view_class = BadgeIndexView
    add_view_class = BadgeCreateView
    edit_view_class = BadgeEditView
    inspect_view_class = BadgeInspectView
    usage_view_class = BadgeUsageView
    history_view_class = BadgeHistoryView
    edit_handler = edit_handler

    def get_queryset(self, request):
        return badges_visible_to(request.user)

    def get_permissions_to_register(self):
        # Badges are never deleted (awards and the audit log keep them); switch one off.
        return super().get_permissions_to_register().exclude(codename="delete_badgeclass")


class BadgesViewSetGroup(SnippetViewSetGroup):
    menu_label = "Badges"
    menu_icon = "tag"
    menu_name = "badges"
    menu_order = 260
    items = (BadgeClassViewSet,)
    # Other badge screens (awards, runs, the audit log, frameworks) add their menu items
    # to this submenu through this hook.
    submenu_hook = BADGES_MENU_HOOK
