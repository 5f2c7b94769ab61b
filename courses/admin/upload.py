"""Uploading one or many H5P and SCORM packages in the admin.

Each file becomes its own package through take_in_package, so one bad file is
reported beside the others rather than stopping them. Kinds the uploader may not
add are refused per file, on the server, whatever the browser was told to accept.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from courses.admin.policy import (
    council_of,
    may_use_sector_library,
    upload_councils_for,
    uploadable_kinds,
)
from courses.models import ContentPackage
from courses.packages.admin_actions import IntakeOutcome, take_in_package
from courses.packages.intake import MAX_UPLOAD_BYTES
from courses.packages.rejection import human_bytes

_EXTENSIONS = {ContentPackage.Kind.H5P: (".h5p", ".zip"), ContentPackage.Kind.SCORM: (".zip",)}


def max_files_per_upload() -> int | None:
    return settings.DATA_UPLOAD_MAX_NUMBER_FILES


@dataclass(frozen=True)
class OutcomeRow:
    filename: str
    package: ContentPackage | None
    refused: str
    detail_url: str


class PackageSizeCap(FileUploadHandler):
    """Drops a file as soon as it grows past the package cap, so an oversized upload
    is never spooled to disk in full; the view reports it by name."""

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.too_large: list[str] = []

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.too_large.append(self.file_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        # The handlers after this one build the uploaded file.
        return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PackageFilesField(forms.FileField):
    """Hands every chosen file to the view unchecked: a bad one is reported per file."""

    widget = MultipleFileInput

    def to_python(self, data):
        return list(data) if isinstance(data, list | tuple) else [data] if data else []

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def bound_data(self, data, initial):
        return data


class PackageUploadForm(forms.Form):
    files = PackageFilesField(
        label="Package files",
        error_messages={"required": "Choose at least one .h5p or .zip file to upload."},
    )
    title = forms.CharField(
        required=False,
        max_length=200,
        help_text="Used only when you upload one file. Otherwise each package is named "
        "after its file; you can rename it afterwards.",
    )
    owning_council = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Council",
        empty_label="Sector library: every council can use it",
        help_text="Which council the packages belong to.",
    )

    def __init__(self, *args, user, kinds: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        accept = sorted({ext for kind in kinds for ext in _EXTENSIONS[kind]})
        self.fields["files"].widget.attrs["accept"] = ",".join(accept)
        if may_use_sector_library(user):
            self.fields["owning_council"].queryset = upload_councils_for(user)
        else:
            # Anyone else uploads into their own council, which the page states.
            del self.fields["owning_council"]


class PackageUploadView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_required = "add"
    template_name = "courses/admin/upload.html"
    page_title = "Upload packages"
    header_icon = "upload"
    model = None
    index_url_name = None
    inspect_url_name = None

    @method_decorator(csrf_exempt)
    def dispatch(self, request, *args, **kwargs):
        # Upload handlers must be in place before the body is read, and the CSRF check
        # reads it; so CSRF is checked here, once permission and handlers are settled.
        if not self.user_has_permission(self.permission_required):
            raise PermissionDenied
        if request.method == "POST" and not self._has_somewhere_to_upload():
            raise PermissionDenied("You are not on a council's staff, so you cannot upload.")
        self.size_cap = PackageSizeCap(request, limit=MAX_UPLOAD_BYTES)
        request.upload_handlers.insert(0, self.size_cap)
        try:
            return csrf_protect(super().dispatch)(request, *args, **kwargs)
        except TooManyFilesSent:
            return self.render_to_response(
                self.get_context_data(
                    form=self.get_form(),
                    too_many_files=True,
                ),
                status=400,
            )

    @property
    def kinds(self) -> tuple[str, ...]:
        return uploadable_kinds(self.request.user)

    def _has_somewhere_to_upload(self) -> bool:
        user = self.request.user
        return may_use_sector_library(user) or council_of(user) is not None

    def get_form(self, data=None, files=None) -> PackageUploadForm:
        return PackageUploadForm(data, files, user=self.request.user, kinds=self.kinds)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self._index_url(), "label": "Content packages"},
            {"url": "", "label": self.page_title},
        ]

    def _index_url(self) -> str:
        return reverse(self.index_url_name) if self.index_url_name else ""

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        form = context.setdefault("form", self.get_form())
        context.update(
            show_council_field="owning_council" in form.fields,
            accepted_extensions=" or ".join(
                sorted({ext for kind in self.kinds for ext in _EXTENSIONS[kind]})
            ),
            kinds=[ContentPackage.Kind(kind).label for kind in self.kinds],
            may_upload_h5p=ContentPackage.Kind.H5P in self.kinds,
            own_council=council_of(user),
            has_somewhere_to_upload=self._has_somewhere_to_upload(),
            max_file_size=human_bytes(MAX_UPLOAD_BYTES),
            max_files=max_files_per_upload(),
            index_url=self._index_url(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST, request.FILES)
        too_large = [
            IntakeOutcome(
                filename=name,
                refused=f"it is over the {human_bytes(MAX_UPLOAD_BYTES)} limit for one package.",
            )
            for name in self.size_cap.too_large
        ]
        context = self.get_context_data(form=form)
        if not form.is_valid():
            if too_large:
                # Every chosen file was too big, so the field itself looks empty.
                return self.render_to_response({**context, **self._report(too_large)})
            return self.render_to_response(context)
        outcomes = [*too_large, *self._take_in(form)]
        # A fresh form for the next batch: the outcomes above say what happened.
        return self.render_to_response(
            {**context, "form": self.get_form(), **self._report(outcomes)}
        )

    def _report(self, outcomes: list[IntakeOutcome]) -> dict:
        rows = [
            OutcomeRow(
                filename=outcome.filename,
                package=outcome.package,
                refused=outcome.refused,
                detail_url=reverse(self.inspect_url_name, args=[outcome.package.pk])
                if outcome.package and self.inspect_url_name
                else "",
            )
            for outcome in outcomes
        ]
        return {
            "outcomes": rows,
            "accepted_count": sum(1 for outcome in outcomes if outcome.accepted),
        }

    def _take_in(self, form: PackageUploadForm) -> list[IntakeOutcome]:
        user = self.request.user
        files = form.cleaned_data["files"]
        if may_use_sector_library(user):
            council = form.cleaned_data.get("owning_council")
        else:
            council = council_of(user)
        title = form.cleaned_data["title"] if len(files) == 1 else ""
        return [
            take_in_package(
                upload=upload,
                filename=upload.name,
                allowed_kinds=self.kinds,
                owning_council=council,
                uploaded_by=user,
                title=title,
            )
            for upload in files
        ]
