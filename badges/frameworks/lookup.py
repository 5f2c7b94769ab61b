"""Finding framework items by the codes people and course metadata use ("digcomp", "4.2")."""

from __future__ import annotations

from badges.models import FrameworkItem, ProficiencyLevel


def resolve_competence(*, framework_code: str, code: str) -> FrameworkItem | None:
    """The item with this publisher code in the framework with this code, or None."""
    return (
        FrameworkItem.objects.select_related("framework")
        .filter(framework__code=framework_code, code=code)
        .first()
    )


def resolve_level(*, framework_code: str, rank: int) -> ProficiencyLevel | None:
    return ProficiencyLevel.objects.filter(framework__code=framework_code, rank=rank).first()
