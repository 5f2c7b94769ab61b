"""Each council's certificate design, and the courses it gives no certificate for.

A design belongs to one council; a council without one gets the built-in design in its
brand colour (see CertificateDesign.for_organisation). Editors change it in the admin
and preview it as a PDF rendered from sample data.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.models import Orderable

from lms.people.colours import contrast_ratio_with_white

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _check_colour(value: str, *, minimum: float, used_for: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError("Enter a colour as # followed by six hex digits, e.g. #1d4f91.")
    ratio = contrast_ratio_with_white(value)
    if ratio < minimum:
        raise ValidationError(
            f"{value} on white paper has a contrast ratio of {ratio:.1f}:1; {used_for} "
            f"needs at least {minimum:g}:1 (WCAG 2.2 AA). Choose a darker colour."
        )


def validate_text_colour(value: str) -> None:
    # Headings and the learner's name are printed in the main colour: text, so 4.5:1.
    _check_colour(value, minimum=4.5, used_for="text")


def validate_accent_colour(value: str) -> None:
    # The accent only draws the border and rules: graphics, so 3:1.
    _check_colour(value, minimum=3.0, used_for="a border")


class CertificateDesign(ClusterableModel):
    class NameOnVerification(models.TextChoices):
        FULL = "full", "Full name"
        INITIALS = "initials", "Initials only"

    class Language(models.TextChoices):
        ENGLISH = "en-GB", "English"
        WELSH = "cy", "Welsh"
        IRISH = "ga", "Irish"
        GAELIC = "gd", "Scottish Gaelic"

    organisation = models.OneToOneField(
        "people.Organisation", on_delete=models.CASCADE, related_name="certificate_design"
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    main_colour = models.CharField(
        max_length=7,
        default="#1d4f91",
        validators=[validate_text_colour],
        help_text="Headings and the learner's name. Must be dark enough to read on white.",
    )
    accent_colour = models.CharField(
        max_length=7,
        default="#00703c",
        validators=[validate_accent_colour],
        help_text="The border and dividing lines.",
    )
    course_heading = models.CharField(max_length=80, default="Certificate of completion")
    course_wording = models.CharField(max_length=160, default="has successfully completed")
    badge_heading = models.CharField(max_length=80, default="Certificate of achievement")
    badge_wording = models.CharField(max_length=160, default="has been awarded the badge")
    closing_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="An optional line under the achievement, e.g. a thank-you from the council.",
    )
    signatory_name = models.CharField(max_length=120, blank=True)
    signatory_title = models.CharField(max_length=160, blank=True)
    signature_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(
        max_length=8,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text="The language of your wording: stored in the PDF for screen readers.",
    )
    name_on_verification = models.CharField(
        max_length=8,
        choices=NameOnVerification.choices,
        default=NameOnVerification.FULL,
        help_text="What the public verification page shows of the learner's name.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        HelpPanel(
            content=(
                "<p>How your council's certificates look. Save, then use "
                "<strong>Preview PDF</strong> in the listing (or the preview panel) to see a "
                "certificate made from sample data. New certificates use the saved design; "
                "certificates already issued keep the design they were made with.</p>"
            )
        ),
        FieldPanel("organisation"),
        MultiFieldPanel(
            [
                FieldPanel("logo"),
                FieldRowPanel([FieldPanel("main_colour"), FieldPanel("accent_colour")]),
            ],
            heading="Branding",
        ),
        MultiFieldPanel(
            [
                FieldPanel("language"),
                FieldRowPanel([FieldPanel("course_heading"), FieldPanel("course_wording")]),
                FieldRowPanel([FieldPanel("badge_heading"), FieldPanel("badge_wording")]),
                FieldPanel("closing_text"),
            ],
            heading="Wording",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("signatory_name"), FieldPanel("signatory_title")]),
                FieldPanel("signature_image"),
            ],
            heading="Signatory",
        ),
        FieldPanel("name_on_verification"),
        InlinePanel(
            "courses_without_certificate",
            heading="Courses without a certificate",
            label="Course",
            help_text="Completing these courses gives your staff no certificate.",
        ),
    ]

    class Meta:
        verbose_name = "certificate design"

    def __str__(self) -> str:
        return f"Certificate design: {self.organisation}"

    @classmethod
    def for_organisation(cls, organisation) -> CertificateDesign:
        """The council's saved design, or the built-in one (unsaved) in its colours."""
        if organisation is None:
            return cls()
        design = cls.objects.select_related("logo", "signature_image").filter(
            organisation=organisation
        )
        return design.first() or cls.built_in(organisation)

    @classmethod
    def loaded_with(cls, organisation) -> CertificateDesign:
        """The council's design as select_related("organisation__certificate_design")
        brought it with a certificate (no query), or the built-in one if it has none."""
        if organisation is None:
            return cls.built_in(None)
        try:
            return organisation.certificate_design
        except cls.DoesNotExist:
            return cls.built_in(organisation)

    @classmethod
    def built_in(cls, organisation) -> CertificateDesign:
        """The design of a council that has saved none: the defaults in its brand colour
        (if dark enough to read). No query, for callers that already know there is none."""
        if organisation is None:
            return cls()
        colour = organisation.brand_colour
        if not HEX_COLOUR.match(colour or "") or contrast_ratio_with_white(colour) < 4.5:
            colour = cls._meta.get_field("main_colour").default
        return cls(organisation=organisation, main_colour=colour)

    def heading_for(self, kind: str) -> str:
        return self.badge_heading if kind == "badge" else self.course_heading

    def wording_for(self, kind: str) -> str:
        return self.badge_wording if kind == "badge" else self.course_wording


class CourseWithoutCertificate(Orderable):
    design = ParentalKey(
        CertificateDesign, on_delete=models.CASCADE, related_name="courses_without_certificate"
    )
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("course", page_type="courses.CoursePage")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["design", "course"], name="certificates_course_off_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.course)
