"""The badge form: the badge's own fields plus checks across its criteria and alignments.

Per-rule checks live in criteria_forms; here are the ones that need the whole badge:
whose badge it is (a council badge may use its own council's and the sector's courses,
badges and frameworks; a sector badge only the sector's), unique slugs per owner, the
validity period, the image, and criteria loops through "another badge held" rules
(found by the engine's find_criteria_loop).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import cached_property
from wagtail.admin.forms import WagtailAdminModelForm

from badges.admin.images import clean_badge_image
from badges.admin.scope import (
    council_of,
    is_platform_admin,
    usable_badges,
    usable_courses,
    usable_frameworks,
)
from badges.engine.criteria import find_criteria_loop
from badges.models import BadgeClass, Criterion
from lms.people.models import Organisation

SECTOR_LABEL = "Sector: any council's staff (and graduates) can earn it"


def _owner_name(organisation_id: int | None) -> str:
    if organisation_id is None:
        return "a sector badge"
    return "this council's badge"


class BadgeClassForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self._clean_image = None
        if "organisation" not in self.fields:
            return
        if for_user is not None and is_platform_admin(for_user):
            field = self.fields["organisation"]
            field.queryset = Organisation.objects.filter(is_active=True)
            field.empty_label = SECTOR_LABEL
            field.required = False
            field.label = "Owner"
        else:
            # Only platform admins choose the owner: everyone else's badges are their council's.
            del self.fields["organisation"]

    # --- whose badge it is ---------------------------------------------------------------

    def owner_id(self) -> int | None:
        if "organisation" in self.fields:
            organisation = self.cleaned_data.get("organisation")
            return organisation.pk if organisation else None
        if self.instance.pk:
            return self.instance.organisation_id
        council = council_of(self.for_user) if self.for_user is not None else None
        return council.pk if council else None

    @cached_property
    def has_awards(self) -> bool:
        return bool(self.instance.pk) and self.instance.awards.exists()

    # --- fields -------------------------------------------------------------------------

    def clean_image(self):
        value = self.cleaned_data.get("image")
        if isinstance(value, UploadedFile):
            self._clean_image = clean_badge_image(value)
        return value

    def clean(self):
        cleaned = super().clean()
        owner = self.owner_id()
        moved = owner != self.instance.organisation_id
        if "organisation" in self.fields and moved and self.has_awards:
            self.add_error(
                "organisation",
                "This badge has been awarded, so it cannot move to another owner. "
                "Make a new badge for the other owner instead.",
            )
        if not self.instance.pk and owner is not None:
            self.instance.organisation_id = owner
        elif not self.instance.pk and "organisation" not in self.fields:
            raise ValidationError("Only platform admins can create sector badges.")
        self._clean_slug(cleaned, owner)
        self._clean_validity(cleaned)
        if self._clean_image is not None:
            cleaned["image"] = self._clean_image.as_file(cleaned.get("slug") or "badge")
        self._clean_alignments(owner)
        self._clean_criteria(owner)
        return cleaned

    def _clean_slug(self, cleaned, owner: int | None) -> None:
        slug = cleaned.get("slug")
        if not slug:
            return
        if self.instance.pk and slug != self.instance.slug and self.has_awards:
            self.add_error(
                "slug",
                "This badge has been awarded, and its credentials refer to the slug, so it "
                "cannot change. Change the name instead.",
            )
            return
        clash = BadgeClass.objects.filter(slug=slug, organisation_id=owner)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            self.add_error("slug", f"{_owner_name(owner).capitalize()} “{slug}” already exists.")

    def _clean_validity(self, cleaned) -> None:
        valid_for = cleaned.get("valid_for_days")
        within = cleaned.get("recertify_within_days")
        if within is None:
            return
        if not valid_for:
            self.add_error(
                "recertify_within_days",
                "Recertification only applies to a badge that expires: set how many days "
                "it is valid for, or leave this empty.",
            )
        elif within >= valid_for:
            self.add_error(
                "recertify_within_days",
                f"The recertification window ({within} days) must be shorter than the "
                f"validity period ({valid_for} days).",
            )
        elif within == 0:
            self.add_error("recertify_within_days", "Leave this empty rather than 0.")

    # --- children -----------------------------------------------------------------------

    def _live_forms(self, name: str):
        formset = self.formsets.get(name)
        if formset is None:
            return []
        formset.is_valid()  # validates each child so its cleaned_data can be read here
        return [
            form
            for form in formset.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]

    def _check_framework(self, form, frameworks, owner) -> None:
        for field in ("item", "level"):
            target = form.cleaned_data.get(field)
            if target is not None and target.framework_id not in frameworks:
                form.add_error(
                    field,
                    f"“{target}” is from a framework {_owner_name(owner)} cannot use: "
                    "another council's own framework.",
                )

    def _clean_alignments(self, owner: int | None) -> None:
        # Listing a competence twice is caught by the formset's own unique check.
        frameworks = set(usable_frameworks(owner).values_list("pk", flat=True))
        for form in self._live_forms("alignments"):
            self._check_framework(form, frameworks, owner)

    def _clean_criteria(self, owner: int | None) -> None:
        forms = self._live_forms("criteria")
        frameworks = set(usable_frameworks(owner).values_list("pk", flat=True))
        course_ids = {f.cleaned_data["course"].pk for f in forms if f.cleaned_data.get("course")}
        allowed_courses = set(
            usable_courses(owner).filter(pk__in=course_ids).values_list("pk", flat=True)
        )
        badge_ids = {
            f.cleaned_data["required_badge"].pk
            for f in forms
            if f.cleaned_data.get("required_badge")
        }
        allowed_badges = set(
            usable_badges(owner).filter(pk__in=badge_ids).values_list("pk", flat=True)
        )
        for form in forms:
            data = form.cleaned_data
            course = data.get("course")
            if course is not None and course.pk not in allowed_courses:
                field = (
                    "activity" if data.get("kind") == Criterion.Kind.ACTIVITY_SCORE else "course"
                )
                form.add_error(
                    field,
                    f"“{course.title}” belongs to another council, so {_owner_name(owner)} "
                    "cannot use it. Choose one of this council's or the sector library's.",
                )
            badge = data.get("required_badge")
            if badge is not None and badge.pk not in allowed_badges:
                form.add_error(
                    "required_badge",
                    f"“{badge.name}” belongs to another council, so {_owner_name(owner)} "
                    "cannot require it.",
                )
            self._check_framework(form, frameworks, owner)
        self._refuse_loops(forms)

    def _refuse_loops(self, forms) -> None:
        requiring = {
            form.cleaned_data["required_badge"].pk: form
            for form in forms
            if form.cleaned_data.get("kind") == Criterion.Kind.BADGE_HELD
            and form.cleaned_data.get("required_badge")
        }
        if not requiring or not self.instance.pk:
            return
        chain = find_criteria_loop(badge_class=self.instance, required_badge_ids=requiring)
        if not chain:
            return
        names = " → ".join(f"“{badge.name}”" for badge in chain)
        message = (
            f"These rules would make a loop: {names}. No one could ever earn "
            "these badges, since each needs another first. Remove one of the "
            "“another badge held” rules in the loop."
        )
        self.add_error(None, message)
        first_step = requiring.get(chain[1].pk)
        if first_step is not None:
            first_step.add_error("required_badge", message)
