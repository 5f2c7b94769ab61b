"""Uploaded H5P and SCORM packages: reusable content that lessons point at."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


def package_storage():
    # A named storage so production can point packages at private object storage.
    return storages["packages"]


def upload_path(instance: ContentPackage, filename: str) -> str:
    return f"uploads/{instance.uid}/{filename[-100:]}"


class ContentPackage(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        H5P = "h5p", "H5P"
        SCORM = "scorm", "SCORM"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be checked"
        PROCESSING = "processing", "Being checked"
        READY = "ready", "Ready"
        REJECTED = "rejected", "Rejected"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    title = models.CharField(max_length=200)
    owning_council = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="content_packages",
        help_text="Empty: part of the sector library.",
    )
    source = models.FileField(upload_to=upload_path, storage=package_storage, max_length=255)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    # Where the unpacked files live in package storage; set only once unpacking succeeded.
    content_prefix = models.CharField(max_length=120, blank=True)
    # What validation learned (SCORM version and SCOs, H5P main library...).
    manifest = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    # Which processing run owns the package while it is being checked, and since when:
    # a second run (a redelivered or re-queued task) only takes over a claim gone stale.
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("owning_council"),
        FieldPanel("source"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "status"])]
        # H5P runs its own JavaScript, so uploading it is a separate, deliberate grant.
        permissions = [
            ("upload_h5p", "Can upload H5P packages"),
            ("upload_scorm", "Can upload SCORM packages"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY
