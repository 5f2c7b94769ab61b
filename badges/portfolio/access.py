"""The portfolio's one extra guard: pages for people who sign off others' evidence."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from lms.people.permissions import viewer_for


def signer_required(view):
    """Line managers and HR/L&D admins: the people who may sign off evidence."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        viewer = viewer_for(request)
        if not viewer.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (viewer.is_manager or viewer.is_hr_admin):
            raise PermissionDenied(
                "This page is for line managers and HR admins: nobody's evidence waits for you."
            )
        return view(request, *args, **kwargs)

    return wrapped
