"""Competency frameworks in a CASE-like shape: a document, its items and their associations.

Items keep the publisher's stable codes (DigComp "4.2") and a UUID identifier, so a
framework exported here and imported elsewhere lines up item for item.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class Framework(models.Model):
    """A framework document (CASE CFDocument). Shipped ones have no organisation."""

    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(
        max_length=60,
        unique=True,
        help_text="Short stable code used in exports and course metadata, e.g. digcomp.",
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="frameworks",
        help_text="Leave empty for a framework shared by every council.",
    )
    title = models.CharField(max_length=200)
    version = models.CharField(max_length=40, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    licence = models.CharField(max_length=120, blank=True, help_text="e.g. CC BY 4.0")
    licence_url = models.URLField(blank=True)
    attribution = models.TextField(
        blank=True, help_text="The attribution statement the licence asks us to show."
    )
    source_url = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return f"{self.title} {self.version}".strip()


class ProficiencyLevel(models.Model):
    """One step of a framework's proficiency scale; `rank` orders the scale from 1."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    rank = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=120)
    band = models.CharField(
        max_length=60, blank=True, help_text="e.g. Foundation, Intermediate, Advanced."
    )
    description = models.TextField(blank=True)
    is_proficient = models.BooleanField(
        default=False, help_text="Whether holding this level counts as proficient."
    )

    class Meta:
        ordering = ["framework", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "rank"], name="badges_level_rank_once"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="badges_level_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}: {self.name}"


class FrameworkItem(models.Model):
    """An area, competence or statement of a framework (CASE CFItem)."""

    class Kind(models.TextChoices):
        AREA = "area", "Competence area"
        COMPETENCE = "competence", "Competence"
        SKILL = "skill", "Skill"
        STATEMENT = "statement", "Statement"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COMPETENCE)
    code = models.CharField(max_length=40, help_text="The publisher's id, e.g. 4.2")
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="badges_item_code_once")
        ]
        indexes = [models.Index(fields=["framework", "kind"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.parent.framework_id != self.framework_id:
            raise ValidationError({"parent": "The parent must belong to the same framework."})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": "An item cannot sit inside itself."})
            ancestor = ancestor.parent


class FrameworkAssociation(models.Model):
    """A typed link between two items, possibly across frameworks (CASE CFAssociation)."""

    class Type(models.TextChoices):
        IS_CHILD_OF = "isChildOf", "is child of"
        EXACT_MATCH_OF = "exactMatchOf", "exact match of"
        IS_RELATED_TO = "isRelatedTo", "is related to"
        IS_PART_OF = "isPartOf", "is part of"
        PRECEDES = "precedes", "precedes"

    identifier = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    origin = models.ForeignKey(
        FrameworkItem, on_delete=models.CASCADE, related_name="associations_out"
    )
    destination = models.ForeignKey(
        FrameworkItem, on_delete=models.CASCADE, related_name="associations_in"
    )
    association_type = models.CharField(max_length=20, choices=Type.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["origin", "destination", "association_type"],
                name="badges_association_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.origin} {self.association_type} {self.destination}"
