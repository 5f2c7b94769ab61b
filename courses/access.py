"""Guards shared by course and lesson pages and the course views."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from courses.selectors import is_visible_to
from lms.people.permissions import viewer_for


class RedirectToLogin(Exception):
    def __init__(self, response):
        self.response = response


def require_visible_course(request, course, *, served_by_wagtail: bool = False) -> None:
    """Anonymous visitors are asked to sign in; anyone else who may not see it gets a 404,
    so another council's private course does not even reveal that it exists.

    Wagtail's page privacy (password, groups, sign-in) has already been checked when
    Wagtail serves the page itself; every other view (enrol, quiz, SCORM) checks it here.
    """
    if getattr(request, "is_preview", False):
        return
    viewer = viewer_for(request)
    if is_visible_to(viewer, course) and (
        served_by_wagtail or all(r.accept_request(request) for r in course.get_view_restrictions())
    ):
        return
    if not viewer.is_authenticated:
        raise RedirectToLogin(redirect_to_login(request.get_full_path()))
    raise Http404("No such course.")
