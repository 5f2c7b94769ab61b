"""The SCORM player page and the endpoint scorm-again commits runtime data to.

The player page checks the learner's enrolment, then hands the browser two signed grants:
a package-file grant for the SCO's frame and a commit token for this launch. The commit
endpoint answers in the shape scorm-again reads, ``{"result": bool, "errorCode": n}``, with a
4xx status and a machine-readable ``error`` whenever it refuses.
"""

from __future__ import annotations

import json
import logging
from functools import wraps
from urllib.parse import unquote, urlsplit

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from courses.access import RedirectToLogin, require_visible_course
from courses.delivery.tokens import issue_grant, package_file_url
from courses.models import ContentPackage, LessonPage
from courses.scorm.runtime import Disposition
from courses.scorm.versions import ScormVersion
from courses.scorm_runtime import services
from courses.scorm_runtime.tokens import (
    CommitGrant,
    TokenRefused,
    issue_commit_token,
    read_commit_token,
)
from lms.people.permissions import signed_in_required
from lms.records import selectors as record_selectors

logger = logging.getLogger(__name__)

# Far above any real course's commit (suspend data is at most 64,000 characters), far below
# Django's own request-body ceiling, so the answer is always this endpoint's JSON.
MAX_COMMIT_BYTES = 1024 * 1024
AUTOCOMMIT_SECONDS = 30

# SCORM error codes scorm-again hands to the SCO: 101 "general exception" exists in both
# versions; SCORM 2004 adds 391 "general commit failure".
GENERAL_EXCEPTION = 101
COMMIT_FAILURE_2004 = 391

_REFUSAL_STATUS = {"no_attempt": 404, "activity_unavailable": 410}
_REJECTION_STATUS = {
    "malformed_payload": 400,
    "bad_commit_key": 400,
    "payload_too_large": 413,
}


# --- the player ---------------------------------------------------------------------------


@require_safe
@signed_in_required
def player(request, lesson_id: int, activity_key: str, position: int | None = None):
    """One SCO of a lesson's SCORM block, with the runtime configured for its attempt."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    try:
        require_visible_course(request, lesson.course)
    except RedirectToLogin as redirect_response:
        return redirect_response.response
    enrolment = record_selectors.enrolment_for(request.user, lesson.course)
    if enrolment is None or not enrolment.is_active:
        raise PermissionDenied("Enrol on the course to play its activities.")
    package = _scorm_package(lesson, activity_key)
    scos = services.package_scos(package)
    if not scos:
        raise Http404("This package has nothing to play.")
    progress = services.sco_progress(
        enrolment=enrolment, activity_key=activity_key, package=package
    )
    if position is None:
        # Where the learner left off: the first part not yet done, or the first part.
        first_open = next((n for n, item in enumerate(progress, 1) if not item.is_done), 1)
        return redirect(_player_url(lesson.pk, activity_key, first_open))
    if not 1 <= position <= len(scos):
        raise Http404("This activity has no such part.")
    sco = scos[position - 1]
    attempt = services.start_or_resume_attempt(
        enrolment=enrolment,
        lesson=lesson,
        activity_key=activity_key,
        package=package,
        sco_identifier=sco.identifier,
    )
    launch = services.launch(attempt, version=services.package_version(package))
    token = issue_commit_token(
        attempt_id=attempt.pk, user_id=request.user.pk, session=launch.session
    )
    commit_url = reverse("scorm_commit", kwargs={"attempt_id": attempt.pk}) + f"?token={token}"
    grant = issue_grant(package_id=package.pk, user_id=request.user.pk, lesson_id=lesson.pk)
    context = {
        "page": lesson,
        "lesson": lesson,
        "course": lesson.course,
        "package": package,
        "sco": sco,
        "position": position,
        "parts": progress,
        "previous_part": progress[position - 2] if position > 1 else None,
        "next_part": progress[position] if position < len(scos) else None,
        "launch": launch,
        "previous_url": _player_url(lesson.pk, activity_key, position - 1) if position > 1 else "",
        "next_url": (
            _player_url(lesson.pk, activity_key, position + 1) if position < len(scos) else ""
        ),
        "back_url": f"{lesson.url}#activity-{activity_key}",
        "frame_src": _frame_src(grant, sco.launch_url),
        "player_config": {
            "version": "2004" if launch.version.is_2004 else "1.2",
            "commitUrl": commit_url,
            "cmi": launch.cmi,
            "autocommitSeconds": AUTOCOMMIT_SECONDS,
        },
    }
    response = render(request, "courses/scorm/player.html", context)
    # The page carries a live commit token; it must not be served again from a cache.
    response["Cache-Control"] = "no-store"
    return response


def _scorm_package(lesson: LessonPage, activity_key: str) -> ContentPackage:
    for key, block in lesson.activities():
        if key == activity_key and block.block_type == "scorm":
            package = block.value.get("package")
            if (
                package is None
                or package.kind != ContentPackage.Kind.SCORM
                or not package.is_ready
                or "scorm" not in package.manifest
            ):
                raise Http404("This activity is not available yet.")
            return package
    raise Http404("That activity is not part of this lesson.")


def _player_url(lesson_id: int, activity_key: str, position: int) -> str:
    return reverse(
        "scorm_player_part",
        kwargs={"lesson_id": lesson_id, "activity_key": activity_key, "position": position},
    )


def _frame_src(grant: str, launch_url: str) -> str:
    # The manifest's launch URL is already percent-encoded and may carry a query or fragment;
    # reverse() would encode it again and escape the "?".
    parts = urlsplit(launch_url)
    url = package_file_url(token=grant, path=unquote(parts.path))
    if parts.query:
        url += f"?{parts.query}"
    if parts.fragment:
        url += f"#{parts.fragment}"
    return url


# --- commits ------------------------------------------------------------------------------


def _accepted() -> JsonResponse:
    return JsonResponse({"result": True, "errorCode": 0})


def _refused(
    status: int, error: str, message: str, *, error_code: int = GENERAL_EXCEPTION
) -> JsonResponse:
    body = {"result": False, "errorCode": error_code, "error": error, "message": message}
    return JsonResponse(body, status=status)


def commit_token_required(view):
    """Exempt a view from CSRF checks only in exchange for a valid commit token.

    The final commit of a SCO arrives by ``navigator.sendBeacon``, which cannot send the
    CSRF header. The signed token in the URL takes its place: only our player page has it,
    it names this attempt, launch and learner, and the learner must also be signed in as
    that person, so neither another site nor another learner can commit with it.
    """

    @wraps(view)
    def wrapped(request, attempt_id: int):
        raw = request.GET.get("token", "")
        if not raw:
            return _refused(403, "missing_token", "This commit carries no token.")
        try:
            grant = read_commit_token(raw)
        except TokenRefused as refusal:
            return _refused(403, refusal.code, refusal.message)
        if grant.attempt_id != attempt_id:
            return _refused(403, "wrong_attempt", "This token is for another attempt.")
        if not request.user.is_authenticated:
            return _refused(
                403,
                "not_signed_in",
                "You have been signed out. Sign in again, then reload the activity.",
            )
        if request.user.pk != grant.user_id:
            return _refused(
                403, "wrong_user", "Sign in as the learner this activity was opened for."
            )
        return view(request, attempt_id, grant)

    return csrf_exempt(wrapped)


@commit_token_required
@require_POST
@never_cache
def commit(request, attempt_id: int, grant: CommitGrant):
    """Runtime data from scorm-again: a flat JSON object of CMI elements and commitSequence."""
    payload = _read_json(request)
    if isinstance(payload, JsonResponse):
        return payload
    try:
        outcome = services.commit(attempt_id=attempt_id, token=grant, payload=payload)
    except services.CommitRefused as refusal:
        logger.info("SCORM commit to attempt %s refused: %s", attempt_id, refusal.code)
        return _refused(_REFUSAL_STATUS.get(refusal.code, 403), refusal.code, refusal.message)
    except services.ScormCommitRejected as rejection:
        logger.info("SCORM commit to attempt %s rejected: %s", attempt_id, rejection.code)
        return _refused(
            _REJECTION_STATUS.get(rejection.code, 422),
            rejection.code,
            rejection.message,
            error_code=_failure_code(rejection.version),
        )
    if outcome.ignored_read_only:
        # scorm-again echoes read-only elements in its own formats (total time, for one),
        # so this is routine; it matters when looking into a learner's complaint.
        logger.debug(
            "SCORM commit to attempt %s tried to change read-only elements: %s",
            attempt_id,
            ", ".join(outcome.ignored_read_only),
        )
    if outcome.disposition is Disposition.STALE_SESSION:
        return _refused(
            409,
            "stale_session",
            "This activity has been opened again since; carry on in the newer window.",
            error_code=_failure_code(outcome.version),
        )
    response = _accepted()
    # Whether the commit changed anything: a replay is answered "true" like an applied
    # commit, and this tells the two apart when looking into a learner's report.
    response["X-Scorm-Commit"] = outcome.disposition.value
    return response


def _failure_code(version: ScormVersion) -> int:
    return COMMIT_FAILURE_2004 if version.is_2004 else GENERAL_EXCEPTION


def _read_json(request) -> dict | JsonResponse:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _refused(400, "malformed_json", "The request has an invalid Content-Length.")
    body = b"" if declared > MAX_COMMIT_BYTES else request.read(MAX_COMMIT_BYTES + 1)
    if declared > MAX_COMMIT_BYTES or len(body) > MAX_COMMIT_BYTES:
        return _refused(
            413, "payload_too_large", f"A commit may be at most {MAX_COMMIT_BYTES:,} bytes."
        )
    try:
        payload = json.loads(body.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _refused(400, "malformed_json", "A commit must be a JSON object in UTF-8.")
    if not isinstance(payload, dict):
        return _refused(400, "malformed_json", "A commit must be a JSON object.")
    return payload


def _no_constants(name: str):
    # NaN and Infinity are not JSON, and no SCORM value.
    raise ValueError(f"{name} is not allowed")
