from cms.selectors import branding_organisation, site_organisation


def branding(request):
    """The council whose name and colours frame the page. The site's setting is put where
    Wagtail's `settings` in templates look for it, so the footer costs no query."""
    site_organisation(request)
    return {"branding": branding_organisation(request)}
