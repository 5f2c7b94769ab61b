"""What each job role should reach: a competence at a target level, mandatory or recommended."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class RoleRequirement(models.Model):
    """A target for a job role, or for every role when `job_role` is empty (the baseline).

    Rows without an organisation apply to every council; a council's own row for the
    same role and competence takes precedence over the sector row.
    """

    class Importance(models.TextChoices):
        MANDATORY = "mandatory", "Mandatory"
        RECOMMENDED = "recommended", "Recommended"

    organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_requirements",
    )
    job_role = models.ForeignKey(
        "people.JobRole",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="requirements",
        help_text="Leave empty for a baseline every member of staff should reach.",
    )
    item = models.ForeignKey(
        "badges.FrameworkItem", on_delete=models.CASCADE, related_name="role_requirements"
    )
    target_level = models.ForeignKey(
        "badges.ProficiencyLevel", on_delete=models.PROTECT, related_name="+"
    )
    importance = models.CharField(
        max_length=12, choices=Importance.choices, default=Importance.MANDATORY
    )
    due_within_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Days after the start date by which it should be met."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["job_role", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["job_role", "item"],
                condition=Q(organisation__isnull=True, job_role__isnull=False),
                name="badges_requirement_sector_once",
            ),
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(organisation__isnull=True, job_role__isnull=True),
                name="badges_requirement_sector_baseline_once",
            ),
            models.UniqueConstraint(
                fields=["organisation", "job_role", "item"],
                condition=Q(organisation__isnull=False, job_role__isnull=False),
                name="badges_requirement_org_once",
            ),
            models.UniqueConstraint(
                fields=["organisation", "item"],
                condition=Q(organisation__isnull=False, job_role__isnull=True),
                name="badges_requirement_org_baseline_once",
            ),
        ]

    def __str__(self) -> str:
        role = self.job_role or "Everyone"
        return f"{role}: {self.item.code} at {self.target_level.rank}"

    def clean(self) -> None:
        if (
            self.target_level_id
            and self.item_id
            and self.target_level.framework_id != self.item.framework_id
        ):
            raise ValidationError(
                {"target_level": "Choose a level from the competence's own framework."}
            )
        if (
            self.job_role_id
            and self.job_role.organisation_id
            and self.organisation_id != self.job_role.organisation_id
        ):
            raise ValidationError({"job_role": "That role belongs to another council."})
