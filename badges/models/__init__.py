"""Badge engine models, one concern per module; imported here so Django finds them."""

from badges.models.audit import AuditEntry
from badges.models.awards import AwardEvidence, BadgeAward, ReevaluationRun
from badges.models.badge_classes import BadgeAlignment, BadgeClass, Criterion
from badges.models.credentials import IssuedCredential, SigningKey
from badges.models.evidence import EvidenceSubmission, SelfAssessment
from badges.models.frameworks import (
    Framework,
    FrameworkAssociation,
    FrameworkItem,
    ProficiencyLevel,
)
from badges.models.requirements import RoleRequirement
from badges.models.share_links import ShareLink

__all__ = [
    "AuditEntry",
    "AwardEvidence",
    "BadgeAlignment",
    "BadgeAward",
    "BadgeClass",
    "Criterion",
    "EvidenceSubmission",
    "Framework",
    "FrameworkAssociation",
    "FrameworkItem",
    "IssuedCredential",
    "ProficiencyLevel",
    "ReevaluationRun",
    "RoleRequirement",
    "SelfAssessment",
    "ShareLink",
    "SigningKey",
]
