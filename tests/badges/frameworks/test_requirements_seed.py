"""The sector matrix of role requirements: everyone has a baseline and role targets."""

from __future__ import annotations

import pytest

from badges.frameworks.requirements_seed import (
    BASELINE_DUE_DAYS,
    ROLE_TARGETS,
    RequirementSeedError,
    seed_role_requirements,
)
from badges.models import RoleRequirement
from lms.people.management.commands.seed_job_roles import load_job_roles
from lms.people.models import JobRole
from lms.people.seed_data import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(frameworks):
    load_job_roles()
    return seed_role_requirements()


def test_the_table_names_exactly_the_seeded_roles():
    assert set(ROLE_TARGETS) == {role.slug for role in ROLES}


def test_every_role_target_is_a_real_digcomp_competence_and_level():
    codes = {
        f"{a}.{c}" for a, n in ((1, 3), (2, 6), (3, 4), (4, 4), (5, 4)) for c in range(1, n + 1)
    }
    for slug, targets in ROLE_TARGETS.items():
        assert targets, slug
        assert len({t.code for t in targets}) == len(targets), f"{slug} names a code twice"
        for target in targets:
            assert target.code in codes, (slug, target)
            assert 1 <= target.level <= 8, (slug, target)


def test_baseline_is_eds_for_work_and_protecting_devices_and_data(seeded):
    baseline = RoleRequirement.objects.filter(organisation=None, job_role=None).select_related(
        "item__framework", "target_level"
    )
    rows = {(r.item.framework.code, r.item.code): r for r in baseline}
    assert set(rows) == {
        ("eds", "communicating"),
        ("eds", "handling-information"),
        ("eds", "transacting"),
        ("eds", "problem-solving"),
        ("eds", "safe-and-legal"),
        ("digcomp", "4.1"),
        ("digcomp", "4.2"),
    }
    for key, row in rows.items():
        assert row.importance == RoleRequirement.Importance.MANDATORY, key
        assert row.due_within_days == BASELINE_DUE_DAYS
        assert row.target_level.framework_id == row.item.framework_id
    assert rows["eds", "transacting"].target_level.name == "Meets for work"
    assert rows["digcomp", "4.2"].target_level.rank == 3


def test_every_seeded_job_role_has_the_baseline_and_its_own_targets(seeded):
    baseline = RoleRequirement.objects.filter(organisation=None, job_role=None)
    assert baseline.count() == 7
    roles = JobRole.objects.filter(organisation=None)
    assert roles.count() == len(ROLES)
    for role in roles:
        own = RoleRequirement.objects.filter(organisation=None, job_role=role)
        assert own.exists(), f"{role.slug} has no role-specific requirements"
        assert all(r.item.framework.code == "digcomp" for r in own)


def test_domain_notes_targets_are_used_where_they_name_the_role(seeded):
    def targets(slug):
        return {
            (r.item.code, r.target_level.rank)
            for r in RoleRequirement.objects.filter(organisation=None, job_role__slug=slug)
        }

    assert targets("adult-social-worker") == {("4.2", 5), ("1.3", 4), ("2.1", 4), ("5.2", 4)}
    assert targets("waste-supervisor") == {("2.1", 2), ("5.1", 2), ("1.3", 3)}
    assert targets("councillor") == {("2.6", 4), ("2.5", 4), ("1.2", 5), ("5.2", 4)}


def test_seeding_again_creates_nothing_and_keeps_edits(seeded):
    total = RoleRequirement.objects.count()
    assert seeded.created == total == seeded.total
    edited = RoleRequirement.objects.filter(job_role__slug="planning-officer").first()
    edited.importance = RoleRequirement.Importance.RECOMMENDED
    edited.due_within_days = 30
    edited.save()
    again = seed_role_requirements()
    assert again.created == 0
    assert RoleRequirement.objects.count() == total
    edited.refresh_from_db()
    assert (edited.importance, edited.due_within_days) == ("recommended", 30)


def test_a_council_row_does_not_stop_the_sector_row(seeded, council):
    role = JobRole.objects.get(slug="library-assistant")
    sector = RoleRequirement.objects.get(organisation=None, job_role=role, item__code="2.3")
    RoleRequirement.objects.create(
        organisation=council, job_role=role, item=sector.item, target_level=sector.target_level
    )
    assert seed_role_requirements().created == 0


def test_missing_job_roles_are_named(frameworks):
    with pytest.raises(RequirementSeedError, match="seed_job_roles"):
        seed_role_requirements()
