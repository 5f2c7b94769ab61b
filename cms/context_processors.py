from cms.selectors import branding_organisation


def branding(request):
    """The council whose name and colours frame the page."""
    return {"branding": branding_organisation(request)}
