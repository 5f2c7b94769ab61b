"""Whole careers pages kept in the cache for anonymous visitors, with a fresh CSP nonce each time.

base.html puts the request's CSP nonce on its inline script and brand-colour style, and
the CSP header names the same nonce. Replaying a cached page as it was would either send
the old nonce (if the header came from the cache too: a nonce anyone could read once and
reuse) or a header whose nonce the page lacks (the script and colour blocked). So the page
is rendered once with a random placeholder where the nonce goes, stored like that, and
every response, hit or miss, swaps the placeholder for this request's own nonce, which the
CSP middleware then writes in the header. The placeholder is generated after the page's
content is fixed, so nothing an editor writes can contain it.

CachedCareersPageMiddleware answers a hit before Wagtail routes the request, so a hit
costs no query; a miss goes through Wagtail as usual, privacy checks included, and the
page's serve() stores it. Only requests that cannot differ between visitors are cached:
GET or HEAD without a query string, no session or messages cookie (so nobody signed in
and no flash message), not a preview. A response that set a cookie or used a CSRF token
is never stored. Entries live CAREERS_PAGE_CACHE_SECONDS at most and are dropped when
pages, their view restrictions, sites, badges or a council's branding change
(cms.careers.receivers drops the generation every key names).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from lms import caching

GENERATION_KEY = "careers:pages:generation"
PAGE_KEY = "careers:page:{generation}:{host}:{path}"
HIT_HEADER = "X-Careers-Cache"
_GENERATION_ATTR = "_careers_pages_generation"
# Set once this request has looked for its page and not found it, so serve() after the
# middleware's miss renders straight away instead of asking the cache again.
_MISSED_ATTR = "_careers_page_missed"


def cache_seconds() -> int:
    return getattr(settings, "CAREERS_PAGE_CACHE_SECONDS", 300)


def current_generation(request: HttpRequest) -> str | None:
    """None when the cache cannot be reached: pages are then rendered and not kept.

    Read once per request and kept on it: the middleware, the page's serve() and the
    navigation's careers link all ask, and a page rendered while an edit changed the
    generation is then stored under the old one, where nobody reads it.
    """
    if hasattr(request, _GENERATION_ATTR):
        return getattr(request, _GENERATION_ATTR)
    generation = caching.generation(GENERATION_KEY)
    setattr(request, _GENERATION_ATTR, generation)
    return generation


def forget_pages() -> None:
    """Every cached careers page at once: their keys all carry the generation dropped
    here, now and again when the transaction commits (a request that rendered just
    before the change committed may have stored the old page under a new generation)."""
    caching.forget(GENERATION_KEY)


def is_cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and not getattr(request, "is_preview", False)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and cache_seconds() > 0
    )


def _key(request: HttpRequest) -> str | None:
    generation = current_generation(request)
    if generation is None:
        return None
    return PAGE_KEY.format(generation=generation, host=request.get_host(), path=request.path)


def _stamped(body: str, placeholder: str, request: HttpRequest) -> str:
    # Reading request.csp_nonce makes the CSP middleware generate it and put it in the header.
    return body.replace(placeholder, str(request.csp_nonce))


def _headers(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ("Cookie",))
    # Browsers may keep their own copy; shared caches must not replay one nonce to many.
    patch_cache_control(response, private=True)
    return response


def cached_response(request: HttpRequest) -> HttpResponse | None:
    """The stored page for this host and path, stamped with this request's nonce, or None.

    Only ever filled from a careers page served to an anonymous visitor (so it had passed
    the page's view restrictions); any change to pages, their restrictions or sites
    empties the cache.
    """
    if not is_cacheable(request) or getattr(request, _MISSED_ATTR, False):
        return None
    key = _key(request)
    stored = caching.read(key) if key else None
    if stored is None:
        setattr(request, _MISSED_ATTR, True)
        return None
    placeholder, body, content_type = stored
    response = HttpResponse(_stamped(body, placeholder, request), content_type=content_type)
    response[HIT_HEADER] = "hit"
    return _headers(response)


def serve_for_anonymous(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """`render()` makes the page's response; it runs only on a cache miss."""
    if not is_cacheable(request):
        response = render()
        patch_vary_headers(response, ("Cookie",))
        return response
    response = cached_response(request)
    if response is None:
        key = _key(request)
        if key is None:
            return _headers(render())
        response = _headers(_render_with_placeholder(request, render, key))
    return response


def _render_with_placeholder(request, render, key) -> HttpResponse:
    placeholder = secrets.token_urlsafe(24)
    real_nonce = request.csp_nonce
    request.csp_nonce = placeholder
    try:
        response = render()
        if hasattr(response, "render"):
            response.render()
    finally:
        request.csp_nonce = real_nonce
    if response.status_code != 200 or response.streaming:
        return response
    body = response.content.decode(response.charset)
    used_csrf = request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED")
    if not response.cookies and not used_csrf:
        caching.keep(key, (placeholder, body, response["Content-Type"]), cache_seconds())
    response.content = _stamped(body, placeholder, request).encode(response.charset)
    response[HIT_HEADER] = "miss"
    return response
