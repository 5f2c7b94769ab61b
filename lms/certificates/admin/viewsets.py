"""The certificate design as a Wagtail snippet, one per council."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.certificates.admin.access import designs_for
from lms.certificates.admin.forms import CertificateDesignForm
from lms.certificates.models import CertificateDesign


class PreviewColumn(Column):
    def get_value(self, instance):
        url = reverse("certificates_admin:preview", args=[instance.organisation_id])
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview PDF'
            '<span class="w-sr-only"> (opens in a new tab)</span></a>',
            url,
        )


class CouncilScoped:
    """Another council's design is not found, whichever of its admin pages is asked for."""

    def get_object(self, *args, **kwargs):
        design = super().get_object(*args, **kwargs)
        if not designs_for(self.request.user).filter(pk=design.pk).exists():
            raise Http404("No such certificate design.")
        return design


class DesignEditView(CouncilScoped, snippet_views.EditView):
    pass


class DesignDeleteView(CouncilScoped, snippet_views.DeleteView):
    pass


class DesignUsageView(CouncilScoped, snippet_views.UsageView):
    pass


class DesignHistoryView(CouncilScoped, snippet_views.HistoryView):
    pass


class CertificateDesignViewSet(SnippetViewSet):
    model = CertificateDesign
    icon = "doc-full"
    menu_label = "Certificate designs"
    menu_name = "certificate-designs"
    url_prefix = "certificates/designs"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "organisation",
        PreviewColumn("preview", label="Preview"),
        UpdatedAtColumn(),
    ]

    edit_view_class = DesignEditView
    delete_view_class = DesignDeleteView
    usage_view_class = DesignUsageView
    history_view_class = DesignHistoryView
    edit_handler = ObjectList(CertificateDesign.panels, base_form_class=CertificateDesignForm)

    def get_queryset(self, request):
        return designs_for(request.user)
