"""Admin screens: the certificates list with render errors, "render again", the preview."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.certificates.admin.access import (
    certificates_for,
    council_of,
    is_platform_admin,
    require_manager,
)
from lms.certificates.document import render_pdf, sample
from lms.certificates.errors import CertificateError
from lms.certificates.models import CertificateDesign, RenderStatus
from lms.certificates.services import render_again
from lms.people.models import Organisation

PER_PAGE = 50
STATUS_FILTERS = {
    "problems": ("Waiting or failed", [RenderStatus.PENDING, RenderStatus.FAILED]),
    "failed": ("Failed", [RenderStatus.FAILED]),
    "rendered": ("Ready", [RenderStatus.RENDERED]),
    "all": ("All", None),
}


class ManagerRequired:
    def dispatch(self, request, *args, **kwargs):
        require_manager(request.user)
        return super().dispatch(request, *args, **kwargs)


class CertificateListView(ManagerRequired, WagtailAdminTemplateMixin, TemplateView):
    page_title = "Certificates"
    header_icon = "doc-full"
    template_name = "certificates/admin/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = self.request.GET.get("status", "problems")
        if shown not in STATUS_FILTERS:
            shown = "problems"
        certificates = certificates_for(self.request.user).order_by("-created_at", "-pk")
        statuses = STATUS_FILTERS[shown][1]
        if statuses:
            certificates = certificates.filter(render_status__in=statuses)
        page = Paginator(certificates, PER_PAGE).get_page(self.request.GET.get("p"))
        context.update(
            page=page,
            certificates=page.object_list,
            shown=shown,
            filters=[(key, label) for key, (label, _) in STATUS_FILTERS.items()],
            failed_count=certificates_for(self.request.user)
            .filter(render_status=RenderStatus.FAILED)
            .count(),
        )
        return context


class RenderAgainView(ManagerRequired, View):
    http_method_names = ["post"]

    def post(self, request, certificate_id: int):
        certificate = get_object_or_404(certificates_for(request.user), pk=certificate_id)
        if render_again(certificate=certificate):
            messages.success(
                request,
                f"Certificate {certificate.code} is being made again. Refresh this page to see "
                "whether it worked.",
            )
        else:
            messages.warning(request, f"Certificate {certificate.code} is already made.")
        return HttpResponseRedirect(reverse("certificates_admin:list") + "?status=all")


class DesignPreviewView(ManagerRequired, View):
    """The council's saved design (or the built-in one) on sample data, as a PDF."""

    http_method_names = ["get"]

    def get(self, request, organisation_id: int):
        organisation = get_object_or_404(Organisation, pk=organisation_id)
        council = council_of(request.user)
        if not is_platform_admin(request.user) and (
            council is None or council.pk != organisation.pk
        ):
            raise Http404("No such council.")
        design = CertificateDesign.for_organisation(organisation)
        try:
            pdf = render_pdf(printed=sample(design), design=design)
        except CertificateError as exc:
            return HttpResponse(
                f"The preview could not be made: {exc}",
                status=422,
                content_type="text/plain; charset=utf-8",
            )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="certificate-preview.pdf"'
        return response
