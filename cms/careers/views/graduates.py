"""A signed-in person's careers tools: saved roles, badges earned so far and the self-check."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from cms.careers import selectors, services
from cms.careers.forms import SelfCheckForm
from lms.people.permissions import signed_in_required, viewer_for


@require_GET
@signed_in_required
def my_careers(request):
    offers = selectors.pre_application_badges()
    held = selectors.held_pre_application_awards(user=request.user, offers=offers)
    held_ids = {award.badge_class_id for award in held}
    return render(
        request,
        "cms/careers/my_careers.html",
        {
            "saved": selectors.saved_roles(user=request.user),
            "held": held,
            "to_earn": [offer for offer in offers if offer.badge.pk not in held_ids],
            "index": selectors.careers_index_for_request(request),
        },
    )


@require_GET
@signed_in_required
def self_check(request):
    roles = selectors.live_roles()
    form = SelfCheckForm(request.GET or None, roles=roles)
    check = None
    if form.is_bound and form.is_valid():
        check = selectors.self_check(viewer=viewer_for(request), role=form.cleaned_data["role"])
    return render(
        request,
        "cms/careers/self_check.html",
        {
            "form": form,
            "check": check,
            "saved_ids": selectors.saved_role_ids(user=request.user) if check else set(),
            "index": selectors.careers_index_for_request(request),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
@signed_in_required
def save_role(request, role_id: int):
    role = selectors.role_for_id(role_id)
    if role is None:
        raise Http404("No such role.")
    try:
        _, created = services.save_role(user=request.user, role=role)
    except services.CareersRefused as refused:
        messages.error(request, str(refused))
    else:
        if created:
            messages.success(request, f"Saved “{role.title}” to your careers page.")
        else:
            messages.info(request, f"You had already saved “{role.title}”.")
    return redirect(_back(request, role.get_url(request) or "careers:my_careers"))


@require_POST
@signed_in_required
def remove_role(request, role_id: int):
    removed = services.forget_role(user=request.user, role_id=role_id)
    if not removed:
        raise Http404("That role is not among your saved roles.")
    messages.success(request, "Removed the role from your saved roles.")
    return redirect(_back(request, "careers:my_careers"))
