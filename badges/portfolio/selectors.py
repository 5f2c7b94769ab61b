"""What a person should reach for their role, what they hold, and what closes the gap.

Every function here runs a fixed number of queries however many competences, badges
or self-assessments are involved: rows are fetched once for all the competences (and
all the people, for a team) and grouped in Python.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum

from django.db.models import F, Q
from django.utils import timezone

from badges.models import (
    BadgeAward,
    EvidenceSubmission,
    FrameworkItem,
    ProficiencyLevel,
    RoleRequirement,
    SelfAssessment,
)


class TargetSource(IntEnum):
    """Where a target comes from; a higher value wins for the same competence.

    A target for the person's own role beats a baseline for everyone, and within each
    the council's own row beats the sector's.
    """

    SECTOR_BASELINE = 1
    COUNCIL_BASELINE = 2
    SECTOR_ROLE = 3
    COUNCIL_ROLE = 4

    @property
    def label(self) -> str:
        return {
            TargetSource.SECTOR_BASELINE: "Everyone (sector)",
            TargetSource.COUNCIL_BASELINE: "Everyone (your council)",
            TargetSource.SECTOR_ROLE: "Your role (sector)",
            TargetSource.COUNCIL_ROLE: "Your role (your council)",
        }[self]


@dataclass(frozen=True)
class RoleTarget:
    item: FrameworkItem
    level: ProficiencyLevel
    importance: str
    due_on: datetime.date | None
    source: TargetSource
    requirement_id: int

    @property
    def is_mandatory(self) -> bool:
        return self.importance == RoleRequirement.Importance.MANDATORY


def _requirements(*, organisation_id: int, job_role_ids: Iterable[int | None]):
    role_ids = [pk for pk in job_role_ids if pk is not None]
    return (
        RoleRequirement.objects.filter(
            Q(organisation__isnull=True) | Q(organisation_id=organisation_id),
            Q(job_role__isnull=True) | Q(job_role_id__in=role_ids),
        )
        .select_related("item__framework", "target_level")
        .order_by("pk")
    )


def _source(row: RoleRequirement) -> TargetSource:
    if row.job_role_id is None:
        return (
            TargetSource.SECTOR_BASELINE
            if row.organisation_id is None
            else TargetSource.COUNCIL_BASELINE
        )
    return TargetSource.SECTOR_ROLE if row.organisation_id is None else TargetSource.COUNCIL_ROLE


def _targets_from(rows: Iterable[RoleRequirement], profile) -> list[RoleTarget]:
    """The winning row per competence for this person, with their due date."""
    best: dict[int, tuple[TargetSource, RoleRequirement]] = {}
    for row in rows:
        if row.job_role_id is not None and row.job_role_id != profile.job_role_id:
            continue
        if row.organisation_id is not None and row.organisation_id != profile.organisation_id:
            continue
        source = _source(row)
        if row.item_id not in best or source > best[row.item_id][0]:
            best[row.item_id] = (source, row)
    targets = []
    for source, row in best.values():
        due_on = None
        if row.due_within_days is not None and profile.start_date is not None:
            due_on = profile.start_date + datetime.timedelta(days=row.due_within_days)
        targets.append(
            RoleTarget(
                item=row.item,
                level=row.target_level,
                importance=row.importance,
                due_on=due_on,
                source=source,
                requirement_id=row.pk,
            )
        )
    targets.sort(key=lambda t: (t.item.framework.title, t.item.position, t.item.code))
    return targets


def role_targets(*, staff_profile) -> list[RoleTarget]:
    """The competences this person's job role should reach, in one query.

    Baseline rows (no job role) apply to everyone; rows for their role add to them.
    The council's own rows override the sector's for the same competence.
    """
    rows = _requirements(
        organisation_id=staff_profile.organisation_id, job_role_ids=[staff_profile.job_role_id]
    )
    return _targets_from(rows, staff_profile)


# --- what people hold ---------------------------------------------------------------------


@dataclass(frozen=True)
class HeldLevel:
    rank: int
    name: str


@dataclass
class Holding:
    """One person's standing on one competence."""

    awards: list[BadgeAward] = field(default_factory=list)  # current, aligned to it
    confirmed: SelfAssessment | None = None  # newest self-assessment a manager confirmed
    current: SelfAssessment | None = None  # newest self-assessment of any status
    sign_offs: list[EvidenceSubmission] = field(default_factory=list)

    @property
    def evidenced(self) -> HeldLevel | None:
        """The best level shown by a current badge or a confirmed self-assessment."""
        best = None
        for award in self.awards:
            if award.aligned_rank is not None and (best is None or award.aligned_rank > best.rank):
                best = HeldLevel(award.aligned_rank, award.aligned_level_name)
        if self.confirmed is not None and (best is None or self.confirmed.level.rank > best.rank):
            best = HeldLevel(self.confirmed.level.rank, self.confirmed.level.name)
        return best

    @property
    def declared(self) -> SelfAssessment | None:
        """The newest self-assessment if it still waits for a manager."""
        if self.current is not None and self.current.status == SelfAssessment.Status.DECLARED:
            return self.current
        return None


def current_awards(user_ids: Iterable[int], at=None):
    at = at or timezone.now()
    return BadgeAward.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=at),
        recipient_id__in=list(user_ids),
        revoked_at__isnull=True,
    )


def holdings(
    *, user_ids: Iterable[int], item_ids: Iterable[int], with_sign_offs: bool = True
) -> dict[tuple[int, int], Holding]:
    """Holdings keyed by (user id, item id): two queries, three with sign-offs."""
    user_ids, item_ids = list(user_ids), list(item_ids)
    found: dict[tuple[int, int], Holding] = defaultdict(Holding)
    if not user_ids or not item_ids:
        return found
    # One row per (award, aligned competence): the alignment's level comes along as
    # plain values so no level objects need loading.
    awards = (
        current_awards(user_ids)
        .filter(badge_class__alignments__item_id__in=item_ids)
        .annotate(
            aligned_item_id=F("badge_class__alignments__item_id"),
            aligned_rank=F("badge_class__alignments__level__rank"),
            aligned_level_name=F("badge_class__alignments__level__name"),
        )
        .select_related("badge_class")
        .order_by("-awarded_at", "pk")
    )
    for award in awards:
        found[(award.recipient_id, award.aligned_item_id)].awards.append(award)

    assessments = (
        SelfAssessment.objects.filter(learner_id__in=user_ids, item_id__in=item_ids)
        .select_related("level")
        .order_by("-declared_at", "-pk")
    )
    for assessment in assessments:
        holding = found[(assessment.learner_id, assessment.item_id)]
        if holding.current is None:
            holding.current = assessment
        if holding.confirmed is None and assessment.status == SelfAssessment.Status.CONFIRMED:
            holding.confirmed = assessment

    if with_sign_offs:
        sign_offs = (
            EvidenceSubmission.objects.filter(
                learner_id__in=user_ids,
                status=EvidenceSubmission.Status.APPROVED,
                badge_class__alignments__item_id__in=item_ids,
            )
            .annotate(aligned_item_id=F("badge_class__alignments__item_id"))
            .select_related("badge_class", "reviewer")
            .order_by("-reviewed_at", "pk")
        )
        for submission in sign_offs:
            found[(submission.learner_id, submission.aligned_item_id)].sign_offs.append(submission)
    return found


# --- the learner's competency profile -----------------------------------------------------


class Standing:
    MET = "met"
    DECLARED = "declared"
    GAP = "gap"


@dataclass
class CompetenceRow:
    target: RoleTarget
    holding: Holding
    courses: list = field(default_factory=list)

    @property
    def held(self) -> HeldLevel | None:
        return self.holding.evidenced

    @property
    def standing(self) -> str:
        held = self.held
        if held is not None and held.rank >= self.target.level.rank:
            return Standing.MET
        declared = self.holding.declared
        if declared is not None and declared.level.rank >= self.target.level.rank:
            return Standing.DECLARED
        return Standing.GAP

    @property
    def levels_short(self) -> int:
        held = self.held.rank if self.held else 0
        return max(0, self.target.level.rank - held)

    @property
    def is_met(self) -> bool:
        return self.standing == Standing.MET


@dataclass
class CompetencyProfile:
    staff_profile: object
    rows: list[CompetenceRow]

    @property
    def met_count(self) -> int:
        return sum(1 for row in self.rows if row.is_met)

    @property
    def mandatory_gaps(self) -> int:
        return sum(1 for row in self.rows if row.target.is_mandatory and not row.is_met)


def courses_closing(*, viewer, targets: Iterable[RoleTarget]) -> dict[int, list]:
    """Courses the viewer may take that develop each competence to at least its target.

    Courses name competences by framework code and competence id (CourseCompetence),
    so they are matched on those; one query for every target together.
    """
    from courses.models.pages import CourseCompetence
    from courses.selectors import catalogue_for

    targets = list(targets)
    if not targets:
        return {}
    wanted = Q()
    for target in targets:
        wanted |= Q(
            framework=target.item.framework.code,
            competence_id=target.item.code,
            target_level__gte=target.level.rank,
        )
    rows = (
        CourseCompetence.objects.filter(wanted, course__in=catalogue_for(viewer).values("pk"))
        .select_related("course")
        .order_by("course__title", "pk")
    )
    by_code: dict[tuple[str, str], list] = defaultdict(list)
    for row in rows:
        by_code[(row.framework, row.competence_id)].append(row)
    found: dict[int, list] = {}
    for target in targets:
        courses, seen = [], set()
        for row in by_code.get((target.item.framework.code, target.item.code), ()):
            if row.target_level >= target.level.rank and row.course_id not in seen:
                seen.add(row.course_id)
                courses.append(row.course)
        found[target.item.pk] = courses
    return found


def competency_profile(*, user, viewer=None) -> CompetencyProfile | None:
    """Per competence of the person's role: target, held level and its evidence, whether
    it is only self-declared, the gap, and the courses that close it.

    `viewer` (the request's, if at hand) saves looking the profile up again. None for
    someone without an active staff profile: role targets are about a council job.
    """
    from lms.people.permissions import Viewer

    viewer = viewer if viewer is not None and viewer.user == user else Viewer(user)
    staff = viewer.staff
    if staff is None:
        return None
    targets = role_targets(staff_profile=staff)
    held = holdings(user_ids=[user.pk], item_ids=[t.item.pk for t in targets])
    rows = [
        CompetenceRow(target=t, holding=held.get((user.pk, t.item.pk), Holding())) for t in targets
    ]
    gaps = [row.target for row in rows if not row.is_met]
    closing = courses_closing(viewer=viewer, targets=gaps)
    for row in rows:
        row.courses = closing.get(row.target.item.pk, [])
    return CompetencyProfile(staff_profile=staff, rows=rows)


# --- a manager's team -----------------------------------------------------------------------


@dataclass
class MatrixCell:
    target: RoleTarget | None
    holding: Holding

    @property
    def row(self) -> CompetenceRow | None:
        return CompetenceRow(self.target, self.holding) if self.target else None


@dataclass
class TeamMatrix:
    items: list[FrameworkItem]
    people: list  # StaffProfile, each with .cells: list[MatrixCell] in column order


def team_matrix(*, manager, people) -> TeamMatrix:
    """People by competences for the given staff profiles (a page of the manager's line).

    Columns are every competence any of these people has a target for; a cell without a
    target says so. Three queries however many people and competences.
    """
    people = list(people)
    rows = list(
        _requirements(
            organisation_id=manager.organisation_id,
            job_role_ids={person.job_role_id for person in people},
        )
    )
    per_person = {person.pk: _targets_from(rows, person) for person in people}
    items: dict[int, FrameworkItem] = {}
    for targets in per_person.values():
        for target in targets:
            items.setdefault(target.item.pk, target.item)
    columns = sorted(items.values(), key=lambda i: (i.framework.title, i.position, i.code))
    held = holdings(
        user_ids=[person.user_id for person in people],
        item_ids=list(items),
        with_sign_offs=False,
    )
    for person in people:
        by_item = {target.item.pk: target for target in per_person[person.pk]}
        person.cells = [
            MatrixCell(by_item.get(item.pk), held.get((person.user_id, item.pk), Holding()))
            for item in columns
        ]
    return TeamMatrix(items=columns, people=people)
