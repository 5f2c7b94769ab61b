"""The learner's pages: badge wallet, badge progress, evidence, competency profile."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from badges.models import BadgeAward, Criterion, EvidenceSubmission, FrameworkItem, ShareLink
from badges.portfolio import services
from badges.portfolio.errors import PortfolioRefused
from badges.portfolio.forms import EvidenceForm, SelfAssessmentForm, form_data
from badges.portfolio.links import credential_links
from badges.portfolio.progress import badge_progress
from badges.portfolio.selectors import competency_profile
from badges.portfolio.wallet import badges_to_earn, badges_visible_to, wallet_for
from lms.people.permissions import signed_in_required, staff_required, viewer_for


@require_GET
@signed_in_required
def wallet(request):
    viewer = viewer_for(request)
    held = wallet_for(request.user)
    share = ShareLink.objects.filter(user=request.user, revoked_at__isnull=True).first()
    return render(
        request,
        "badges/portfolio/wallet.html",
        {
            "wallet": held,
            "to_earn": badges_to_earn(viewer, held_ids={a.badge_class_id for a in held.current}),
            "share": share,
            "share_url": (
                request.build_absolute_uri(reverse("portfolio:shared", args=[share.token]))
                if share
                else ""
            ),
        },
    )


def _visible_badge(request, badge_id: int):
    viewer = viewer_for(request)
    return get_object_or_404(badges_visible_to(viewer), pk=badge_id)


@require_GET
@signed_in_required
def badge_detail(request, badge_id: int):
    badge = _visible_badge(request, badge_id)
    awards = list(
        BadgeAward.objects.filter(badge_class=badge, recipient=request.user).order_by("-cycle")
    )
    if not badge.is_active and not awards:
        raise Http404("This badge is no longer awarded.")
    for award in awards:
        award.links = credential_links(award)
    current = next((a for a in awards if a.is_current()), None)
    return render(
        request,
        "badges/portfolio/badge_detail.html",
        {
            "badge": badge,
            "alignments": badge.alignments.select_related("item__framework", "level"),
            "awards": awards,
            "current_award": current,
            "groups": badge_progress(badge_class=badge, user=request.user),
            "is_staff": viewer_for(request).is_learner,
        },
    )


def _sign_off_criterion(request, badge_id: int, criterion_id: int) -> Criterion:
    """A sign-off rule of a badge this learner may earn; anything else is not found."""
    badge = _visible_badge(request, badge_id)
    return get_object_or_404(
        Criterion.objects.select_related("badge_class"),
        pk=criterion_id,
        badge_class=badge,
        kind=Criterion.Kind.SIGN_OFF,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def submit_evidence(request, badge_id: int, criterion_id: int):
    criterion = _sign_off_criterion(request, badge_id, criterion_id)
    form = EvidenceForm(*form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_evidence(
                learner=request.user,
                criterion=criterion,
                statement=form.cleaned_data["statement"],
                file=form.cleaned_data["file"],
            )
        except PortfolioRefused as refused:
            form.add_error(None, refused.message)
        except ValidationError as invalid:
            form.add_error("file", invalid)
        else:
            messages.success(
                request, "Evidence sent. You will see here when it has been signed off."
            )
            return redirect("portfolio:badge", badge_id=criterion.badge_class_id)
    return render(
        request,
        "badges/portfolio/submit_evidence.html",
        {"form": form, "criterion": criterion, "badge": criterion.badge_class},
    )


@require_POST
@staff_required
def withdraw_evidence(request, submission_id: int):
    submission = get_object_or_404(EvidenceSubmission, pk=submission_id, learner=request.user)
    try:
        services.withdraw_submission(submission=submission, learner=request.user)
    except PortfolioRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "Evidence withdrawn. You can send new evidence.")
    return redirect("portfolio:badge", badge_id=submission.badge_class_id)


@require_GET
@staff_required
def profile(request):
    viewer = viewer_for(request)
    return render(
        request,
        "badges/portfolio/profile.html",
        {"profile": competency_profile(user=request.user, viewer=viewer)},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def self_assess(request, item_id: int):
    viewer = viewer_for(request)
    item = get_object_or_404(
        FrameworkItem.objects.select_related("framework")
        .filter(
            Q(framework__organisation__isnull=True)
            | Q(framework__organisation_id=viewer.staff.organisation_id)
        )
        .exclude(kind=FrameworkItem.Kind.AREA),
        pk=item_id,
    )
    form = SelfAssessmentForm(*form_data(request), item=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_self_assessment(
                learner=request.user,
                item=item,
                level=form.cleaned_data["level"],
                note=form.cleaned_data["note"],
            )
        except PortfolioRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                f"You rated yourself at level {form.cleaned_data['level'].rank} in {item.title}. "
                "Your manager will be asked to confirm it.",
            )
            return redirect("portfolio:profile")
    return render(request, "badges/portfolio/self_assess.html", {"form": form, "item": item})
