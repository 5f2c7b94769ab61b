"""The "Content packages" admin area: a Wagtail snippet viewset with our own views.

Uploads replace Wagtail's generic create form (which would store a file without
checking it), the inspect view becomes the package's detail page with a "Check
again" action, and the chooser used by lesson blocks offers only ready packages.
"""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views import View
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.models import Page, ReferenceIndex
from wagtail.snippets.views import chooser
from wagtail.snippets.views import snippets as snippet_views

from courses.admin.policy import (
    can_manage,
    can_upload,
    may_use_sector_library,
    packages_manageable_by,
    packages_visible_to,
    upload_councils_for,
)
from courses.admin.summary import count_unpacked_files, source_name, source_size, summarise
from courses.admin.upload import PackageUploadView
from courses.models import ContentPackage, LessonPage
from courses.packages.admin_actions import (
    STUCK_AFTER,
    RequeueRefused,
    can_requeue,
    requeue_package,
)
from lms.people.models import Organisation

SECTOR_LIBRARY = "Sector library"


def _council_label(package: ContentPackage) -> str:
    return str(package.owning_council) if package.owning_council_id else SECTOR_LIBRARY


# --- listing --------------------------------------------------------------------------------


class StatusColumn(Column):
    """A status tag, with a rejected package's reason in full beneath it."""

    cell_template_name = "courses/admin/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["package"] = instance
        return context


def _visible_councils(request):
    if request is None:
        return Organisation.objects.none()
    return upload_councils_for(request.user)


class ContentPackageFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label="Type", choices=ContentPackage.Kind.choices, empty_label="Any type"
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=ContentPackage.Status.choices, empty_label="Any status"
    )
    owning_council = django_filters.ModelChoiceFilter(
        label="Council",
        queryset=_visible_councils,
        empty_label="Any council",
        null_label=SECTOR_LIBRARY,
    )

    class Meta:
        model = ContentPackage
        fields = ["kind", "status", "owning_council"]


class PackageIndexView(snippet_views.IndexView):
    @cached_property
    def columns(self):
        # No bulk-action checkboxes: bulk delete would skip the per-package checks.
        return [column for column in super().columns if column.name != "bulk_actions"]

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # The detail page, not the rename form, is what someone opening a package wants.
        return self._get_custom_column(
            field_name,
            self._get_title_column_class(column_class),
            get_url=self.get_inspect_url,
            **kwargs,
        )

    def get_edit_url(self, instance):
        if can_manage(self.request.user, instance):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        if can_manage(self.request.user, instance):
            return super().get_delete_url(instance)
        return None

    def get_copy_url(self, instance):
        return None

    @property
    def add_item_label(self):
        return "Upload packages"


# --- detail and "Check again" ---------------------------------------------------------------


@dataclass(frozen=True)
class Use:
    title: str
    course: str
    live: bool
    edit_url: str


def uses_of(package: ContentPackage, *, user) -> list[Use]:
    """Where the package is used, from Wagtail's reference index (lessons, mostly)."""
    finder = AdminURLFinder(user)
    uses = []
    for source, _references in ReferenceIndex.get_grouped_references_to(package):
        if isinstance(source, Page):
            page = source.specific_deferred
            parent = page.get_parent() if isinstance(page, LessonPage) else None
            uses.append(
                Use(
                    title=page.title,
                    course=parent.title if parent else "",
                    live=page.live,
                    edit_url=finder.get_edit_url(page) or "",
                )
            )
        else:
            uses.append(
                Use(title=str(source), course="", live=True, edit_url=finder.get_edit_url(source))
            )
    return uses


class PackageDetailView(snippet_views.InspectView):
    template_name = "courses/admin/detail.html"
    page_title = "Package"
    check_again_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(packages_visible_to(self.request.user), pk=self.pk)

    def get_edit_url(self):
        if can_manage(self.request.user, self.object) and self.user_has_permission("change"):
            return super().get_edit_url()
        return None

    def get_delete_url(self):
        if can_manage(self.request.user, self.object) and self.user_has_permission("delete"):
            return super().get_delete_url()
        return None

    def may_check_again(self) -> bool:
        package = self.object
        return can_manage(self.request.user, package) and can_upload(
            self.request.user, kind=package.kind
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        package = self.object
        ready = package.status == ContentPackage.Status.READY
        context.update(
            package=package,
            council=_council_label(package),
            summary=summarise(package),
            source_name=source_name(package),
            source_size=source_size(package),
            file_count=count_unpacked_files(package) if ready else None,
            uses=uses_of(package, user=self.request.user),
            can_check_again=self.may_check_again() and can_requeue(package),
            check_again_url=reverse(self.check_again_url_name, args=[package.pk]),
            stuck_minutes=int(STUCK_AFTER.total_seconds() // 60),
            is_waiting=package.status
            in (ContentPackage.Status.PENDING, ContentPackage.Status.PROCESSING),
        )
        return context


class CheckAgainView(View):
    """POST only: queue a rejected or stuck package to be checked again."""

    http_method_names = ["post"]
    inspect_url_name = None

    def post(self, request, pk: int):
        package = get_object_or_404(packages_visible_to(request.user), pk=pk)
        if not (can_manage(request.user, package) and can_upload(request.user, kind=package.kind)):
            raise PermissionDenied
        try:
            requeue_package(package_id=package.pk, user=request.user)
        except RequeueRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"“{package.title}” will be checked again.")
        return HttpResponseRedirect(reverse(self.inspect_url_name, args=[package.pk]))


# --- rename, delete, usage and history, limited to the packages the user may reach ----------


class PackageEditForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "owning_council" in self.fields:
            if for_user is not None and may_use_sector_library(for_user):
                self.fields["owning_council"].queryset = upload_councils_for(for_user)
                self.fields["owning_council"].empty_label = SECTOR_LIBRARY
            else:
                # Moving a package to another council is for platform admins only.
                del self.fields["owning_council"]


class PackageEditView(snippet_views.EditView):
    def get_queryset(self):
        return packages_manageable_by(self.request.user)


class PackageDeleteView(snippet_views.DeleteView):
    def get_queryset(self):
        return packages_manageable_by(self.request.user)

    def form_valid(self, form):
        # Learners' SCORM attempts point at the package, and the learning record is kept.
        if self.object.attempts.exists():
            messages.error(
                self.request,
                "Learners have attempts recorded against this package, so it cannot be "
                "deleted. Remove it from its lessons instead.",
            )
            return HttpResponseRedirect(self.get_delete_url())
        return super().form_valid(form)


class PackageUsageView(snippet_views.UsageView):
    def get_base_object_queryset(self):
        return packages_visible_to(self.request.user)


class PackageHistoryView(snippet_views.HistoryView):
    def get_base_object_queryset(self):
        return packages_visible_to(self.request.user)


# --- chooser for lesson blocks --------------------------------------------------------------


def _chooser_packages(user):
    return packages_visible_to(user).filter(status=ContentPackage.Status.READY)


class _ReadyPackagesOnly:
    def get_object_list(self):
        return _chooser_packages(self.request.user)

    @property
    def columns(self):
        return [
            *super().columns,
            Column("kind", label="Type", accessor="get_kind_display"),
            Column("council", label="Council", accessor=_council_label),
            DateColumn("created_at", label="Uploaded"),
        ]


class PackageChooseView(_ReadyPackagesOnly, chooser.ChooseView):
    pass


class PackageChooseResultsView(_ReadyPackagesOnly, chooser.ChooseResultsView):
    pass


class PackageChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        package = _chooser_packages(self.request.user).filter(pk=pk).first()
        if package is None:
            raise Http404("Only ready packages can be chosen.")
        return package


class PackageChooserViewSet(chooser.SnippetChooserViewSet):
    # "?kind=h5p" narrows the chooser to one kind, for a block that wants only that kind.
    url_filter_parameters = ["kind"]
    preserve_url_parameters = ["multiple", "kind"]
    choose_view_class = PackageChooseView
    choose_results_view_class = PackageChooseResultsView
    chosen_view_class = PackageChosenView


# --- the viewset ----------------------------------------------------------------------------


class ContentPackageViewSet(snippet_views.SnippetViewSet):
    model = ContentPackage
    icon = "form"
    menu_label = "Content packages"
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50
    list_display = [
        "title",
        Column("kind", label="Type", accessor="get_kind_display", sort_key="kind"),
        StatusColumn("status", label="Status", sort_key="status"),
        Column("council", label="Council", accessor=_council_label),
        DateColumn("created_at", label="Uploaded", sort_key="created_at"),
    ]
    filterset_class = ContentPackageFilterSet
    # Plain database filtering: titles and reasons are short, and it needs no index upkeep.
    search_fields = ["title", "error"]
    search_backend_name = None
    index_view_class = PackageIndexView
    inspect_view_class = PackageDetailView
    edit_view_class = PackageEditView
    delete_view_class = PackageDeleteView
    usage_view_class = PackageUsageView
    history_view_class = PackageHistoryView
    chooser_viewset_class = PackageChooserViewSet
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("kind", read_only=True),
            FieldPanel("owning_council", heading="Council"),
        ],
        base_form_class=PackageEditForm,
    )

    def get_queryset(self, request):
        return packages_visible_to(request.user)

    def get_permissions_to_register(self):
        # Uploading is granted per kind; the model's own "add" permission means nothing here.
        return super().get_permissions_to_register().exclude(codename="add_contentpackage")

    @property
    def add_view(self):
        return self.construct_view(PackageUploadView)

    @property
    def inspect_view(self):
        return self.construct_view(
            self.inspect_view_class,
            check_again_url_name=self.get_url_name("check_again"),
            **self.get_inspect_view_kwargs(),
        )

    @property
    def check_again_view(self):
        return CheckAgainView.as_view(inspect_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("check-again/<int:pk>/", self.check_again_view, name="check_again"),
        ]
