from __future__ import annotations

from wagtail.models import Site

from lms.people.models import Organisation
from lms.people.permissions import viewer_for


def branding_organisation(request) -> Organisation | None:
    """Staff see their own council; everyone else sees the council the site belongs to."""
    if hasattr(request, "_lms_branding"):
        return request._lms_branding
    organisation = viewer_for(request).organisation
    if organisation is None:
        from cms.models import SiteOrganisation

        site = Site.find_for_request(request)
        setting = (
            SiteOrganisation.objects.filter(site=site).select_related("organisation__logo").first()
            if site
            else None
        )
        organisation = setting.organisation if setting else None
    request._lms_branding = organisation
    return organisation
