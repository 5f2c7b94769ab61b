"""Open Badges 3.0 signing keys per issuer and the credentials issued with them."""

from __future__ import annotations

from django.db import models


class SigningKey(models.Model):
    """A council's (or, with no organisation, the platform's) credential signing key.

    A rotated key stops signing but stays published in the JWKS, so credentials it
    signed remain verifiable.
    """

    organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_keys",
    )
    kid = models.CharField(max_length=100, unique=True)
    algorithm = models.CharField(max_length=16, default="EdDSA")
    public_jwk = models.JSONField()
    # Encrypted at rest with a key derived from settings; never leaves the server.
    private_key = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "retired_at"])]

    def __str__(self) -> str:
        return self.kid

    @property
    def is_active(self) -> bool:
        return self.retired_at is None


class IssuedCredential(models.Model):
    """The signed OpenBadgeCredential for one award (VC-JWT). Its pk is its status-list index."""

    award = models.OneToOneField(
        "badges.BadgeAward", on_delete=models.PROTECT, related_name="credential"
    )
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="+")
    credential_id = models.CharField(max_length=255, unique=True)
    payload = models.JSONField(help_text="The unsigned credential, as signed.")
    jwt = models.TextField()
    issued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.credential_id
