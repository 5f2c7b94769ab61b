"""Description and Open Graph tags for Wagtail pages, for search results and link previews."""

from __future__ import annotations

from urllib.parse import urljoin

from django import template
from wagtail.models import Page

register = template.Library()


def _description(page) -> str:
    text = (
        page.search_description
        or getattr(page, "meta_description", "")
        or getattr(page, "summary", "")
        or getattr(page, "introduction", "")
        or ""
    )
    return " ".join(str(text).split())


def _image(page, page_url: str | None) -> dict | None:
    image = getattr(page, "social_image", None)
    if image is None or not page_url:
        return None
    rendition = image.get_rendition("fill-1200x630")
    return {
        # From the page's own origin, like og:url, whichever host the request came in on.
        "url": urljoin(page_url, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text,
    }


@register.inclusion_tag("cms/includes/page_meta.html", takes_context=True)
def page_meta(context):
    """Nothing outside Wagtail's pages: other views may use `page` for something else."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or request is None:
        return {"page": None}
    url = page.get_full_url(request)
    return {
        "page": page,
        "title": page.seo_title or page.title,
        "description": _description(page),
        "url": url,
        "og_type": getattr(page, "og_type", "website"),
        "image": _image(page, url),
        "site_name": context.get("branding") or "",
    }


@register.inclusion_tag("cms/includes/page_meta.html", takes_context=True)
def view_meta(context, *, title: str, description: str):
    """The same tags for a public view that is not a Wagtail page (registering interest,
    the careers self-check), its URL from the site's root like a page's."""
    from wagtail.models import Site

    request = context.get("request")
    if request is None:
        return {"page": None}
    site = Site.find_for_request(request)
    url = urljoin(site.root_url, request.path) if site else request.build_absolute_uri(request.path)
    return {
        "page": True,
        "title": title,
        "description": " ".join(str(description).split()),
        "url": url,
        "og_type": "website",
        "image": None,
        "site_name": context.get("branding") or "",
    }
