"""Re-evaluating learners after a badge's criteria change, and following a run's progress.

Starting a run is offered after a criteria change (and from the runs list); the run
itself is H5's batched task. Its page refreshes itself while the run is going, with a
meta refresh rather than script, so it needs no CSP exception.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from badges.admin.access import may_administer_awards, runs_visible_to
from badges.admin.award_views import AwardAdminMixin
from badges.admin.policy import BadgeClassPolicy
from badges.admin.scope import badges_visible_to, can_manage, council_of, is_platform_admin
from badges.engine.errors import AwardRefused
from badges.engine.reevaluation import start_reevaluation
from badges.models import BadgeClass, ReevaluationRun

REFRESH_SECONDS = 3
RUNS_CRUMB = {"url": "badges_admin:runs", "label": "Re-evaluation runs"}
_policy = BadgeClassPolicy(BadgeClass)


def may_reevaluate(user, badge: BadgeClass) -> bool:
    """Platform admins; HR admins for their council; editors who may change the badge."""
    if is_platform_admin(user):
        return True
    if council_of(user) is None:
        return False
    if may_administer_awards(user):
        return True
    return can_manage(user, badge) and _policy.user_has_permission(user, "change")


class ReevaluateView(WagtailAdminTemplateMixin, TemplateView):
    """GET asks; POST starts a run over the learners who could earn the badge."""

    page_title = "Re-evaluate learners"
    header_icon = "rotate"
    template_name = "badges/admin/reevaluate.html"

    def dispatch(self, request, *args, **kwargs):
        self.badge = get_object_or_404(badges_visible_to(request.user), pk=kwargs["badge_id"])
        if not may_reevaluate(request.user, self.badge):
            raise PermissionDenied("You cannot start a re-evaluation of this badge.")
        return super().dispatch(request, *args, **kwargs)

    def scope_label(self) -> str:
        if is_platform_admin(self.request.user) and self.badge.organisation_id is None:
            return "every learner on the platform"
        council = self.badge.organisation or council_of(self.request.user)
        return f"every member of staff at {council}"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "badge": self.badge,
            "scope": self.scope_label(),
        }

    def post(self, request, *args, **kwargs):
        user = request.user
        organisation = None if is_platform_admin(user) else council_of(user)
        try:
            run = start_reevaluation(
                badge_class=self.badge, organisation=organisation, requested_by=user
            )
        except AwardRefused as refused:
            messages.error(request, refused.message)
            return HttpResponseRedirect(reverse("wagtailadmin_home"))
        messages.success(request, f"Re-evaluating {run.total} learners for “{self.badge.name}”.")
        return HttpResponseRedirect(reverse("badges_admin:run", args=[run.pk]))


class RunListView(AwardAdminMixin, TemplateView):
    page_title = "Re-evaluation runs"
    template_name = "badges/admin/runs.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        runs = runs_visible_to(self.request.user).order_by("-created_at", "-pk")
        page = Paginator(runs, 50).get_page(self.request.GET.get("p"))
        return {**context, "page": page, "runs": page.object_list}


class RunDetailView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "rotate"
    template_name = "badges/admin/run.html"
    http_method_names = ["get", "head"]

    def dispatch(self, request, *args, **kwargs):
        try:
            self.run = runs_visible_to(request.user).get(pk=kwargs["run_id"])
        except ReevaluationRun.DoesNotExist as missing:
            raise Http404("No such re-evaluation run.") from missing
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Re-evaluation run {self.run.pk}"

    def get_breadcrumbs_items(self):
        crumbs = [*self.breadcrumbs_items]
        if may_administer_awards(self.request.user):
            crumbs.append({"url": reverse(RUNS_CRUMB["url"]), "label": RUNS_CRUMB["label"]})
        return [*crumbs, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        running = self.run.status in (ReevaluationRun.Status.QUEUED, ReevaluationRun.Status.RUNNING)
        return {
            **super().get_context_data(**kwargs),
            "run": self.run,
            "refresh_seconds": REFRESH_SECONDS if running else None,
        }
