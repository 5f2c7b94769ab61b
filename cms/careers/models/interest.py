"""Interest registered from the careers pages, kept for a stated time, then deleted."""

from __future__ import annotations

from django.db import models


class InterestSubmission(models.Model):
    """Someone asking a council's HR team to tell them about a role.

    Personal data given with consent for a stated period: `retain_until` is fixed when it
    arrives, from the period the form showed, and a daily task deletes rows past it.
    """

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.CASCADE, related_name="careers_interest"
    )
    role = models.ForeignKey(
        "cms.RoleProfilePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interest",
    )
    # The role's title when they registered, kept if the page is later renamed or deleted.
    role_title = models.CharField(max_length=255, blank=True)
    name = models.CharField(max_length=150)
    email = models.EmailField()
    message = models.TextField(max_length=1000, blank=True)
    consent_text_version = models.CharField(max_length=20)
    retain_until = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.name}: {self.role_title or 'any role'}"
