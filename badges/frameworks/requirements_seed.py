"""The sector's starting matrix of role requirements: a baseline for everyone plus role targets.

DRAFT FOR COUNCILS TO ADJUST. The targets below are a reasoned starting point, not
an official standard: the roles named in the domain notes use those targets, the
rest are our judgement of what each job needs day to day. A council changes them by
adding its own rows in the admin (they take precedence over these sector rows), so
this seed never overwrites a row that already exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.db import transaction

from badges.models import Framework, FrameworkItem, ProficiencyLevel, RoleRequirement
from lms.people.models import JobRole

M, R = RoleRequirement.Importance.MANDATORY, RoleRequirement.Importance.RECOMMENDED
BASELINE_DUE_DAYS = 90
ROLE_MANDATORY_DUE_DAYS = 180
ROLE_RECOMMENDED_DUE_DAYS = 365


class Target(NamedTuple):
    code: str
    level: int
    importance: str


def _targets(*entries: tuple[str, int, str]) -> tuple[Target, ...]:
    return tuple(Target(*entry) for entry in entries)


# Everyone: the Essential Digital Skills "for work" in all five skills, plus
# protecting devices and personal data at DigComp level 3.
EDS_WORK_SKILLS = (
    "communicating",
    "handling-information",
    "transacting",
    "problem-solving",
    "safe-and-legal",
)
EDS_WORK_LEVEL = 3  # "Meets for work" on the shipped EDS scale
BASELINE_DIGCOMP = _targets(("4.1", 3, M), ("4.2", 3, M))

# Role slug (lms/people/seed_data.py) -> DigComp competence, target level, importance.
ROLE_TARGETS: dict[str, tuple[Target, ...]] = {
    # Adults and health
    "adult-social-worker": _targets(("4.2", 5, M), ("1.3", 4, M), ("2.1", 4, R), ("5.2", 4, R)),
    "occupational-therapist": _targets(("4.2", 4, M), ("5.2", 4, M), ("2.1", 3, R), ("1.3", 3, R)),
    "care-worker": _targets(("2.1", 2, M), ("1.3", 2, M), ("5.1", 2, R)),
    "social-care-assessor": _targets(("4.2", 4, M), ("1.3", 4, M), ("2.1", 3, R), ("2.3", 4, R)),
    "public-health-practitioner": _targets(
        ("1.2", 5, M), ("1.3", 5, M), ("3.2", 4, R), ("2.2", 4, R)
    ),
    # Children and families
    "childrens-social-worker": _targets(("4.2", 5, M), ("2.2", 4, M), ("2.6", 4, R), ("1.2", 4, R)),
    "family-support-worker": _targets(("4.2", 4, M), ("2.1", 4, M), ("2.6", 3, R), ("4.3", 4, R)),
    "send-caseworker": _targets(("4.2", 4, M), ("1.3", 4, M), ("2.4", 4, R), ("2.2", 4, R)),
    # Housing and communities
    "housing-officer": _targets(("4.2", 4, M), ("1.3", 3, M), ("2.3", 4, R), ("2.1", 3, R)),
    "housing-options-officer": _targets(("4.2", 5, M), ("2.3", 4, M), ("1.3", 4, R), ("1.1", 4, R)),
    "library-assistant": _targets(("2.3", 5, M), ("5.4", 4, R), ("5.1", 4, R)),
    "leisure-assistant": _targets(("2.3", 3, M), ("5.1", 2, R)),
    "community-development-officer": _targets(
        ("2.3", 5, M), ("2.4", 4, R), ("3.1", 4, R), ("2.5", 4, R)
    ),
    # Place and environment
    "planning-officer": _targets(("1.3", 5, M), ("2.3", 5, M), ("1.2", 5, R), ("3.2", 4, R)),
    "building-control-surveyor": _targets(("1.3", 4, M), ("3.1", 3, R), ("5.1", 3, R)),
    "highways-inspector": _targets(("1.3", 4, M), ("3.1", 3, R), ("5.1", 3, R)),
    "environmental-health-officer": _targets(
        ("4.2", 4, M), ("1.3", 5, M), ("1.2", 4, R), ("3.3", 3, R)
    ),
    "trading-standards-officer": _targets(
        ("1.2", 5, M), ("4.1", 4, M), ("1.3", 5, R), ("2.6", 4, R)
    ),
    "waste-crew-operative": _targets(("2.1", 2, M), ("5.1", 2, M)),
    "waste-supervisor": _targets(("2.1", 2, M), ("5.1", 2, M), ("1.3", 3, M)),
    "school-crossing-patrol": _targets(("2.1", 2, R)),
    "parks-operative": _targets(("1.3", 2, M), ("2.1", 2, R), ("5.1", 2, R)),
    # Customer and revenues
    "customer-services-adviser": _targets(
        ("2.3", 5, M), ("4.2", 4, M), ("2.1", 4, R), ("1.1", 4, R)
    ),
    "revenues-and-benefits-officer": _targets(
        ("4.2", 5, M), ("1.3", 4, M), ("1.2", 4, R), ("2.3", 4, R)
    ),
    # Corporate and support
    "hr-adviser": _targets(("4.2", 5, M), ("1.3", 5, M), ("5.4", 6, R)),
    "finance-officer": _targets(("1.3", 5, M), ("1.2", 5, M), ("3.2", 4, R), ("4.1", 4, R)),
    "legal-officer": _targets(("4.2", 5, M), ("1.3", 5, M), ("3.3", 5, R), ("1.2", 5, R)),
    "procurement-officer": _targets(("2.3", 4, M), ("1.2", 4, M), ("3.3", 4, R), ("4.2", 4, R)),
    "communications-officer": _targets(
        ("3.1", 5, M), ("2.5", 5, M), ("3.3", 5, M), ("2.6", 5, R), ("5.2", 4, R)
    ),
    "business-support-officer": _targets(
        ("1.3", 4, M), ("2.4", 4, R), ("3.1", 3, R), ("5.1", 3, R)
    ),
    # Digital, data and ICT
    "ict-service-desk-analyst": _targets(
        ("5.1", 6, M), ("4.1", 5, M), ("5.2", 5, R), ("2.1", 4, R)
    ),
    "data-analyst": _targets(("1.3", 6, M), ("1.2", 6, M), ("4.2", 5, M), ("3.4", 4, R)),
    "business-analyst": _targets(("5.2", 6, M), ("5.3", 5, R), ("2.4", 5, R), ("1.3", 5, R)),
    "cyber-security-analyst": _targets(("4.1", 7, M), ("4.2", 6, M), ("5.1", 6, R), ("3.4", 4, R)),
    # Leadership and democracy. Councillors are elected, not employed: a council can
    # encourage their learning but rarely require it, so their targets are recommended.
    "councillor": _targets(("2.6", 4, R), ("2.5", 4, R), ("1.2", 5, R), ("5.2", 4, R)),
    "senior-leader": _targets(("5.2", 5, M), ("5.4", 5, R), ("1.2", 5, R), ("2.6", 4, R)),
    "head-of-service": _targets(("5.2", 5, M), ("5.4", 5, R), ("5.3", 4, R), ("1.2", 4, R)),
    "team-leader": _targets(("5.4", 4, M), ("2.4", 4, R), ("1.3", 4, R)),
    "democratic-services-officer": _targets(
        ("2.3", 4, M), ("2.4", 4, R), ("3.1", 4, R), ("5.1", 4, R)
    ),
    "electoral-services-officer": _targets(("4.2", 5, M), ("1.3", 4, M), ("2.3", 4, R)),
}


class RequirementSeedError(RuntimeError):
    """The frameworks or job roles the matrix refers to are not loaded."""


@dataclass
class RequirementSeedResult:
    created: int
    total: int
    roles: int


def _due_days(importance: str) -> int:
    return ROLE_MANDATORY_DUE_DAYS if importance == M else ROLE_RECOMMENDED_DUE_DAYS


@transaction.atomic
def seed_role_requirements() -> RequirementSeedResult:
    """Create the sector rows that are missing; rows already there (perhaps edited) stay."""
    items, levels = _framework_lookup()
    roles = {
        role.slug: role
        for role in JobRole.objects.filter(organisation__isnull=True, slug__in=ROLE_TARGETS)
    }
    missing = sorted(set(ROLE_TARGETS) - set(roles))
    if missing:
        raise RequirementSeedError(
            f"Sector job roles missing: {', '.join(missing)}. Run `manage.py seed_job_roles`."
        )
    wanted = [(None, "eds", code, EDS_WORK_LEVEL, M, BASELINE_DUE_DAYS) for code in EDS_WORK_SKILLS]
    wanted += [
        (None, "digcomp", t.code, t.level, t.importance, BASELINE_DUE_DAYS)
        for t in BASELINE_DIGCOMP
    ]
    for slug, targets in ROLE_TARGETS.items():
        wanted += [
            (roles[slug], "digcomp", t.code, t.level, t.importance, _due_days(t.importance))
            for t in targets
        ]
    sector_rows = RoleRequirement.objects.filter(organisation__isnull=True)
    existing = set(sector_rows.values_list("job_role_id", "item_id"))
    new_rows = [
        RoleRequirement(
            organisation=None,
            job_role=role,
            item=items[framework, code],
            target_level=levels[framework, rank],
            importance=importance,
            due_within_days=due,
        )
        for role, framework, code, rank, importance, due in wanted
        if (role.pk if role else None, items[framework, code].pk) not in existing
    ]
    RoleRequirement.objects.bulk_create(new_rows)
    return RequirementSeedResult(created=len(new_rows), total=len(wanted), roles=len(roles))


def _framework_lookup():
    frameworks = {
        f.code: f for f in Framework.objects.filter(code__in=("digcomp", "eds"), organisation=None)
    }
    if set(frameworks) != {"digcomp", "eds"}:
        raise RequirementSeedError(
            "The shipped frameworks are not loaded. Run `manage.py load_frameworks` first."
        )
    in_shipped = {"framework__in": frameworks.values()}
    items = {
        (item.framework.code, item.code): item
        for item in FrameworkItem.objects.filter(**in_shipped).select_related("framework")
    }
    levels = {
        (level.framework.code, level.rank): level
        for level in ProficiencyLevel.objects.filter(**in_shipped).select_related("framework")
    }
    all_targets = [t for targets in (*ROLE_TARGETS.values(), BASELINE_DIGCOMP) for t in targets]
    needed = {("eds", code) for code in EDS_WORK_SKILLS} | {
        ("digcomp", t.code) for t in all_targets
    }
    missing = sorted(f"{fw}:{code}" for fw, code in needed - set(items))
    missing += sorted(
        f"digcomp level {rank}"
        for rank in {t.level for t in all_targets}
        if ("digcomp", rank) not in levels
    )
    if ("eds", EDS_WORK_LEVEL) not in levels:
        missing.append(f"eds level {EDS_WORK_LEVEL}")
    if missing:
        raise RequirementSeedError(f"Framework items or levels missing: {', '.join(missing)}.")
    return items, levels
