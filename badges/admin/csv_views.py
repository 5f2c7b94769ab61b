"""Awarding a badge to many staff from a CSV: always a dry run first, then the real thing.

The dry run shows what would happen to every row. Confirming does not ask for the
file again: the checked text travels back in a signed token bound to the admin, the
badge and the council, so what is awarded is exactly what was previewed (each row is
checked again on the way, since things may have changed in between).
"""

from __future__ import annotations

from django import forms
from django.core import signing
from django.views.generic import FormView

from badges.admin.access import awardable_badges, councils_for
from badges.admin.award_views import AWARDS_CRUMB, AwardAdminMixin
from badges.admin.scope import council_of, is_platform_admin
from badges.engine.csv_awards import MAX_BYTES, import_awards_csv
from badges.engine.errors import AwardRefused

TOKEN_SALT = "badges.admin.csv-award"
TOKEN_MAX_AGE = 60 * 60


class CsvAwardForm(forms.Form):
    badge_class = forms.ModelChoiceField(queryset=None, label="Badge", empty_label="Choose a badge")
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "A header row with an “email” column; optional “awarded_on” (YYYY-MM-DD or "
            "DD/MM/YYYY, for prior learning) and “note” columns. Save it as CSV UTF-8."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["badge_class"].queryset = awardable_badges(user)
        if is_platform_admin(user):
            self.fields["organisation"] = forms.ModelChoiceField(
                queryset=councils_for(user), label="Council", empty_label="Choose a council"
            )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it."
            )
        return upload

    def organisation(self):
        if "organisation" in self.fields:
            return self.cleaned_data["organisation"]
        return council_of(self.user)


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


def make_token(*, user, badge, organisation, text: str) -> str:
    payload = {"u": user.pk, "b": badge.pk, "o": organisation.pk, "csv": text}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def read_token(token: str, *, user) -> dict | None:
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return payload if payload.get("u") == user.pk else None


class CsvAwardView(AwardAdminMixin, FormView):
    page_title = "Award a badge by CSV"
    template_name = "badges/admin/award_csv.html"
    form_class = CsvAwardForm
    crumbs = (AWARDS_CRUMB,)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm(ConfirmForm(request.POST))
        return super().post(request, *args, **kwargs)

    def _check(self, form):
        badge, organisation = form.cleaned_data["badge_class"], form.organisation()
        upload = form.cleaned_data["file"]
        text = upload.read(MAX_BYTES + 1)
        report = self._run(form, badge, organisation, text, dry_run=True)
        if report is None:
            return None
        token = None
        if report.awarded_count and not report.errors:
            decoded = text.decode("utf-8-sig", errors="replace")
            token = make_token(
                user=self.request.user, badge=badge, organisation=organisation, text=decoded
            )
        return self.render_to_response(
            self.get_context_data(form=form, report=report, badge=badge, token=token)
        )

    def _run(self, form, badge, organisation, text, *, dry_run: bool):
        try:
            return import_awards_csv(
                organisation=organisation,
                badge_class=badge,
                file=_Text(text),
                awarded_by=self.request.user,
                dry_run=dry_run,
            )
        except AwardRefused as refused:
            self.problem = refused.message
            return None

    def form_valid(self, form):
        response = self._check(form)
        return response if response is not None else self.form_invalid(form)

    def confirm(self, confirm_form):
        form = self.get_form_class()(user=self.request.user)
        payload = read_token(confirm_form.data.get("token", ""), user=self.request.user)
        badge = organisation = None
        if payload is not None:
            badge = awardable_badges(self.request.user).filter(pk=payload["b"]).first()
            organisation = councils_for(self.request.user).filter(pk=payload["o"]).first()
        if badge is None or organisation is None:
            self.problem = (
                "That confirmation has expired or is not yours. Upload the file again to check it."
            )
            return self.render_to_response(self.get_context_data(form=form))
        report = self._run(form, badge, organisation, payload["csv"], dry_run=False)
        return self.render_to_response(
            self.get_context_data(form=form, report=report, badge=badge, token=None)
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "problem": getattr(self, "problem", "")}


class _Text:
    """The engine reads a file; the checked text is handed over as one."""

    def __init__(self, data):
        self.data = data

    def read(self, size=-1):
        return self.data if size < 0 else self.data[:size]
