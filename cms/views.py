"""Site-wide files for search engines: /robots.txt and /sitemap.xml."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from cms.sitemap import PublicSitemap

# Areas for signed-in people: nothing there for a search engine, and no reason to crawl it.
DISALLOWED = (
    "/admin/",
    "/accounts/",
    "/manage/",
    "/my-learning/",
    "/my-careers/",
    "/dashboard/",
    "/learn/",
    "/badges/credentials/",
    "/register-interest/thanks/",
)


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_page(60 * 15)
def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": PublicSitemap})
