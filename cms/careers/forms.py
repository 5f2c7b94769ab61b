"""Registering interest in a council's digital roles, and picking a role for the self-check."""

from __future__ import annotations

from django import forms

from lms.people.models import Organisation

ANY_ROLE = ""
HONEYPOT_FIELD = "website"


class RoleChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": "Choose one of the listed roles."}

    def label_from_instance(self, obj) -> str:
        return obj.title


class CouncilChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": "Choose one of the listed councils."}


class InterestForm(forms.Form):
    """The council is fixed by the page when it can be; otherwise the visitor picks one.

    `website` is a honeypot: hidden from people (and from screen readers), so only a form
    filler that completes every input puts anything in it.
    """

    name = forms.CharField(
        label="Your name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will only use it to contact you about digital jobs and training.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    role = RoleChoiceField(
        queryset=None,
        required=False,
        label="Role you are interested in",
        empty_label="Not sure yet",
    )
    council = CouncilChoiceField(
        queryset=Organisation.objects.none(),
        label="Council",
        empty_label="Choose a council",
    )
    message = forms.CharField(
        label="Anything you would like to tell us (optional)",
        required=False,
        max_length=1000,
        help_text="For example when you could start, or a question. Up to 1,000 characters.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Required, but checked in clean_consent: the shared error templates reword a field's
    # generic "required" message as "Enter <label>", which fits no checkbox.
    consent = forms.BooleanField(required=False)
    website = forms.CharField(required=False, label="Leave this empty", max_length=200)

    def __init__(self, *args, roles, councils=None, consent_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = roles
        if councils is None:
            del self.fields["council"]
        else:
            self.fields["council"].queryset = councils
        self.fields["consent"].label = consent_label

    @property
    def caught_by_honeypot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter your name")
        return name

    def clean_consent(self) -> bool:
        if not self.cleaned_data.get("consent"):
            raise forms.ValidationError("Tick the box to agree to us keeping your details")
        return True

    def clean_message(self) -> str:
        return self.cleaned_data.get("message", "").strip()


class SelfCheckForm(forms.Form):
    role = RoleChoiceField(queryset=None, label="Role", empty_label="Choose a role")

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = roles
