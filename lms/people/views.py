"""Pages about people: the learner dashboard, account overview, team and HR views."""

from __future__ import annotations

from allauth.account.views import SignupView
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lms.people import selectors
from lms.people.forms import PublicSignupForm
from lms.people.permissions import (
    manager_required,
    organisation_admin_required,
    person_in,
    signed_in_required,
    staff_required,
    viewer_for,
)

PAGE_SIZE = 50


class PublicSignupView(SignupView):
    """The public sign-up (graduates, career changers): no council domain needed or allowed."""

    template_name = "account/signup_public.html"

    def get_form_class(self):
        return PublicSignupForm


@require_GET
@staff_required
def dashboard(request):
    from courses.selectors import catalogue_for, catalogue_page
    from lms.records.selectors import my_learning

    viewer = viewer_for(request)
    profile = selectors.profile_for_dashboard(viewer.staff.pk)
    return render(
        request,
        "people/dashboard.html",
        {
            "profile": profile,
            "direct_report_count": profile.direct_reports.filter(is_active=True).count(),
            "learning": my_learning(request.user),
            "catalogue": catalogue_page(),
            "has_courses": catalogue_for(viewer).exists(),
        },
    )


@require_GET
@signed_in_required
def account_overview(request):
    from allauth.mfa.models import Authenticator

    authenticators = Authenticator.objects.filter(user=request.user).values_list("type", flat=True)
    return render(
        request,
        "people/account.html",
        {"has_totp": Authenticator.Type.TOTP in set(authenticators)},
    )


@require_GET
@manager_required
def team(request):
    viewer = viewer_for(request)
    line = (
        selectors.reporting_line(viewer.staff)
        .filter(is_active=True)
        .select_related("user", "job_role", "department", "manager__user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    page = Paginator(line, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/team.html", {"page": page, "manager": viewer.staff})


@require_GET
@organisation_admin_required
def organisation_overview(request, organisation):
    return render(
        request,
        "people/manage/overview.html",
        {
            "organisation": organisation,
            "stats": selectors.organisation_headcount(organisation),
            "departments": selectors.department_tree(organisation),
        },
    )


@require_GET
@organisation_admin_required
def staff_list(request, organisation):
    search = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.staff_directory(organisation, search=search), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "people/manage/staff_list.html",
        {"organisation": organisation, "page": page, "search": search},
    )


@require_GET
@organisation_admin_required
def staff_detail(request, organisation, profile_id: int):
    profile = person_in(organisation, profile_id)
    reports = (
        profile.direct_reports.select_related("user", "job_role")
        .filter(is_active=True)
        .order_by("user__last_name", "user__first_name")
    )
    return render(
        request,
        "people/manage/staff_detail.html",
        {"organisation": organisation, "profile": profile, "reports": reports},
    )
