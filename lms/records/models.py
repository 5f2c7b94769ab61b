"""The learning record: enrolments, progress rows and the append-only event log.

Progress rows hold the current state for fast pages; LearningEvent holds every change
for audit and time-range reports. Both are written in one transaction by services.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"


DONE_STATUSES = (ProgressStatus.COMPLETED, ProgressStatus.PASSED)


class Enrolment(models.Model):
    class Source(models.TextChoices):
        SELF = "self", "Self-enrolled"
        ASSIGNED = "assigned", "Assigned"
        TASTER = "taster", "Public taster"

    class Status(models.TextChoices):
        ACTIVE = "active", "In progress"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments"
    )
    # The learner's council when they enrolled; empty for public (graduate) accounts.
    organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="enrolments"
    )
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.SELF)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    last_lesson = models.ForeignKey(
        "courses.LessonPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="records_one_enrolment_each")
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["course", "status"]),
            models.Index(fields=["user", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.course}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.WITHDRAWN


class LessonProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lessons")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=12, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED
    )
    score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    time_spent_seconds = models.PositiveIntegerField(default=0)
    last_position = models.CharField(max_length=255, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="records_lesson_once")
        ]

    def __str__(self) -> str:
        return f"lesson {self.lesson_id}, enrolment {self.enrolment_id}: {self.status}"

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES


class ActivityProgress(models.Model):
    """State of one activity (H5P, SCORM, quiz block) in a lesson for one learner."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="activities")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="+")
    activity_key = models.CharField(max_length=64, help_text="The StreamField block id.")
    kind = models.CharField(max_length=12)
    status = models.CharField(
        max_length=12, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED
    )
    score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    best_score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    resume_state = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "activity_key"], name="records_activity_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.activity_key}, enrolment {self.enrolment_id}: {self.status}"


class AppendOnlyError(Exception):
    pass


class LearningEvent(models.Model):
    """One thing that happened, never changed or deleted (xAPI-like: actor, verb, object)."""

    class Verb(models.TextChoices):
        ENROLLED = "enrolled"
        WITHDRAWN = "withdrawn"
        VIEWED = "viewed"
        PROGRESSED = "progressed"
        ANSWERED = "answered"
        COMPLETED = "completed"
        PASSED = "passed"
        FAILED = "failed"
        SUSPENDED = "suspended"

    class Source(models.TextChoices):
        PAGE = "page"
        H5P = "h5p"
        SCORM = "scorm"
        QUIZ = "quiz"
        SYSTEM = "system"
        ADMIN = "admin"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="events")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.PROTECT, related_name="+")
    lesson = models.ForeignKey(
        "courses.LessonPage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    activity_key = models.CharField(max_length=64, blank=True)
    verb = models.CharField(max_length=16, choices=Verb.choices)
    source = models.CharField(max_length=8, choices=Source.choices)
    result = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "occurred_at"]),
            models.Index(fields=["user", "occurred_at"]),
            models.Index(fields=["course", "verb", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.verb} course {self.course_id} at {self.occurred_at}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Learning events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Learning events are append-only and cannot be deleted.")


class CourseCompletion(models.Model):
    """A completion of a course: the outbox that badges and certificates read.

    Each recompletion is a new row (number 2, 3, ...), so certificates can be reissued.
    """

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="completions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    course = models.ForeignKey("courses.CoursePage", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(default=1)
    score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    completed_at = models.DateTimeField()
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "number"], name="records_completion_number_once"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "completed_at"]),
            models.Index(
                fields=["announced_at"],
                name="records_unannounced",
                condition=Q(announced_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"completion {self.number} of course {self.course_id} by {self.user_id}"
