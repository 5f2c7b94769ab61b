"""Registering interest: a form with explicit consent, a stated retention period, a
honeypot and a per-IP rate limit."""

from __future__ import annotations

import logging

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cms.careers import consent, ratelimit, selectors, services
from cms.careers.forms import InterestForm

logger = logging.getLogger(__name__)


def _context_for(request):
    index = selectors.careers_index_for_request(request)
    council = selectors.interest_council(index=index, request=request)
    days = consent.retention_days(index=index)
    return index, council, days


@require_http_methods(["GET", "HEAD", "POST"])
def register_interest(request):
    index, council, days = _context_for(request)
    roles = selectors.live_roles(index=index)
    councils = None if council is not None else selectors.councils_to_choose()
    consent_label = consent.consent_text(
        council_name=council.name if council else "the council you choose", days=days
    )
    initial = {}
    if request.method != "POST":
        role = selectors.role_for_id(request.GET.get("role"), index=index)
        if role is not None:
            initial["role"] = role
    form = InterestForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        roles=roles,
        councils=councils,
        consent_label=consent_label,
    )
    status = 200
    if request.method == "POST":
        if form.caught_by_honeypot:
            # Looks like success to whatever filled it in, and stores nothing.
            logger.info("Registered interest dropped by the honeypot.")
            return redirect("careers:interest_thanks")
        if not form.is_valid():
            status = 400
        elif not ratelimit.allow_attempt(request):
            # Only what would be stored counts: a person correcting mistakes is not limited.
            form.add_error(
                None,
                "We have had too many attempts from your connection. Please try again in an hour.",
            )
            status = 429
        else:
            data = form.cleaned_data
            try:
                services.register_interest(
                    organisation=council or data["council"],
                    name=data["name"],
                    email=data["email"],
                    role=data.get("role"),
                    message=data["message"],
                    retention_days=days,
                )
            except services.CareersRefused as refused:
                form.add_error(None, str(refused))
                status = 400
            else:
                return redirect("careers:interest_thanks")
    period = consent.describe_period(days)
    return render(
        request,
        "cms/careers/register_interest.html",
        {
            "form": form,
            "council": council,
            "period": period,
            "index": index,
            "meta_description": (
                f"Ask {council.name if council else 'a council'} to tell you when digital "
                f"jobs, apprenticeships and graduate places open. We keep your details for "
                f"{period}, then delete them."
            ),
        },
        status=status,
    )


@require_GET
def interest_thanks(request):
    index, council, days = _context_for(request)
    return render(
        request,
        "cms/careers/interest_thanks.html",
        {"index": index, "council": council, "period": consent.describe_period(days)},
    )
