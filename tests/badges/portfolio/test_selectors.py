"""Role targets, the competency profile and the team matrix: what they say, and that
their query counts stay flat however many competences and badges are involved."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from badges.factories import (
    BadgeAlignmentFactory,
    BadgeAwardFactory,
    BadgeClassFactory,
    RoleRequirementFactory,
)
from badges.models import EvidenceSubmission, RoleRequirement, SelfAssessment
from badges.portfolio.selectors import (
    Standing,
    TargetSource,
    competency_profile,
    role_targets,
    team_matrix,
)
from courses.factories import course_with_lessons
from courses.models.pages import CourseCompetence
from lms.people.factories import JobRoleFactory, StaffProfileFactory


def _target(targets, item):
    return next(t for t in targets if t.item == item)


def test_role_targets_combine_baseline_and_role_with_council_overrides(
    learner, council, other_council, role, comp, level
):
    profile = learner.staff_profile
    profile.start_date = datetime.date(2026, 1, 5)
    profile.save(update_fields=["start_date"])
    # Baseline for everyone: 4.1 at 3 (sector) and 4.2 at 3 (sector, council says 4).
    RoleRequirementFactory(item=comp("4.1"), target_level=level(3), due_within_days=90)
    RoleRequirementFactory(item=comp("4.2"), target_level=level(3))
    RoleRequirementFactory(organisation=council, item=comp("4.2"), target_level=level(4))
    # The role adds 2.3 at 5 (sector) which the council lowers to 4, and 1.1 at 4.
    RoleRequirementFactory(job_role=role, item=comp("2.3"), target_level=level(5))
    RoleRequirementFactory(
        organisation=council,
        job_role=role,
        item=comp("2.3"),
        target_level=level(4),
        importance=RoleRequirement.Importance.RECOMMENDED,
    )
    RoleRequirementFactory(job_role=role, item=comp("1.1"), target_level=level(4))
    # Not for this person: another role, and another council's override.
    RoleRequirementFactory(job_role=JobRoleFactory(), item=comp("5.1"), target_level=level(2))
    RoleRequirementFactory(organisation=other_council, item=comp("4.1"), target_level=level(7))

    targets = role_targets(staff_profile=profile)

    assert {t.item.code: t.level.rank for t in targets} == {
        "4.1": 3,
        "4.2": 4,
        "2.3": 4,
        "1.1": 4,
    }
    assert _target(targets, comp("4.1")).due_on == datetime.date(2026, 4, 5)
    assert _target(targets, comp("4.1")).source == TargetSource.SECTOR_BASELINE
    assert _target(targets, comp("4.2")).source == TargetSource.COUNCIL_BASELINE
    assert _target(targets, comp("2.3")).source == TargetSource.COUNCIL_ROLE
    assert not _target(targets, comp("2.3")).is_mandatory
    assert _target(targets, comp("1.1")).source == TargetSource.SECTOR_ROLE
    assert _target(targets, comp("1.1")).due_on is None


def test_a_role_target_beats_the_baseline_for_the_same_competence(learner, role, comp, level):
    RoleRequirementFactory(item=comp("4.2"), target_level=level(3))
    RoleRequirementFactory(job_role=role, item=comp("4.2"), target_level=level(5))

    (target,) = role_targets(staff_profile=learner.staff_profile)

    assert (target.level.rank, target.source) == (5, TargetSource.SECTOR_ROLE)


def test_someone_without_a_role_gets_the_baseline_only(learner, comp, level):
    RoleRequirementFactory(item=comp("4.2"), target_level=level(3))
    RoleRequirementFactory(job_role=JobRoleFactory(), item=comp("1.1"), target_level=level(4))

    targets = role_targets(staff_profile=learner.staff_profile)

    assert [t.item.code for t in targets] == ["4.2"]


def test_profile_counts_current_badges_and_confirmed_self_assessments(
    learner, manager, role, comp, level, council
):
    for code in ("1.1", "2.3", "4.1", "4.2"):
        RoleRequirementFactory(job_role=role, item=comp(code), target_level=level(4))
    # 4.2: a current badge at 5 meets it.
    held = BadgeClassFactory(name="Data protection")
    BadgeAlignmentFactory(badge_class=held, item=comp("4.2"), level=level(5))
    BadgeAwardFactory(badge_class=held, recipient=learner)
    # 4.1: only a revoked and an expired badge: neither counts.
    lost = BadgeClassFactory(name="Devices")
    BadgeAlignmentFactory(badge_class=lost, item=comp("4.1"), level=level(6))
    BadgeAwardFactory(badge_class=lost, recipient=learner, cycle=1, revoked_at=timezone.now())
    BadgeAwardFactory(
        badge_class=lost,
        recipient=learner,
        cycle=2,
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    # 1.1: confirmed at 4 earlier, then a newer declaration at 6 still waiting.
    SelfAssessment.objects.create(
        organisation=council,
        learner=learner,
        item=comp("1.1"),
        level=level(4),
        status=SelfAssessment.Status.CONFIRMED,
        confirmed_by=manager,
        confirmed_at=timezone.now(),
    )
    SelfAssessment.objects.create(
        organisation=council, learner=learner, item=comp("1.1"), level=level(6)
    )
    # 2.3: declared at 4 only.
    SelfAssessment.objects.create(
        organisation=council, learner=learner, item=comp("2.3"), level=level(4)
    )

    rows = {row.target.item.code: row for row in competency_profile(user=learner).rows}

    assert rows["4.2"].standing == Standing.MET
    assert rows["4.2"].held.rank == 5
    assert [a.badge_class.name for a in rows["4.2"].holding.awards] == ["Data protection"]
    assert rows["4.1"].standing == Standing.GAP
    assert rows["4.1"].held is None
    assert rows["4.1"].levels_short == 4
    assert rows["1.1"].standing == Standing.MET
    assert rows["1.1"].held.rank == 4
    assert rows["1.1"].holding.declared.level.rank == 6
    assert rows["2.3"].standing == Standing.DECLARED
    assert rows["2.3"].held is None


def test_profile_lists_sign_offs_for_badges_aligned_to_the_competence(
    learner, manager, role, sign_off_badge, comp, level, council
):
    RoleRequirementFactory(job_role=role, item=comp("4.2"), target_level=level(4))
    EvidenceSubmission.objects.create(
        organisation=council,
        learner=learner,
        badge_class=sign_off_badge,
        criterion=sign_off_badge.sign_off,
        statement="Handled a request.",
        status=EvidenceSubmission.Status.APPROVED,
        reviewer=manager,
        reviewed_at=timezone.now(),
    )

    (row,) = competency_profile(user=learner).rows

    assert [s.reviewer for s in row.holding.sign_offs] == [manager]


def test_courses_that_close_a_gap_are_visible_and_reach_the_target(
    learner, role, comp, level, council, other_council
):
    RoleRequirementFactory(job_role=role, item=comp("4.2"), target_level=level(4))
    RoleRequirementFactory(job_role=role, item=comp("4.1"), target_level=level(3))
    reaches = course_with_lessons(title="Personal data at work", owning_council=council)
    too_low = course_with_lessons(title="Personal data basics", owning_council=council)
    hidden = course_with_lessons(title="Southby data course", owning_council=other_council)
    sector = course_with_lessons(title="Sector data course")
    for course, rank in ((reaches, 4), (too_low, 2), (hidden, 6), (sector, 5)):
        CourseCompetence.objects.create(
            course=course, framework="digcomp", competence_id="4.2", target_level=rank
        )
    # The same competence id in another framework is a different competence.
    CourseCompetence.objects.create(
        course=reaches, framework="eds", competence_id="4.1", target_level=8
    )

    rows = {row.target.item.code: row for row in competency_profile(user=learner).rows}

    assert [c.title for c in rows["4.2"].courses] == ["Personal data at work", "Sector data course"]
    assert rows["4.1"].courses == []


def test_no_courses_are_offered_for_a_met_target(learner, role, comp, level):
    RoleRequirementFactory(job_role=role, item=comp("4.2"), target_level=level(3))
    badge = BadgeClassFactory()
    BadgeAlignmentFactory(badge_class=badge, item=comp("4.2"), level=level(3))
    BadgeAwardFactory(badge_class=badge, recipient=learner)
    course = course_with_lessons()
    CourseCompetence.objects.create(
        course=course, framework="digcomp", competence_id="4.2", target_level=4
    )

    (row,) = competency_profile(user=learner).rows

    assert row.is_met and row.courses == []


def test_profile_is_none_without_a_staff_profile(graduate):
    assert competency_profile(user=graduate) is None


def _profile_world(learner, role, comp, level, council, size: int, start: int = 0):
    course = course_with_lessons(title=f"Course from {start}", lessons=[[]])
    for n in range(start, start + size):
        item = comp(f"9.{n}")
        RoleRequirementFactory(job_role=role, item=item, target_level=level(4))
        badge = BadgeClassFactory()
        BadgeAlignmentFactory(badge_class=badge, item=item, level=level(2 + n % 4))
        BadgeAwardFactory(badge_class=badge, recipient=learner)
        SelfAssessment.objects.create(
            organisation=council, learner=learner, item=item, level=level(3)
        )
        CourseCompetence.objects.create(
            course=course, framework="digcomp", competence_id=f"9.{n}", target_level=5
        )


def _count(func) -> int:
    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries)


PROFILE_MAX_QUERIES = 8


@pytest.mark.parametrize("size", [3, 15])
def test_profile_queries_are_few_and_flat(
    size, learner, role, comp, level, council, django_assert_max_num_queries
):
    _profile_world(learner, role, comp, level, council, size)

    with django_assert_max_num_queries(PROFILE_MAX_QUERIES):
        profile = competency_profile(user=learner)

    assert len(profile.rows) == size
    assert sum(len(row.courses) for row in profile.rows) >= 1


def test_profile_query_count_does_not_grow_with_competences(learner, role, comp, level, council):
    _profile_world(learner, role, comp, level, council, 2)
    small = _count(lambda: competency_profile(user=learner))
    _profile_world(learner, role, comp, level, council, 12, start=2)
    large = _count(lambda: competency_profile(user=learner))

    assert small == large


MATRIX_MAX_QUERIES = 3


def test_team_matrix_shows_each_person_against_their_own_targets(
    manager, learner, role, comp, level, council
):
    other_role = JobRoleFactory(name="Planning officer")
    colleague = StaffProfileFactory(organisation=council, manager=manager.staff_profile)
    colleague.job_role = other_role
    colleague.save(update_fields=["job_role"])
    RoleRequirementFactory(job_role=role, item=comp("4.2"), target_level=level(4))
    RoleRequirementFactory(job_role=other_role, item=comp("1.3"), target_level=level(5))
    badge = BadgeClassFactory()
    BadgeAlignmentFactory(badge_class=badge, item=comp("1.3"), level=level(5))
    BadgeAwardFactory(badge_class=badge, recipient=colleague.user)
    people = [learner.staff_profile, colleague]

    matrix = team_matrix(manager=manager.staff_profile, people=people)

    # Columns follow the framework's own order (4.2 was made first here).
    assert [i.code for i in matrix.items] == ["4.2", "1.3"]
    learner_cells, colleague_cells = (p.cells for p in matrix.people)
    assert learner_cells[0].row.standing == Standing.GAP
    assert learner_cells[1].row is None  # 1.3 is not a target for an adviser
    assert colleague_cells[0].row is None
    assert colleague_cells[1].row.standing == Standing.MET


@pytest.mark.parametrize("size", [2, 12])
def test_team_matrix_queries_are_flat(
    size, manager, role, comp, level, council, django_assert_max_num_queries
):
    people = []
    for n in range(size):
        profile = StaffProfileFactory(
            organisation=council, manager=manager.staff_profile, job_role=role
        )
        people.append(profile)
        item = comp(f"8.{n}")
        RoleRequirementFactory(job_role=role, item=item, target_level=level(3))
        badge = BadgeClassFactory()
        BadgeAlignmentFactory(badge_class=badge, item=item, level=level(3))
        BadgeAwardFactory(badge_class=badge, recipient=profile.user)

    with django_assert_max_num_queries(MATRIX_MAX_QUERIES):
        matrix = team_matrix(manager=manager.staff_profile, people=people)

    assert len(matrix.items) == size
    assert sum(cell.row.is_met for p in matrix.people for cell in p.cells) == size
