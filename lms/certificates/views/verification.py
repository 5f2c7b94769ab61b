"""The public verification page: anyone with the code (or the QR code) can check it."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms.certificates import ratelimit, selectors
from lms.certificates.codes import normalise
from lms.certificates.forms import LookupForm


def _too_many(request):
    return render(request, "certificates/rate_limited.html", status=429)


@require_GET
@never_cache
def lookup(request):
    """The lookup form; a valid code goes on to its page, which counts the lookup."""
    form = LookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"])
    return render(request, "certificates/lookup.html", {"form": form})


@require_GET
@never_cache
def verify(request, code: str):
    if not ratelimit.lookup_allowed(request):
        return _too_many(request)
    normalised = normalise(code)
    certificate = selectors.issued_by_code(normalised) if normalised else None
    if certificate is None:
        raise Http404("No certificate has this code.")
    if normalised != code:
        return redirect("certificates:verify", code=normalised)
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "status": selectors.status_of(certificate),
            "shown_name": selectors.public_name(certificate),
            "newer": certificate.superseded_by,
        },
    )
