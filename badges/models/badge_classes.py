"""Badge classes, their alignment to competences and the criteria that earn them.

Criteria are rules in numbered groups: every rule in a group must hold (AND) and any
one group is enough (OR). Numbered groups keep the whole rule set editable in one
admin form, which nested inline panels would not.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable


class BadgeClass(ClusterableModel):
    organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="badge_classes",
        help_text="Leave empty for a badge any council's staff (and graduates) can earn.",
    )
    slug = models.SlugField(max_length=100)
    name = models.CharField(max_length=120)
    description = models.TextField(max_length=1000)
    image = models.FileField(
        upload_to="badges/images/",
        blank=True,
        help_text="PNG or SVG, square, at least 200 pixels. Checked and cleaned on upload.",
    )
    criteria_narrative = models.TextField(
        help_text="How to earn it, in plain English; shown to learners and in the credential."
    )
    valid_for_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Leave empty if the badge never expires."
    )
    recertify_within_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="How many days before expiry meeting the criteria again renews the badge.",
    )
    issues_certificate = models.BooleanField(
        default=True, help_text="Whether an award also produces a PDF certificate."
    )
    is_active = models.BooleanField(
        default=True, help_text="Inactive badges are not awarded automatically."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "badge"
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(organisation__isnull=True),
                name="badges_class_sector_slug_once",
            ),
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="badges_class_org_slug_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BadgeAlignment(Orderable):
    """The competence (and level) a badge evidences: OB 3.0 alignment, targetType CFItem."""

    badge_class = ParentalKey(BadgeClass, on_delete=models.CASCADE, related_name="alignments")
    item = models.ForeignKey(
        "badges.FrameworkItem", on_delete=models.PROTECT, related_name="badge_alignments"
    )
    level = models.ForeignKey(
        "badges.ProficiencyLevel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["badge_class", "item"], name="badges_alignment_once")
        ]

    def __str__(self) -> str:
        level = f" at {self.level.rank}" if self.level_id else ""
        return f"{self.item.code}{level}"

    def clean(self) -> None:
        if self.level_id and self.item_id and self.level.framework_id != self.item.framework_id:
            raise ValidationError({"level": "Choose a level from the competence's framework."})


class Criterion(Orderable):
    class Kind(models.TextChoices):
        COURSE_COMPLETED = "course_completed", "Course completed"
        ACTIVITY_SCORE = "activity_score", "Score in an activity (quiz, H5P or SCORM)"
        BADGE_HELD = "badge_held", "Another badge held"
        SIGN_OFF = "sign_off", "Manager or assessor sign-off with evidence"
        SELF_ASSESSMENT = "self_assessment", "Self-assessment confirmed by the manager"

    class Signer(models.TextChoices):
        MANAGER = "manager", "Line manager"
        ASSESSOR = "assessor", "Line manager or an HR/L&D assessor"

    badge_class = ParentalKey(BadgeClass, on_delete=models.CASCADE, related_name="criteria")
    group = models.PositiveSmallIntegerField(
        default=1,
        help_text="Rules with the same group number must all be met; any one group earns it.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # A target deleted from under a rule makes the rule unmeetable rather than vanish,
    # so a badge never becomes easier to earn by accident.
    course = models.ForeignKey(
        "courses.CoursePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activity_key = models.CharField(
        max_length=64, blank=True, help_text="The activity block in the lesson."
    )
    min_score = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Lowest qualifying score, from 0 to 1 (0.8 is 80%).",
    )
    required_badge = models.ForeignKey(
        BadgeClass, null=True, blank=True, on_delete=models.SET_NULL, related_name="required_by"
    )
    item = models.ForeignKey(
        "badges.FrameworkItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.ForeignKey(
        "badges.ProficiencyLevel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signer = models.CharField(max_length=10, choices=Signer.choices, default=Signer.MANAGER)
    instructions = models.TextField(
        blank=True, help_text="What the learner should show, and what the signer should check."
    )

    class Meta(Orderable.Meta):
        verbose_name_plural = "criteria"
        indexes = [
            models.Index(fields=["kind", "course"]),
            models.Index(fields=["kind", "required_badge"]),
        ]

    def __str__(self) -> str:
        return f"group {self.group}: {self.get_kind_display()}"
