"""Where a manifest's resources live in the package and the URL that launches them.

Plain strings in, plain strings out: hrefs are resolved under their nested ``xml:base``
values, kept inside the package, and given the item's launch parameters.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote, unquote, urlsplit

from courses.packages.archive import PackageRejected

# Characters allowed unescaped in a launch URL path (RFC 3986 pchar plus "/").
_URL_PATH_SAFE = "/!$&'()*+,;=:@-._~"


def resolve_href(href: str | None, *, base: str, owner: str) -> tuple[str | None, str | None]:
    """(launch URL, package path) for an href under ``base``; path None if it is external."""
    if href is None or not href.strip():
        return None, None
    href = href.strip()
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return href, None
    # Backslashes as in Windows-made packages; browsers read them as "/" in http URLs too.
    local_path = unquote(parts.path).replace("\\", "/")
    joined = posixpath.normpath(posixpath.join(base, local_path)) if local_path else ""
    if joined.startswith(("/", "../")) or joined == "..":
        raise PackageRejected(
            "manifest_path",
            f"Resource {owner!r} refers to {href!r}, which lies outside the package.",
        )
    url = quote(joined, safe=_URL_PATH_SAFE)
    if parts.query:
        url += f"?{parts.query}"
    if parts.fragment:
        url += f"#{parts.fragment}"
    return url, joined or None


def with_parameters(url: str, *, parameters: str) -> str:
    """Append an item's parameters to a launch URL as SCORM CAM describes: leading "?" and
    "&" dropped; a "#fragment" used only if the URL has none; otherwise joined to the query
    with "?" or "&". The query goes before any fragment so the browser still sends it."""
    extra = parameters.strip().lstrip("?&")
    if not extra:
        return url
    address, hash_mark, fragment = url.partition("#")
    if extra.startswith("#"):
        return url if hash_mark else url + extra
    separator = "&" if "?" in address else "?"
    return f"{address}{separator}{extra}{hash_mark}{fragment}"


def join_base(outer: str, *, inner: str) -> str:
    """xml:base values nest: an inner relative base continues the outer one.

    A base without a trailing slash is taken as a folder, which is what authors of
    ``xml:base="content"`` mean, rather than RFC 3986's "replace the last segment".
    """
    if not inner:
        return outer
    if urlsplit(inner).scheme or inner.startswith("/"):
        raise PackageRejected(
            "manifest_path",
            f"imsmanifest.xml has xml:base {inner!r}; it must be a folder inside the package.",
        )
    return posixpath.join(outer, inner.rstrip("/") + "/")
