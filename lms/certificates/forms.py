"""Forms: looking a certificate up by code, and asking for a bulk ZIP."""

from __future__ import annotations

from django import forms

from lms.certificates.codes import normalise


class LookupForm(forms.Form):
    code = forms.CharField(
        label="Verification code",
        max_length=40,
        help_text="Twelve letters and numbers, printed beside the QR code, "
        "for example 7KQ2-M9TD-4XHB.",
        error_messages={"required": "Enter the verification code from the certificate."},
    )

    def clean_code(self) -> str:
        code = normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                "Enter the code as it is printed: twelve letters and numbers, "
                "for example 7KQ2-M9TD-4XHB."
            )
        return code


class BulkJobForm(forms.Form):
    department = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="Any department",
        help_text="Includes the teams below it.",
    )
    course = forms.ModelChoiceField(queryset=None, required=False, empty_label="Every course")

    def __init__(self, *args, departments, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["course"].queryset = courses
        self.fields["department"].label_from_instance = lambda d: (
            "\N{EN DASH} " * (d.depth - 1) + d.name
        )
        self.fields["course"].label_from_instance = lambda c: c.title

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("department") and not cleaned.get("course"):
            raise forms.ValidationError("Choose a department, a course, or both.")
        return cleaned
