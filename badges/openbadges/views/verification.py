"""Verification: a public page per award, and a JSON endpoint for software.

The page and the JSON show the badge, issuer, dates, status and the recipient's
name: never an email address or why an award was made or revoked.
"""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from badges.models import BadgeAward
from badges.openbadges import identifiers, selectors
from badges.openbadges.issuing import issue_credential
from badges.openbadges.verify import MAX_INPUT_CHARS, verify_credential, verify_issued
from badges.openbadges.views.public import public_headers
from lms import ratelimit

VERIFY_LIMIT = 30
VERIFY_WINDOW_SECONDS = 60


def _verify_award(award: BadgeAward):
    issued = getattr(award, "credential", None) or issue_credential(award=award)
    return issued, verify_issued(issued)


@require_GET
def verify_page_view(request, public_id):
    award = selectors.award_for_verification(public_id=public_id)
    issued, result = _verify_award(award)
    return render(
        request,
        "badges/openbadges/verify.html",
        {
            "award": award,
            "result": result,
            "image_url": identifiers.achievement_image_path(award.badge_class),
            "issuer_name": identifiers.issuer_name(issued.signing_key.organisation),
            "recipient_name": award.recipient.get_full_name(),
        },
    )


@require_GET
def verify_by_id_view(request, public_id):
    try:
        award = selectors.award_for_verification(public_id=public_id)
    except Http404:
        data = {"status": "unknown", "message": "We have no record of this credential."}
        return public_headers(JsonResponse(data, status=404), max_age=0)
    _, result = _verify_award(award)
    return public_headers(JsonResponse(result.as_json()), max_age=0)


def _submitted(request) -> str | None:
    content_type = request.content_type or ""
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return request.POST.get("credential", "")
    try:
        return request.body.decode("utf-8")
    except UnicodeDecodeError:
        return None


@csrf_exempt  # A public, read-only API: no cookie grants anything here.
@require_POST
def verify_api_view(request):
    if not ratelimit.allow(
        request, scope="verify", limit=VERIFY_LIMIT, window_seconds=VERIFY_WINDOW_SECONDS
    ):
        data = {"status": "error", "message": "Too many verification requests. Try again soon."}
        response = JsonResponse(data, status=429)
        response["Retry-After"] = str(VERIFY_WINDOW_SECONDS)
        return public_headers(response, max_age=0)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_INPUT_CHARS * 4:
        data = {"status": "invalid", "message": "That is too large to be a credential."}
        return public_headers(JsonResponse(data, status=413), max_age=0)
    submitted = _submitted(request)
    if not submitted or not submitted.strip():
        data = {
            "status": "invalid",
            "message": "Send a credential: a VC-JWT, or the credential as JSON.",
        }
        return public_headers(JsonResponse(data, status=400), max_age=0)
    result = verify_credential(token_or_json=submitted)
    return public_headers(JsonResponse(result.as_json()), max_age=0)
