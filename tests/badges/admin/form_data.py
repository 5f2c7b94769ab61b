"""POST data for the badge form as the Wagtail admin sends it (tabs do not prefix fields)."""

from __future__ import annotations

from wagtail.test.utils.form_data import inline_formset, nested_form_data

CRITERION_FIELDS = (
    "group",
    "kind",
    "course",
    "activity",
    "min_score_percent",
    "required_badge",
    "item",
    "level",
    "signer",
    "instructions",
)


def criterion(kind: str, **fields) -> dict:
    row = dict.fromkeys(CRITERION_FIELDS, "")
    row.update(group=1, kind=kind, signer="manager")
    row.update({key: getattr(value, "pk", value) for key, value in fields.items()})
    return row


def alignment(item, level=None) -> dict:
    return {"item": item.pk, "level": level.pk if level else ""}


def badge_post(
    *,
    name: str = "Cyber aware",
    slug: str = "cyber-aware",
    criteria: list[dict] = (),
    alignments: list[dict] = (),
    initial_criteria: int = 0,
    initial_alignments: int = 0,
    **fields,
) -> dict:
    data = {
        "name": name,
        "slug": slug,
        "description": "Keeps council data safe.",
        "criteria_narrative": "Complete the course and pass its quiz.",
        "valid_for_days": "",
        "recertify_within_days": "",
        "issues_certificate": "on",
        "is_active": "on",
        "alignments": inline_formset(list(alignments), initial=initial_alignments),
        "criteria": inline_formset(list(criteria), initial=initial_criteria),
    }
    data.update(fields)
    return nested_form_data(data)
