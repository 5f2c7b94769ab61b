"""Handing a stored package file to the browser, in the way the deployment prefers.

"django" streams it from storage (fine for one server or small sites); "x-accel"
hands it to nginx with X-Accel-Redirect from an internal location; "storage-url"
redirects to the storage's own (for S3, pre-signed and short-lived) URL.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseRedirect

# SVG and HTML are documents that can run script if opened on their own; served from a
# package they get a CSP sandbox so that script never runs with our origin.
_DOCUMENT_TYPES = {"image/svg+xml", "text/html", "application/xhtml+xml", "text/xml"}
_EXTRA_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".vtt": "text/vtt",
    ".webm": "video/webm",
    ".mp4": "video/mp4",
}


def content_type_for(path: str) -> str:
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return _EXTRA_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def _harden(response: HttpResponse, content_type: str, *, sandbox_documents: bool) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Cross-Origin-Resource-Policy"] = "same-site"
    if sandbox_documents and content_type in _DOCUMENT_TYPES:
        response["Content-Security-Policy"] = (
            "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        )
    return response


# A SCO finds its runtime by climbing from its own window to the player page's, which a
# sandboxed document with an opaque origin cannot do. So SCORM documents run on our origin,
# framed only by our own pages, under a policy that lets the package's own scripts run and
# reach nothing beyond this site. This is why SCORM upload is a permission of its own.
SCORM_DOCUMENT_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "media-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'"
)


def serve_scorm_file(storage, name: str) -> HttpResponse:
    response = serve_stored_file(storage, name, sandbox_documents=False)
    response["X-Frame-Options"] = "SAMEORIGIN"
    if content_type_for(name) in _DOCUMENT_TYPES:
        response["Content-Security-Policy"] = SCORM_DOCUMENT_POLICY
    return response


def serve_stored_file(storage, name: str, *, sandbox_documents: bool = True) -> HttpResponse:
    content_type = content_type_for(name)
    mode = settings.PACKAGE_FILE_SERVING
    if mode == "x-accel":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PACKAGE_FILE_ACCEL_PREFIX + quote(name)
    elif mode == "storage-url":
        response = HttpResponseRedirect(storage.url(name))
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    return _harden(response, content_type, sandbox_documents=sandbox_documents)
