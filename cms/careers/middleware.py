from cms.careers.caching import cached_response


class CachedCareersPageMiddleware:
    """Anonymous careers pages from the cache, before Wagtail's routing (see caching.py).

    Placed after the CSP middleware, which gives the request the nonce stamped into the
    page and writes it in the header on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return cached_response(request) or self.get_response(request)
