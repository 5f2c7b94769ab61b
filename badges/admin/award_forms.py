"""Forms for awarding one badge by hand, revoking an award, and filtering lists of awards."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from badges.admin.access import awardable_badges, councils_for, learners_for
from badges.admin.scope import is_platform_admin
from badges.models import AuditEntry, BadgeAward
from lms.people.models import StaffProfile

NOTE_MAX = 1000


def _badge_label(badge) -> str:
    owner = badge.organisation.name if badge.organisation_id else "sector"
    return f"{badge.name} ({owner})"


class ManualAwardForm(forms.Form):
    learner = forms.CharField(
        label="Learner",
        max_length=254,
        help_text="Their work email address, or their employee id in your council's HR system.",
    )
    badge_class = forms.ModelChoiceField(queryset=None, label="Badge", empty_label="Choose a badge")
    awarded_on = forms.DateField(
        required=False,
        label="Date of the prior learning (optional)",
        help_text=(
            "For learning done before, e.g. a certificate from a previous employer: the "
            "award is backdated to this day and its validity runs from it. Leave empty to "
            "award it today."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label="Why are you awarding it?",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the award and in the audit log.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.profile: StaffProfile | None = None
        self.fields["badge_class"].queryset = awardable_badges(user)
        self.fields["badge_class"].label_from_instance = _badge_label

    def clean_learner(self):
        text = self.cleaned_data["learner"].strip()
        profiles = learners_for(self.user)
        if "@" in text:
            matches = list(profiles.filter(user__email__iexact=text)[:2])
        else:
            matches = list(profiles.filter(employee_id=text)[:2])
        where = "any council" if is_platform_admin(self.user) else "your council"
        if not matches:
            raise forms.ValidationError(
                f"No current member of staff in {where} has the email address or employee "
                f"id “{text}”. Check it, or use their email address."
            )
        if len(matches) > 1:
            raise forms.ValidationError(
                f"More than one council has employee id “{text}”: use their email address."
            )
        self.profile = matches[0]
        return text

    def clean_awarded_on(self):
        day = self.cleaned_data.get("awarded_on")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return day

    @property
    def is_prior_learning(self) -> bool:
        day = self.cleaned_data.get("awarded_on")
        return day is not None and day < timezone.localdate()

    def awarded_at(self) -> datetime.datetime | None:
        if not self.is_prior_learning:
            return None
        day = self.cleaned_data["awarded_on"]
        # Midday, so the date reads the same in every UK offset.
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))

    def method(self) -> str:
        return (
            BadgeAward.Method.PRIOR_LEARNING if self.is_prior_learning else BadgeAward.Method.MANUAL
        )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Reason for revoking",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Shown to anyone who checks the credential, and kept in the audit log. "
            "For example: awarded to the wrong person."
        ),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give a reason for revoking the badge.")
        return reason


STATUS_CHOICES = [
    ("", "Any status"),
    ("valid", "Valid"),
    ("expired", "Expired"),
    ("revoked", "Revoked"),
]


class _CouncilFilterMixin:
    def add_council_filter(self, user) -> None:
        if is_platform_admin(user):
            self.fields["organisation"] = forms.ModelChoiceField(
                queryset=councils_for(user),
                required=False,
                label="Council",
                empty_label="Any council",
            )


class AwardFilterForm(_CouncilFilterMixin, forms.Form):
    q = forms.CharField(required=False, label="Learner", max_length=100)
    badge_class = forms.ModelChoiceField(
        queryset=None, required=False, label="Badge", empty_label="Any badge"
    )
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False, label="Status")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["badge_class"].queryset = awardable_badges(user)
        self.fields["badge_class"].label_from_instance = _badge_label
        self.add_council_filter(user)


class AuditFilterForm(_CouncilFilterMixin, forms.Form):
    q = forms.CharField(required=False, label="Person", max_length=100)
    action = forms.ChoiceField(
        choices=[("", "Any action"), *AuditEntry.Action.choices], required=False, label="Action"
    )
    badge_class = forms.ModelChoiceField(
        queryset=None, required=False, label="Badge", empty_label="Any badge"
    )
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["badge_class"].queryset = awardable_badges(user)
        self.fields["badge_class"].label_from_instance = _badge_label
        self.add_council_filter(user)
