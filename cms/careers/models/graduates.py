"""Roles a graduate (or anyone signed in) has saved to come back to."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SavedRole(models.Model):
    """Personal, not a council's record: a graduate has no council, and a member of staff
    saving a role is exploring a career, not doing their job."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_roles"
    )
    role = models.ForeignKey(
        "cms.RoleProfilePage", on_delete=models.CASCADE, related_name="saved_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="careers_saved_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} saved {self.role_id}"
