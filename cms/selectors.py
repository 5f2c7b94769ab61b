"""Which site a request is for, and what that site says about its council.

Both are read on every page and change only when someone edits a site, its root page or
its "council for this site" setting, so they are kept in the cache between requests and
dropped by cms.receivers when one of those changes. (The in-process cache of `make run`
without Redis is per process: other processes keep their copy until CACHE_SECONDS pass.
Production's Redis cache is shared.)
"""

from __future__ import annotations

from django.http.request import split_domain_port
from wagtail.models import Page, Site

from lms import caching
from lms.people.models import Organisation
from lms.people.permissions import viewer_for

CACHE_SECONDS = 10 * 60
SITES_GENERATION_KEY = "cms:sites:generation"
SITE_KEY = "cms:site:{generation}:{hostname}:{port}"
SITE_ORGANISATION_KEY = "cms:site-organisation:{site_id}"
CATALOGUE_KEY = "cms:catalogue:{generation}:{home_id}:{slug}"
# Marks a page that came out of the cache with its site (the home page, the catalogue):
# fine to route through, but not to serve (see HomePage.route, CourseIndexPage.route).
FROM_SITE_CACHE = "_cms_from_site_cache"
_NO_SITE = "no-site"


def _sites_generation() -> str | None:
    """The current generation of site keys (None when the cache cannot be reached)."""
    return caching.generation(SITES_GENERATION_KEY)


def remember_site(request) -> None:
    """Give Wagtail the request's site from the cache, so that neither finding the site
    nor its root page's specific type costs a query; Wagtail reads it from the request
    (Site.find_for_request) and finds it the usual way when it is not there."""
    from cms.models import HomePage

    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    generation = _sites_generation()
    if generation is None:
        return
    key = SITE_KEY.format(generation=generation, hostname=hostname, port=port)
    request._cms_sites_generation = generation
    cached = caching.read(key)
    if cached is None:
        site = Site.find_for_request(request)
        if site is not None and site.root_page.specific_class is HomePage:
            root = site.root_page.specific
            setattr(root, FROM_SITE_CACHE, True)
            site.root_page = root
        caching.keep(key, site or _NO_SITE, CACHE_SECONDS)
        return
    request._wagtail_site = None if cached == _NO_SITE else cached


def home_child(request, home, slug: str):
    """The home page's child with this slug, in its specific type, or None.

    The course catalogue, which nearly every request below the home page passes through,
    comes from the cache, where it is kept with the sites and dropped with them; any
    other child is read as Wagtail reads it. The catalogue is read with the child, so a
    miss costs one query where Wagtail's routing makes two.
    """
    generation = getattr(request, "_cms_sites_generation", None) or _sites_generation()
    key = CATALOGUE_KEY.format(generation=generation, home_id=home.pk, slug=slug)
    if generation is not None:
        catalogue = caching.read(key)
        if catalogue is not None:
            return catalogue
    children = Page.objects.filter(
        path__startswith=home.path, depth=home.depth + 1, slug=slug
    ).select_related("courseindexpage")
    child = next(iter(children[:1]), None)
    if child is None:
        return None
    catalogue = getattr(child, "courseindexpage", None)
    if catalogue is None:
        return child.specific
    if generation is not None:
        setattr(catalogue, FROM_SITE_CACHE, True)
        caching.keep(key, catalogue, CACHE_SECONDS)
        delattr(catalogue, FROM_SITE_CACHE)
    return catalogue


def forget_sites() -> None:
    """Every site key at once: they all name the generation, which is dropped here, so
    the next request starts a new one."""
    caching.forget(SITES_GENERATION_KEY)


def site_organisation(request):
    """The site's "council for this site" setting, as Wagtail's `settings` in templates
    gives it (created if missing), from the cache. It is left where Wagtail's template
    `settings` look first, so the footer reads this copy."""
    from cms.models import SiteOrganisation

    attribute = SiteOrganisation.get_cache_attr_name()
    if hasattr(request, attribute):
        return getattr(request, attribute)
    site = Site.find_for_request(request)
    if site is None:
        return None
    key = SITE_ORGANISATION_KEY.format(site_id=site.pk)
    setting = caching.read(key)
    if setting is None:
        setting = SiteOrganisation.for_site(site)
        caching.keep(key, setting, CACHE_SECONDS)
    # Wagtail's own for_request does the same: the setting makes page URLs for this request.
    setting._request = request
    setattr(request, attribute, setting)
    return setting


def forget_site_organisation(site_id: int) -> None:
    caching.forget(SITE_ORGANISATION_KEY.format(site_id=site_id))


def branding_organisation(request) -> Organisation | None:
    """Staff see their own council; everyone else sees the council the site belongs to."""
    if hasattr(request, "_lms_branding"):
        return request._lms_branding
    organisation = viewer_for(request).organisation
    if organisation is None:
        setting = site_organisation(request)
        if setting is not None and setting.organisation_id is not None:
            # Not cached with the setting: a council's name, colours and logo are its own
            # to change.
            organisation = (
                Organisation.objects.select_related("logo")
                .filter(pk=setting.organisation_id)
                .first()
            )
    request._lms_branding = organisation
    return organisation
