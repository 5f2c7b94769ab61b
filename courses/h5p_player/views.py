"""The H5P player's endpoints.

launch     the lesson page's iframe src; session; checks enrolment, then redirects to
player     the cookie-less player document, addressed by a signed player grant;
file       the package's files for that document, by courses.delivery's file grant;
statement  xAPI statements passed out of the frame by the lesson page (session + CSRF);
state      the content's resume state, the same way.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe

from courses.delivery import views as delivery
from courses.delivery.tokens import issue_grant
from courses.h5p_player import services
from courses.h5p_player.access import LearnerActivity, activity_for_grant, activity_for_request
from courses.h5p_player.csp import error_policy, player_policy
from courses.h5p_player.statements import StatementRejected, check_statement, read_payload
from courses.h5p_player.tokens import PlayerGrantInvalid, issue_player_grant, read_player_grant
from lms.records.models import DONE_STATUSES, ActivityProgress, Enrolment

VENDOR = "courses/vendor/h5p-standalone/"
GLUE_SCRIPT = "courses/js/h5p-frame.mjs"
# H5P core copies the content's state into the page this often (seconds); without it
# H5P ignores the saved state it is given. The glue reads state after every interaction.
SAVE_FREQUENCY_SECONDS = 15


@dataclass(frozen=True)
class PlayerSetup:
    config: dict
    package_files: str


def _absolute(request, url: str) -> str:
    return url if "://" in url else request.build_absolute_uri(url)


def _from_player(request, url: str) -> str:
    """A URL as h5p-standalone must be given it inside the frame.

    It resolves "/..." against window.location.origin, which is "null" in an opaque
    origin, and takes only URLs with a dotted domain (not localhost) as absolute; paths
    relative to the player document work on every host.
    """
    if "://" in url:
        return url
    # h5p-standalone's base is the document's path up to its last "/".
    base = request.path.rsplit("/", 1)[0] or "/"
    relative = posixpath.relpath(url, start=base)
    return relative + "/" if url.endswith("/") else relative


def _vendor_folder(request) -> str:
    return _absolute(request, static(VENDOR + "main.bundle.js")).rsplit("/", 1)[0] + "/"


@require_safe
@never_cache
@xframe_options_sameorigin
def launch(request, lesson_id: int, activity_key: str):
    """Check the learner may play this activity, then send the frame to a player grant."""
    try:
        activity = activity_for_request(request, lesson_id=lesson_id, activity_key=activity_key)
    except (PermissionDenied, Http404) as exc:
        return _frame_error(request, exc)
    token = issue_player_grant(
        package_id=activity.package.pk,
        user_id=request.user.pk,
        lesson_id=activity.lesson.pk,
        activity_key=activity.activity_key,
    )
    response = redirect(reverse("h5p_player", kwargs={"token": token}))
    # Browsers judge framing by the final response, but a policy that forbids it here
    # would be a trap for the next one that does not.
    response["Content-Security-Policy"] = error_policy()
    return response


def _player_setup(request, *, activity: LearnerActivity, user_id: int) -> PlayerSetup:
    file_token = issue_grant(
        package_id=activity.package.pk, user_id=user_id, lesson_id=activity.lesson.pk
    )
    files = reverse("h5p_player_file", kwargs={"token": file_token, "path": "h5p.json"})
    files = files.removesuffix("h5p.json")
    activity_iri = services.activity_iri(
        lesson_id=activity.lesson.pk, activity_key=activity.activity_key
    )
    options = {
        "id": activity.activity_key,
        "embedType": "div",
        "h5pJsonPath": _from_player(request, files.rstrip("/")),
        "librariesPath": _from_player(request, files.rstrip("/")),
        "contentJsonPath": _from_player(request, files + "content"),
        "frameJs": _from_player(request, static(VENDOR + "frame.bundle.js")),
        "frameCss": _from_player(request, static(VENDOR + "styles/h5p.css")),
        "xAPIObjectIRI": activity_iri,
        "saveFreq": SAVE_FREQUENCY_SECONDS,
        "frame": False,
        "copyright": False,
        "export": False,
        "embed": False,
        "icon": False,
        "fullScreen": False,
        # The frame has no cookies to send; saying so keeps every fetch plainly anonymous.
        "assetsRequestFetchOptions": {"credentials": "omit"},
    }
    state = services.resume_state_for(
        enrolment=activity.enrolment,
        activity_key=activity.activity_key,
        package_uid=str(activity.package.uid),
    )
    if state is not None:
        # H5P core reads contentUserData[subContentId][dataType]: 0 is the whole content.
        options["contentUserData"] = [{"state": state}]
    config = {
        "options": options,
        "activityIri": activity_iri,
        "parentOrigin": request.build_absolute_uri("/").rstrip("/"),
    }
    return PlayerSetup(config=config, package_files=_absolute(request, files))


def _framed_document(request, *, html: str, policy: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(html, status=status)
    # Set here, so the site-wide policy (frame-ancestors 'none', nonces) is not added.
    response["Content-Security-Policy"] = policy
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


def _frame_error(request, exc: Exception) -> HttpResponse:
    """A plain message in the lesson's frame: the site's error pages refuse to be framed."""
    html = render_to_string(
        "courses/h5p/player_error.html",
        {"message": str(exc) or "This activity cannot be shown. Reload the lesson."},
    )
    status = 404 if isinstance(exc, Http404) else 403
    return _framed_document(request, html=html, policy=error_policy(), status=status)


@require_safe
@xframe_options_sameorigin
def player(request, token: str):
    """The document inside the sandboxed frame: h5p-standalone, our glue, the settings."""
    try:
        grant = read_player_grant(token)
        activity = activity_for_grant(grant)
    except (PlayerGrantInvalid, PermissionDenied, Http404) as exc:
        return _frame_error(request, exc)
    setup = _player_setup(request, activity=activity, user_id=grant.user_id)
    html = render_to_string(
        "courses/h5p/player.html",
        {
            "title": activity.package.title,
            "config": setup.config,
            "main_bundle": static(VENDOR + "main.bundle.js"),
            "glue_script": static(GLUE_SCRIPT),
        },
    )
    policy = player_policy(
        player_files=_vendor_folder(request),
        glue_script=_absolute(request, static(GLUE_SCRIPT)),
        package_files=setup.package_files,
    )
    return _framed_document(request, html=html, policy=policy)


@require_safe
def player_file(request, token: str, path: str):
    """A package file for the player: courses.delivery's checks, readable from the frame.

    The frame's opaque origin makes every request it sends cross-origin, so the file must
    allow that: CORS for what H5P fetches (JSON, fonts) and Cross-Origin-Resource-Policy
    for what it embeds (scripts, styles, images). Both are safe here because the grant in
    the URL is the only key and no cookie is involved.
    """
    response = delivery.package_file(request, token=token, path=path)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _rejected(exc: StatementRejected) -> JsonResponse:
    status = 413 if exc.code == "too_large" else 400
    return JsonResponse({"error": exc.message, "code": exc.code}, status=status)


def _summary(record: ActivityProgress, *, enrolment: Enrolment) -> JsonResponse:
    return JsonResponse(
        {
            "status": record.status,
            "status_label": record.get_status_display(),
            "course_completed": _course_completed(record, enrolment=enrolment),
        }
    )


def _course_completed(record: ActivityProgress, *, enrolment: Enrolment) -> bool:
    if enrolment.status == Enrolment.Status.COMPLETED:
        return True
    # The course completes only when one of its lessons does, and a lesson only when its
    # activities are done: otherwise this statement cannot have completed it.
    if record.status not in DONE_STATUSES:
        return False
    return Enrolment.objects.filter(pk=enrolment.pk, status=Enrolment.Status.COMPLETED).exists()


@require_POST
def statement(request, lesson_id: int, activity_key: str):
    """Record an answered or completed statement for the signed-in learner."""
    activity = activity_for_request(request, lesson_id=lesson_id, activity_key=activity_key)
    try:
        payload = read_payload(request.body)
        if payload.statement is None:
            raise StatementRejected("invalid_statement", "The message has no statement.")
        checked = check_statement(
            payload.statement,
            activity_iri=services.activity_iri(
                lesson_id=activity.lesson.pk, activity_key=activity.activity_key
            ),
        )
    except StatementRejected as exc:
        return _rejected(exc)
    record = services.record_statement(
        enrolment=activity.enrolment,
        lesson=activity.lesson,
        activity_key=activity.activity_key,
        statement=checked,
        pass_mark=activity.pass_mark,
        package_uid=str(activity.package.uid),
        state=payload.state,
    )
    return _summary(record, enrolment=activity.enrolment)


@require_POST
def state(request, lesson_id: int, activity_key: str):
    """Keep the content's resume state for the signed-in learner."""
    activity = activity_for_request(request, lesson_id=lesson_id, activity_key=activity_key)
    try:
        payload = read_payload(request.body)
        if payload.state is None:
            raise StatementRejected("invalid_state", "The message has no resume state.")
    except StatementRejected as exc:
        return _rejected(exc)
    services.save_resume_state(
        enrolment=activity.enrolment,
        lesson=activity.lesson,
        activity_key=activity.activity_key,
        state=payload.state,
        package_uid=str(activity.package.uid),
    )
    return HttpResponse(status=204)
