"""Who did what to badges and awards, and when: append-only."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    pass


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        AWARDED = "awarded", "Awarded"
        REVOKED = "revoked", "Revoked"
        EXPIRED = "expired", "Expired"
        CRITERIA_CHANGED = "criteria_changed", "Criteria changed"
        BADGE_CREATED = "badge_created", "Badge created"
        BADGE_CHANGED = "badge_changed", "Badge changed"
        EVIDENCE_SIGNED_OFF = "signed_off", "Evidence signed off"
        EVIDENCE_REJECTED = "evidence_rejected", "Evidence not signed off"
        SELF_ASSESSMENT_CONFIRMED = "self_confirmed", "Self-assessment confirmed"
        REEVALUATION = "reevaluation", "Re-evaluation run"
        KEY_ROTATED = "key_rotated", "Signing key rotated"

    organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    badge_class = models.ForeignKey(
        "badges.BadgeClass", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    award = models.ForeignKey(
        "badges.BadgeAward", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["organisation", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} by {self.actor_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted.")
