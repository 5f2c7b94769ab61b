from __future__ import annotations

import posixpath

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.decorators.http import require_safe

from courses.delivery.serving import serve_scorm_file, serve_stored_file
from courses.delivery.tokens import GrantInvalid, read_grant
from courses.models import ContentPackage
from courses.models.packages import package_storage


def _safe_relative(path: str) -> str:
    """The path inside the package, or a 404 for anything that tries to leave it."""
    if not path or "\\" in path or "\x00" in path or path.startswith("/"):
        raise Http404("No such file.")
    normalised = posixpath.normpath(path)
    if normalised.startswith("..") or normalised in (".", "") or normalised != path.rstrip("/"):
        raise Http404("No such file.")
    return normalised


@require_safe
def package_file(request, token: str, path: str):
    """A file of an unpacked package, for a holder of a grant issued by a lesson page."""
    try:
        grant = read_grant(token)
    except GrantInvalid as exc:
        raise PermissionDenied(str(exc)) from exc
    relative = _safe_relative(path)
    package = (
        ContentPackage.objects.filter(pk=grant.package_id, status=ContentPackage.Status.READY)
        .only("pk", "content_prefix", "status", "kind")
        .first()
    )
    if package is None or not package.content_prefix:
        raise Http404("No such package.")
    storage = package_storage()
    name = package.content_prefix + relative
    if not storage.exists(name):
        raise Http404("No such file.")
    if package.kind == ContentPackage.Kind.SCORM:
        return serve_scorm_file(storage, name)
    return serve_stored_file(storage, name)
