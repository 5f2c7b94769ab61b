"""Awards of badges to learners, the evidence behind each, and bulk re-evaluation runs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class BadgeAward(models.Model):
    """One award of a badge to a learner for one validity period.

    `cycle` counts the learner's awards of the badge (1, 2, ... on recertification); the
    unique constraint on it is what stops concurrent evaluations awarding twice.
    """

    class Method(models.TextChoices):
        AUTOMATIC = "automatic", "Criteria met"
        MANUAL = "manual", "Awarded by an administrator"
        PRIOR_LEARNING = "prior_learning", "Prior learning (backdated)"
        IMPORT = "import", "Imported from CSV"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    badge_class = models.ForeignKey(
        "badges.BadgeClass", on_delete=models.PROTECT, related_name="awards"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="badge_awards"
    )
    # The recipient's council at award time; empty for public (graduate) accounts.
    organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="badge_awards",
    )
    cycle = models.PositiveIntegerField(default=1)
    method = models.CharField(max_length=16, choices=Method.choices, default=Method.AUTOMATIC)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True, help_text="Why it was awarded by hand, if it was.")
    awarded_at = models.DateTimeField(default=timezone.now)
    valid_from = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revocation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-awarded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["badge_class", "recipient", "cycle"], name="badges_award_once_per_cycle"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "badge_class"]),
            models.Index(fields=["organisation", "awarded_at"]),
            models.Index(fields=["badge_class", "awarded_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.badge_class} to {self.recipient_id} (cycle {self.cycle})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, at=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (at or timezone.now())

    def is_current(self, at=None) -> bool:
        return not self.is_revoked and not self.is_expired(at)

    @property
    def status(self) -> str:
        if self.is_revoked:
            return "revoked"
        if self.is_expired():
            return "expired"
        return "valid"


class AwardEvidence(models.Model):
    """What satisfied an award's criteria: an event, a completion, a sign-off, a badge."""

    award = models.ForeignKey(BadgeAward, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(
        "badges.Criterion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    learning_event = models.ForeignKey(
        "records.LearningEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    course_completion = models.ForeignKey(
        "records.CourseCompletion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submission = models.ForeignKey(
        "badges.EvidenceSubmission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    self_assessment = models.ForeignKey(
        "badges.SelfAssessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    held_award = models.ForeignKey(
        BadgeAward, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.CharField(max_length=255)

    def __str__(self) -> str:
        return self.summary


class ReevaluationRun(models.Model):
    """A batched re-evaluation after criteria change, with progress the admin can show."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    badge_class = models.ForeignKey(
        "badges.BadgeClass", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    awarded = models.PositiveIntegerField(default=0)
    last_user_id = models.PositiveBigIntegerField(
        default=0, help_text="Where a resumed run carries on from."
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"re-evaluation {self.pk}: {self.processed}/{self.total} ({self.status})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.processed / self.total))
