"""The shared form error templates (templates/includes/forms): Django's generic required
message is reworded to name the field; a field's own message is shown as written."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string


class _Form(forms.Form):
    first_name = forms.CharField(label="First name")
    decision = forms.ChoiceField(
        label="Do you sign this off?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you sign this off"},
    )
    consent = forms.BooleanField(
        label="I agree", error_messages={"required": "Tick the box to agree"}
    )


def test_the_generic_message_names_the_field_and_a_fields_own_is_kept():
    form = _Form(data={})
    assert not form.is_valid()
    summary = render_to_string("includes/forms/error_summary.html", {"form": form})
    inline = "".join(
        render_to_string("includes/forms/errors.html", {"field": field}) for field in form
    )
    for html in (summary, inline):
        assert "Enter first name" in html
        assert "Select whether you sign this off" in html
        assert "Tick the box to agree" in html
        assert "This field is required" not in html
        assert "Enter do you sign this off?" not in html
        assert "Enter i agree" not in html
