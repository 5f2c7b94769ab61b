"""Bulk certificate jobs: one ZIP of a department's or a course's certificates."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lms.certificates.models.certificates import private_storage


class BulkCertificateJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        DONE = "done", "Ready to download"
        FAILED = "failed", "Failed"

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.CASCADE, related_name="certificate_jobs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificate_jobs"
    )
    # A manager's job covers only their reporting line, whatever they chose.
    as_manager = models.BooleanField(default=False)
    department = models.ForeignKey(
        "people.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    course = models.ForeignKey(
        "courses.CoursePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.CharField(max_length=300)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    included = models.PositiveIntegerField(default=0)
    left_out = models.JSONField(
        default=list, blank=True, help_text="Certificates that could not be made, and why."
    )
    error = models.TextField(blank=True)
    archive = models.FileField(storage=private_storage, upload_to="certificate-zips/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "created_at"])]

    def __str__(self) -> str:
        return f"{self.description}: {self.processed}/{self.total} ({self.status})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.processed / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
