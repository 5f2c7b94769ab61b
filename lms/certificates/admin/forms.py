"""The design form: a council's editors can only make their own council's design."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminModelForm

from lms.certificates.admin.access import council_of, is_platform_admin
from lms.people.models import Organisation


class CertificateDesignForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("organisation")
        if field is None or for_user is None or is_platform_admin(for_user):
            return
        council = council_of(for_user)
        field.queryset = Organisation.objects.filter(pk=council.pk if council else None)
        field.empty_label = None
        if council is not None and not self.instance.pk:
            field.initial = council.pk
