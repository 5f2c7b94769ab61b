"""Forms for evidence, sign-off decisions and self-assessment, in GOV.UK wording."""

from __future__ import annotations

from django import forms

from badges.portfolio.files import ACCEPTED, MAX_EVIDENCE_BYTES, validate_evidence_file
from badges.portfolio.services import MAX_TEXT

FILE_HINT = (
    f"Optional. A {ACCEPTED} file, smaller than {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB. "
    "Only you, your managers and your council's HR team can open it."
)


class RadioSelect(forms.RadioSelect):
    """Radios whose error-summary link lands on the first option (Django gives none).

    Keeps Django's class name: the shared field template picks its markup by it.
    """

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class EvidenceFileField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", FILE_HINT)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            validate_evidence_file(upload)
        return upload or None


class EvidenceForm(forms.Form):
    statement = forms.CharField(
        label="What you did",
        help_text="Describe what you did, when, and what it shows. Your manager reads this.",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what you did"},
    )
    file = EvidenceFileField(label="Upload a file (optional)")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Do you sign this off?",
        choices=[("approve", "Yes, sign it off"), ("reject", "No, not yet")],
        widget=RadioSelect,
        error_messages={"required": "Select whether you sign this off"},
    )
    observation = forms.CharField(
        label="Your observation",
        help_text="What you saw or checked. If you are not signing it off, say what is missing.",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter your observation"},
    )
    file = EvidenceFileField(label="Upload a file (optional)")

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class ConfirmForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", "Confirm"), ("reject", "Do not confirm")],
        error_messages={"required": "Select whether you confirm it"},
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "confirm"


# DigComp's self-assessment answers make a plain-English confidence prompt for each band.
BAND_PROMPTS = (
    ("foundation", "I can do this with help"),
    ("intermediate", "I can do this on my own"),
    ("advanced", "I can do this confidently and can guide others"),
    ("specialised", "I can solve complex problems and help shape how others work"),
)


def level_label(level) -> str:
    """The level's own name, with DigComp's confidence wording for its band if it has one."""
    band = (level.band or "").lower()
    prompt = next((text for key, text in BAND_PROMPTS if key in band), "")
    return f"{level.name}: {prompt}" if prompt else level.name


class LevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return level_label(obj)


class SelfAssessmentForm(forms.Form):
    level = LevelChoiceField(
        queryset=None,
        label="How well can you do this?",
        widget=RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select how well you can do this",
            "invalid_choice": "Select one of the levels shown",
        },
    )
    note = forms.CharField(
        label="Anything your manager should know (optional)",
        help_text="For example, where you use this at work.",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["level"].queryset = item.framework.levels.order_by("rank")


def form_data(request) -> tuple:
    """A POST's data and files, even when empty (`request.POST or None` would leave a
    form with nothing ticked unbound, so it would never show its errors)."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None
