"""Sign-up forms: council staff (domain picks the council) and the public."""

from __future__ import annotations

from allauth.account.forms import SignupForm
from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html

from lms.people.models import JobRole
from lms.people.selectors import email_domain, organisation_for_email
from lms.people.services import attach_staff_profile


class _NamedSignupForm(SignupForm):
    first_name = forms.CharField(
        label="First name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def save(self, request):
        # The account and what hangs off it are created together or not at all.
        with transaction.atomic():
            return super().save(request)


class StaffSignupForm(_NamedSignupForm):
    """Council staff sign up with their work address; its domain decides the council."""

    job_role = forms.ModelChoiceField(
        queryset=JobRole.objects.none(),
        required=False,
        label="Job role (optional)",
        empty_label="Choose your job role",
        help_text="Your HR team can change this later.",
    )

    field_order = ["first_name", "last_name", "email", "job_role", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job_role"].queryset = JobRole.objects.filter(organisation__isnull=True)
        self.fields["email"].label = "Work email address"
        self.organisation = None

    def clean_email(self):
        email = super().clean_email()
        self.organisation = organisation_for_email(email)
        if self.organisation is None:
            raise forms.ValidationError(
                format_html(
                    "{} is not the email domain of a council on this site. Council staff: use "
                    'your work email address. Graduates and everyone else: <a href="{}" '
                    'class="govuk-link">create a public account</a> instead.',
                    email_domain(email) or "That",
                    reverse("account_signup_public"),
                )
            )
        return email

    def clean_job_role(self):
        role = self.cleaned_data.get("job_role")
        if role and role.organisation_id not in (None, getattr(self.organisation, "pk", None)):
            raise forms.ValidationError("Choose one of the listed job roles.")
        return role

    def signup(self, request, user):
        attach_staff_profile(
            user=user,
            organisation=self.organisation,
            job_role=self.cleaned_data.get("job_role"),
            verified=False,
        )


class PublicSignupForm(_NamedSignupForm):
    """Graduates, career changers and the public: a personal account, no staff areas."""

    def clean_email(self):
        email = super().clean_email()
        organisation = organisation_for_email(email)
        if organisation is not None:
            raise forms.ValidationError(
                format_html(
                    "That is a {} staff address. Use the "
                    '<a href="{}" class="govuk-link">staff sign-up</a> so your learning '
                    "counts at work, or use a personal address here.",
                    organisation.name,
                    reverse("account_signup"),
                )
            )
        return email
