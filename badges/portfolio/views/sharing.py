"""Share links: the learner makes or stops one; anyone holding one sees current badges."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from badges.models import ShareLink
from badges.portfolio import services
from badges.portfolio.wallet import shared_badges
from lms.people.permissions import signed_in_required


@require_POST
@signed_in_required
def create_share_link(request):
    services.create_share_link(user=request.user)
    messages.success(request, "Your share link is ready. Anyone with it can see your badges.")
    return redirect("portfolio:wallet")


@require_POST
@signed_in_required
def revoke_share_link(request):
    if services.revoke_share_link(user=request.user):
        messages.success(request, "Sharing stopped. The old link no longer works.")
    return redirect("portfolio:wallet")


@require_GET
def shared(request, token: str):
    """Public: the person's name and current badges. No email, nothing else."""
    link = get_object_or_404(
        ShareLink.objects.select_related("user"),
        token=token,
        revoked_at__isnull=True,
        user__is_active=True,
    )
    response = render(
        request,
        "badges/portfolio/shared.html",
        {
            "name": link.user.get_full_name() or "This learner",
            "awards": shared_badges(link.user),
        },
    )
    # The link is private to whoever was given it: keep it out of search engines,
    # shared caches and the Referer header of links followed from the page.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
