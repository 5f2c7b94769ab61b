"""A learner's own credential, as a baked PNG or as JSON. Nobody else's: 404."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from badges.openbadges import selectors
from badges.openbadges.baking import DEFAULT_COLOUR, badge_png, bake
from badges.openbadges.issuing import issue_credential
from lms.people.permissions import signed_in_required


def _download(body: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _issued(request, public_id):
    award = selectors.own_award(user=request.user, public_id=public_id)
    # Normally issued by the task moments after the award; if that has not run yet
    # (or failed), issuing here is the same idempotent call.
    issued = getattr(award, "credential", None) or issue_credential(award=award)
    return award, issued


@require_GET
@signed_in_required
def credential_png_view(request, public_id):
    award, issued = _issued(request, public_id)
    colour = award.organisation.brand_colour if award.organisation else DEFAULT_COLOUR
    image = bake(badge_png(award.badge_class, colour=colour), issued.jwt)
    return _download(image, content_type="image/png", filename=f"{award.badge_class.slug}.png")


@require_GET
@signed_in_required
def credential_json_view(request, public_id):
    award, issued = _issued(request, public_id)
    body = json.dumps(issued.payload, indent=2, ensure_ascii=False).encode("utf-8")
    return _download(
        body, content_type="application/json", filename=f"{award.badge_class.slug}.json"
    )
