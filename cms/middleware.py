from cms.selectors import remember_site


class CachedSiteMiddleware:
    """Wagtail finds the site for each request with a query, then its root page's type
    with another; this hands it both from the cache (cms.selectors.remember_site)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        remember_site(request)
        return self.get_response(request)
