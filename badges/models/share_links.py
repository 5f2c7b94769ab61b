"""Public links a learner hands out to show their current badges."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q


def new_share_token() -> str:
    # 32 random bytes: the link is the only credential, so it must not be guessable.
    return secrets.token_urlsafe(32)


class ShareLink(models.Model):
    """A capability URL: whoever holds it sees the learner's name and current badges.

    Revoking keeps the row (so an old link keeps answering "not found" rather than
    pointing at a new one); a learner has at most one live link at a time.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badge_share_links"
    )
    token = models.CharField(max_length=64, unique=True, default=new_share_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="badges_one_live_share_link",
            )
        ]

    def __str__(self) -> str:
        return f"share link of {self.user_id}{' (revoked)' if self.revoked_at else ''}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None
