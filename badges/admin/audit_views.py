"""The badge audit log in the admin: read-only, filterable, limited to the admin's council."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from badges.admin.access import audit_visible_to
from badges.admin.award_forms import AuditFilterForm
from badges.admin.award_views import AwardAdminMixin
from badges.admin.listings import PER_PAGE, audit_summary, filter_audit


class AuditLogView(AwardAdminMixin, TemplateView):
    page_title = "Badge audit log"
    template_name = "badges/admin/audit_log.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = AuditFilterForm(self.request.GET or None, user=self.request.user)
        entries = audit_visible_to(self.request.user)
        entries = filter_audit(entries, form.cleaned_data if form.is_valid() else {})
        page = Paginator(entries, PER_PAGE).get_page(self.request.GET.get("p"))
        rows = [(entry, audit_summary(entry)) for entry in page.object_list]
        context.update(form=form, page=page, rows=rows)
        return context
