"""Evidence a person provides for sign-off criteria, and self-assessments of competence."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from badges.models.storage import private_storage


class EvidenceSubmission(models.Model):
    """A learner's evidence for a sign-off criterion, waiting for (or given) a decision."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for sign-off"
        APPROVED = "approved", "Signed off"
        REJECTED = "rejected", "Not signed off"
        WITHDRAWN = "withdrawn", "Withdrawn"

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="evidence_submissions"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evidence_submissions"
    )
    badge_class = models.ForeignKey(
        "badges.BadgeClass", on_delete=models.PROTECT, related_name="submissions"
    )
    criterion = models.ForeignKey(
        "badges.Criterion", null=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    statement = models.TextField(help_text="What the learner did, in their own words.")
    file = models.FileField(storage=private_storage, upload_to="evidence/%Y/%m/", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    observation = models.TextField(blank=True, help_text="The signer's observation.")
    observation_file = models.FileField(
        storage=private_storage, upload_to="evidence/%Y/%m/", blank=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["learner", "badge_class"]),
        ]

    def __str__(self) -> str:
        return f"evidence from {self.learner_id} for {self.badge_class_id} ({self.status})"


class SelfAssessment(models.Model):
    """A learner's own rating of a competence; counts as evidenced once confirmed.

    Rows are kept as history: the newest one per learner and competence is current.
    """

    class Status(models.TextChoices):
        DECLARED = "declared", "Self-declared"
        CONFIRMED = "confirmed", "Confirmed by manager"
        REJECTED = "rejected", "Not confirmed"

    organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="self_assessments",
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="self_assessments"
    )
    item = models.ForeignKey(
        "badges.FrameworkItem", on_delete=models.PROTECT, related_name="self_assessments"
    )
    level = models.ForeignKey("badges.ProficiencyLevel", on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DECLARED)
    declared_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-declared_at"]
        indexes = [
            models.Index(fields=["learner", "item", "declared_at"]),
            models.Index(fields=["organisation", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id}: {self.item_id} at {self.level_id} ({self.status})"
