"""Manager pages: the sign-off queue, decisions, and the team's competency matrix."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from badges.portfolio import services
from badges.portfolio.access import signer_required
from badges.portfolio.errors import PortfolioRefused
from badges.portfolio.forms import ConfirmForm, DecisionForm, form_data
from badges.portfolio.selectors import Standing, team_matrix
from badges.portfolio.signers import decidable_self_assessments, decidable_submissions
from lms.people.permissions import manager_required, viewer_for
from lms.people.selectors import reporting_line

QUEUE_PAGE_SIZE = 25
SELF_ASSESSMENTS_SHOWN = 50
MATRIX_PAGE_SIZE = 25


@require_GET
@signer_required
def sign_off_queue(request):
    reviewer = viewer_for(request).staff
    submissions = Paginator(decidable_submissions(reviewer), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    assessments = decidable_self_assessments(reviewer)
    shown = list(assessments[: SELF_ASSESSMENTS_SHOWN + 1])
    return render(
        request,
        "badges/portfolio/sign_off_queue.html",
        {
            "page": submissions,
            "assessments": shown[:SELF_ASSESSMENTS_SHOWN],
            "more_assessments": len(shown) > SELF_ASSESSMENTS_SHOWN,
            "reviewer": reviewer,
        },
    )


@require_http_methods(["GET", "POST"])
@signer_required
def decide_evidence(request, submission_id: int):
    reviewer = viewer_for(request).staff
    # Someone else's team, your own evidence or another council's id: simply not found.
    submission = get_object_or_404(
        decidable_submissions(reviewer, pending_only=False).select_related("criterion"),
        pk=submission_id,
    )
    form = DecisionForm(*form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_submission(
                submission=submission,
                reviewer=request.user,
                approve=form.approve,
                observation=form.cleaned_data["observation"],
                observation_file=form.cleaned_data["file"],
            )
        except PortfolioRefused as refused:
            form.add_error(None, refused.message)
        except ValidationError as invalid:
            form.add_error("file", invalid)
        else:
            who = submission.learner.get_full_name() or "the learner"
            messages.success(
                request,
                f"Signed off evidence from {who}."
                if form.approve
                else f"Evidence from {who} not signed off. They can see your observation.",
            )
            return redirect("portfolio:sign_off_queue")
    return render(
        request,
        "badges/portfolio/decide_evidence.html",
        {"form": form, "submission": submission},
    )


@require_POST
@signer_required
def decide_self_assessment(request, assessment_id: int):
    reviewer = viewer_for(request).staff
    assessment = get_object_or_404(
        decidable_self_assessments(reviewer, pending_only=False), pk=assessment_id
    )
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Select whether you confirm the self-assessment.")
        return redirect("portfolio:sign_off_queue")
    try:
        services.confirm_self_assessment(
            assessment=assessment, reviewer=request.user, approve=form.approve
        )
    except PortfolioRefused as refused:
        messages.error(request, refused.message)
    else:
        who = assessment.learner.get_full_name() or "the learner"
        verb = "Confirmed" if form.approve else "Did not confirm"
        messages.success(
            request,
            f"{verb} level {assessment.level.rank} in {assessment.item.title} for {who}.",
        )
    return redirect("portfolio:sign_off_queue")


def _team(manager):
    return (
        reporting_line(manager)
        .filter(is_active=True)
        .select_related("user", "job_role")
        .order_by("user__last_name", "user__first_name", "pk")
    )


@require_GET
@manager_required
def team_matrix_view(request):
    manager = viewer_for(request).staff
    page = Paginator(_team(manager), MATRIX_PAGE_SIZE).get_page(request.GET.get("page"))
    matrix = team_matrix(manager=manager, people=page.object_list)
    return render(
        request,
        "badges/portfolio/team_matrix.html",
        {"page": page, "matrix": matrix, "manager": manager, "Standing": Standing},
    )


def _cell_text(cell) -> str:
    """The same words the page shows, for one cell of the CSV."""
    row = cell.row
    if row is None:
        return "not required"
    held = f"level {row.held.rank}" if row.held else "none"
    target = row.target.level.rank
    if row.standing == Standing.MET:
        return f"met: {held}, target {target}"
    if row.standing == Standing.DECLARED:
        return f"self-declared {row.holding.declared.level.rank}, target {target}"
    return f"gap: {held}, target {target}"


def _csv_safe(value: str) -> str:
    # A name starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@require_GET
@manager_required
def team_matrix_csv(request):
    manager = viewer_for(request).staff
    matrix = team_matrix(manager=manager, people=_team(manager))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="team-competencies.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(
        ["Name", "Job role", *(f"{i.framework.code} {i.code} {i.title}" for i in matrix.items)]
    )
    for person in matrix.people:
        writer.writerow(
            [
                _csv_safe(person.user.get_full_name() or person.user.email),
                _csv_safe(person.job_role.name if person.job_role else ""),
                *(_cell_text(cell) for cell in person.cells),
            ]
        )
    return response
