from cms.careers.models.graduates import SavedRole
from cms.careers.models.interest import InterestSubmission
from cms.careers.models.pages import (
    CareersIndexPage,
    PathwayPage,
    RelatedRole,
    RoleBadge,
    RoleProfilePage,
    RoleSkill,
    StoryPage,
)

__all__ = [
    "CareersIndexPage",
    "InterestSubmission",
    "PathwayPage",
    "RelatedRole",
    "RoleBadge",
    "RoleProfilePage",
    "RoleSkill",
    "SavedRole",
    "StoryPage",
]
