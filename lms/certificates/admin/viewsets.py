"""The certificate design as a Wagtail snippet, one per council."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet

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

    edit_handler = ObjectList(CertificateDesign.panels, base_form_class=CertificateDesignForm)
