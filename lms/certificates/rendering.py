"""PDF rendering: the one module that imports WeasyPrint.

Nothing is fetched over the network. Templates may only point at the certificate fonts
shipped in static files (`static:certificates/...`), at the images the caller passes in
(`asset:<name>`) and at data: URLs; anything else stops the render with an error.

Loading the fonts into a fresh Fontconfig set-up takes over a second, so each thread
keeps one FontConfiguration for all its renders (Pango's font maps are not thread-safe,
so threads do not share it), and the shared stylesheet, parsed once, with it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from lms.certificates.errors import CertificateError

STATIC_PREFIX = "certificates/"
_local = threading.local()


class LocalOnlyFetcher(URLFetcher):
    def __init__(self, assets: Mapping[str, tuple[bytes, str]] | None = None):
        super().__init__(allowed_protocols={"asset", "static", "data"}, fail_on_errors=True)
        self._assets = assets or {}

    def fetch(self, url, headers=None):
        scheme, _, rest = url.partition(":")
        if scheme == "asset" and rest in self._assets:
            body, media_type = self._assets[rest]
            return URLFetcherResponse(url, body, {"Content-Type": media_type})
        if scheme == "static" and rest.startswith(STATIC_PREFIX) and ".." not in rest:
            path = finders.find(rest)
            if path:
                with open(path, "rb") as handle:
                    return URLFetcherResponse(url, handle.read())
        if scheme == "data":
            return super().fetch(url, headers)
        raise ValueError(f"{url[:200]!r} is not one of the files shipped for certificates")


def _font_config() -> FontConfiguration:
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


def _stylesheet(css: str) -> CSS:
    cache = getattr(_local, "stylesheets", None)
    if cache is None:
        cache = _local.stylesheets = {}
    parsed = cache.get(css)
    if parsed is None:
        if len(cache) > 8:  # a changed template in a long-lived worker: drop the old ones
            cache.clear()
        parsed = cache[css] = CSS(
            string=css, url_fetcher=LocalOnlyFetcher(), font_config=_font_config()
        )
    return parsed


def pdf_from_html(
    html: str,
    *,
    assets: Mapping[str, tuple[bytes, str]] | None = None,
    stylesheet: str | None = None,
) -> bytes:
    """A tagged PDF of the HTML; title, author and language come from its <head> and <html>.

    `stylesheet` is CSS shared by many documents: parsed once per thread and reused.
    """
    try:
        document = HTML(string=html, url_fetcher=LocalOnlyFetcher(assets))
        return document.write_pdf(
            stylesheets=[_stylesheet(stylesheet)] if stylesheet else None,
            font_config=_font_config(),
            pdf_tags=True,
        )
    except FatalURLFetchingError as exc:
        # Raised as a BaseException by WeasyPrint, so it would slip past `except Exception`.
        cause = exc.__cause__ or exc
        raise CertificateError(f"The certificate template could not be rendered: {cause}") from exc


def one_line_pdf() -> bytes:
    """The baseline the benchmarks compare a certificate with: one line, default fonts."""
    return HTML(string="<p>One line of text.</p>").write_pdf()
