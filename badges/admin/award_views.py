"""Admin screens for awards: the list, awarding one badge by hand, and revoking an award.

Every award and revocation goes through the engine (award_badge, revoke_award), which
decides whether it may happen and writes the audit entry; these views only collect
the input, keep it to the admin's council and show the engine's refusal as an error.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from badges.admin.access import awards_visible_to, require_award_admin
from badges.admin.award_forms import AwardFilterForm, ManualAwardForm, RevokeForm
from badges.admin.listings import PER_PAGE, filter_awards
from badges.engine.awarding import award_badge, revoke_award
from badges.engine.errors import AwardRefused

AWARDS_CRUMB = {"url": "badges_admin:awards", "label": "Awards"}


class AwardAdminMixin(WagtailAdminTemplateMixin):
    """For HR/L&D admins and platform admins only (on top of the admin's own sign-in)."""

    header_icon = "tag"

    def dispatch(self, request, *args, **kwargs):
        require_award_admin(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        crumbs = [*self.breadcrumbs_items]
        for item in getattr(self, "crumbs", ()):
            crumbs.append({"url": reverse(item["url"]), "label": item["label"]})
        return [*crumbs, {"url": "", "label": self.get_page_title()}]


class AwardListView(AwardAdminMixin, TemplateView):
    page_title = "Awards"
    template_name = "badges/admin/awards.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = AwardFilterForm(self.request.GET or None, user=self.request.user)
        awards = awards_visible_to(self.request.user)
        if form.is_valid():
            awards = filter_awards(awards, form.cleaned_data)
        else:
            awards = filter_awards(awards, {})
        page = Paginator(awards, PER_PAGE).get_page(self.request.GET.get("p"))
        context.update(form=form, page=page, awards=page.object_list)
        return context


class ManualAwardView(AwardAdminMixin, FormView):
    page_title = "Award a badge"
    template_name = "badges/admin/award_form.html"
    form_class = ManualAwardForm
    crumbs = (AWARDS_CRUMB,)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        profile = form.profile
        badge = form.cleaned_data["badge_class"]
        try:
            award = award_badge(
                badge_class=badge,
                recipient=profile.user,
                method=form.method(),
                awarded_by=self.request.user,
                awarded_at=form.awarded_at(),
                note=form.cleaned_data["note"],
            )
        except AwardRefused as refused:
            form.add_error(None, refused.message)
            return self.form_invalid(form)
        list_url = reverse("badges_admin:awards") + "?" + urlencode({"q": profile.user.email})
        if award is None:
            messages.info(
                self.request,
                f"{profile.user} already holds “{badge.name}” for the current period, so "
                "nothing was awarded.",
            )
        else:
            backdated = (
                f", backdated to {award.awarded_at:%d %B %Y}" if form.is_prior_learning else ""
            )
            messages.success(self.request, f"Awarded “{badge.name}” to {profile.user}{backdated}.")
        return HttpResponseRedirect(list_url)


class RevokeAwardView(AwardAdminMixin, FormView):
    page_title = "Revoke an award"
    template_name = "badges/admin/revoke.html"
    form_class = RevokeForm
    crumbs = (AWARDS_CRUMB,)

    def dispatch(self, request, *args, **kwargs):
        require_award_admin(request.user)
        # Another council's award is not found, whatever its id.
        self.award = get_object_or_404(awards_visible_to(request.user), pk=kwargs["award_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "award": self.award}

    def form_valid(self, form):
        try:
            revoke_award(award=self.award, by=self.request.user, reason=form.cleaned_data["reason"])
        except AwardRefused as refused:
            form.add_error(None, refused.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Revoked “{self.award.badge_class.name}” from {self.award.recipient}. Its "
            "credential now shows as revoked to anyone who checks it.",
        )
        return HttpResponseRedirect(reverse("badges_admin:awards"))
