"""SCORM runtime data, kept per learner, SCO and attempt."""

from __future__ import annotations

from django.db import models


class ScormAttempt(models.Model):
    """One attempt at one SCO. `state` is the runtime data model as
    courses.scorm.runtime keeps it; `session` counts launches within the attempt."""

    enrolment = models.ForeignKey(
        "records.Enrolment", on_delete=models.PROTECT, related_name="scorm_attempts"
    )
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.PROTECT, related_name="+")
    activity_key = models.CharField(max_length=64)
    package = models.ForeignKey(
        "courses.ContentPackage", on_delete=models.PROTECT, related_name="attempts"
    )
    sco_identifier = models.CharField(max_length=255)
    number = models.PositiveIntegerField(default=1)
    state = models.JSONField(default=dict)
    session = models.PositiveIntegerField(default=0)
    has_ended = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "activity_key", "sco_identifier", "number"],
                name="courses_scorm_attempt_once",
            )
        ]
        indexes = [models.Index(fields=["enrolment", "activity_key"])]

    def __str__(self) -> str:
        return f"attempt {self.number} at {self.sco_identifier} (enrolment {self.enrolment_id})"
