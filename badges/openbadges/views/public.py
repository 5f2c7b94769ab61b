"""Public pages and feeds that issued credentials point at.

Issuer profiles, achievements and competences answer in HTML for people and in JSON
for software; the JWKS and status lists are what verifiers fetch. All of it is public
by design, so cross-origin reads are allowed and responses are cacheable.
"""

from __future__ import annotations

import json
import logging

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from openbadgeslib.ob3 import Issuer
from openbadgeslib.ob3.credential import OB3_CONTEXT

from badges.openbadges import identifiers, selectors
from badges.openbadges.baking import DEFAULT_COLOUR, roundel_png
from badges.openbadges.encryption import PrivateKeyUnavailable
from badges.openbadges.keys import published_jwk
from badges.openbadges.status_list import signed_status_list
from lms.people.models import Organisation

logger = logging.getLogger(__name__)

JSON_TYPES = ("application/json", "application/ld+json")


def public_headers(response: HttpResponse, *, max_age: int) -> HttpResponse:
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def wants_json(request) -> bool:
    if request.GET.get("format") == "json":
        return True
    return request.get_preferred_type(["text/html", *JSON_TYPES]) in JSON_TYPES


def _json(data: dict, *, max_age: int = 300) -> HttpResponse:
    response = JsonResponse(data, json_dumps_params={"indent": 2})
    response["Vary"] = "Accept"
    return public_headers(response, max_age=max_age)


def issuer_profile(organisation) -> dict:
    profile = Issuer(
        id=identifiers.issuer_id(organisation),
        name=identifiers.issuer_name(organisation),
        url=identifiers.absolute("/"),
    ).to_dict()
    return {"@context": OB3_CONTEXT[:2], **profile}


def _issuer_page(request, organisation):
    if wants_json(request):
        return _json(issuer_profile(organisation))
    response = render(
        request,
        "badges/openbadges/issuer.html",
        {
            "issuer_organisation": organisation,
            "issuer_name": identifiers.issuer_name(organisation),
            "issuer_id": identifiers.issuer_id(organisation),
            "keys": selectors.issuer_keys(organisation=organisation),
        },
    )
    response["Vary"] = "Accept"
    return response


@require_GET
def issuer_view(request, org_slug: str):
    return _issuer_page(request, get_object_or_404(Organisation, slug=org_slug))


@require_GET
def platform_issuer_view(request):
    return _issuer_page(request, None)


@require_GET
def achievement_view(request, pk: int):
    badge_class = selectors.public_badge_class(pk=pk)
    if wants_json(request):
        return _json(
            {
                "@context": OB3_CONTEXT[:2],
                "id": identifiers.achievement_id(badge_class),
                "type": ["Achievement"],
                "name": badge_class.name,
                "description": badge_class.description,
                "criteria": {"narrative": badge_class.criteria_narrative},
                "image": {"id": identifiers.achievement_image_url(badge_class), "type": "Image"},
            }
        )
    response = render(
        request,
        "badges/openbadges/achievement.html",
        {
            "badge_class": badge_class,
            "image_url": identifiers.achievement_image_path(badge_class),
        },
    )
    response["Vary"] = "Accept"
    return response


@require_GET
def achievement_image_view(request, pk: int):
    badge_class = selectors.public_badge_class(pk=pk)
    colour = badge_class.organisation.brand_colour if badge_class.organisation else DEFAULT_COLOUR
    response = HttpResponse(roundel_png(colour), content_type="image/png")
    return public_headers(response, max_age=86400)


@require_GET
def competence_view(request, identifier):
    item = selectors.public_competence(identifier=identifier)
    return render(request, "badges/openbadges/competence.html", {"item": item})


@require_GET
def jwks_view(request):
    keys = [published_jwk(key) for key in selectors.published_keys()]
    response = HttpResponse(
        json.dumps({"keys": keys}, indent=2), content_type="application/jwk-set+json"
    )
    return public_headers(response, max_age=300)


@require_GET
def status_list_view(request, kid: str):
    key = selectors.signing_key(kid=kid)
    try:
        body = signed_status_list(key)
    except PrivateKeyUnavailable:
        # Verifiers fail closed on a missing list, so this reads as "status unknown".
        logger.exception("Status list %s cannot be signed: its key cannot be decrypted", kid)
        return HttpResponse("Status list temporarily unavailable.", status=503)
    response = HttpResponse(body, content_type="application/vc+jwt")
    # Short, so a revocation reaches verifiers that cache within a minute.
    return public_headers(response, max_age=60)
