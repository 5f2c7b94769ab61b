"""Issued certificates: one per course completion or badge award, with what was printed.

The snapshot fields hold the text as it went on the PDF, so the verification page says
what the paper says even after a course is renamed or a learner changes their name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lms.certificates.codes import new_code


def private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class RenderStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be made"
    RENDERED = "rendered", "Ready"
    FAILED = "failed", "Could not be made"


class Certificate(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", "Course completion"
        BADGE = "badge", "Badge"

    organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
        help_text="The issuing council; empty for public (graduate) accounts.",
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    course_completion = models.ForeignKey(
        "records.CourseCompletion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    badge_award = models.ForeignKey(
        "badges.BadgeAward",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    # What the certificate is for, kept beside the source row so that "the current
    # certificate for this course/badge" and bulk selections are one indexed query.
    course = models.ForeignKey(
        "courses.CoursePage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    badge_class = models.ForeignKey(
        "badges.BadgeClass", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(max_length=14, unique=True, default=new_code, editable=False)

    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    # The snapshot: filled in when the PDF is made, frozen once it is.
    learner_name = models.CharField(max_length=300, blank=True)
    achievement_title = models.CharField(max_length=300, blank=True)
    competences = models.JSONField(
        default=list, blank=True, help_text="[{code, title, level}] as printed."
    )
    level = models.CharField(max_length=120, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    issuer_name = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=16, default="en-GB")

    pdf = models.FileField(storage=private_storage, upload_to="certificates/", blank=True)
    render_status = models.CharField(
        max_length=8, choices=RenderStatus.choices, default=RenderStatus.PENDING
    )
    render_error = models.TextField(blank=True)
    render_attempts = models.PositiveIntegerField(default=0)
    rendered_at = models.DateTimeField(null=True, blank=True)

    # The learner is told once by email; the notice on My learning stays until they look.
    emailed_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course_completion"],
                condition=Q(course_completion__isnull=False),
                name="certificates_one_per_completion",
            ),
            models.UniqueConstraint(
                fields=["badge_award"],
                condition=Q(badge_award__isnull=False),
                name="certificates_one_per_award",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="course",
                        course_completion__isnull=False,
                        badge_award__isnull=True,
                    )
                    | Q(kind="badge", badge_award__isnull=False, course_completion__isnull=True)
                ),
                name="certificates_kind_matches_source",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "created_at"]),
            models.Index(fields=["learner", "created_at"]),
            models.Index(fields=["organisation", "render_status"]),
            models.Index(fields=["course", "learner"]),
            models.Index(fields=["badge_class", "learner"]),
        ]

    def __str__(self) -> str:
        return f"{self.achievement_title or self.get_kind_display()} ({self.code})"

    @property
    def is_rendered(self) -> bool:
        return self.render_status == RenderStatus.RENDERED and bool(self.pdf)

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None

    def download_name(self) -> str:
        from django.utils.text import slugify

        title = slugify(self.achievement_title)[:60] or self.kind
        return f"certificate-{title}-{self.code}.pdf"
