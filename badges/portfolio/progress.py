"""A learner's progress against one badge's criteria, for the badge page.

This is a read-only account for people ("done", "waiting for sign-off", "not yet"):
the engine decides awards. Six queries at most, however many criteria the badge has.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from badges.models import BadgeClass, Criterion, EvidenceSubmission, SelfAssessment
from badges.portfolio.selectors import current_awards


class Step:
    DONE = "done"
    WAITING = "waiting"
    TODO = "todo"
    BROKEN = "broken"


@dataclass
class CriterionProgress:
    criterion: Criterion
    state: str
    summary: str
    detail: str = ""
    submission: EvidenceSubmission | None = None  # the newest, for sign-off criteria

    @property
    def is_done(self) -> bool:
        return self.state == Step.DONE

    @property
    def can_submit_evidence(self) -> bool:
        return (
            self.criterion.kind == Criterion.Kind.SIGN_OFF
            and self.state == Step.TODO
            and self.criterion.badge_class_id is not None
        )


@dataclass
class GroupProgress:
    number: int
    steps: list[CriterionProgress] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for step in self.steps if step.is_done)

    @property
    def is_complete(self) -> bool:
        return bool(self.steps) and self.done == len(self.steps)


def _percent(value) -> str:
    return f"{round(float(value) * 100)}%"


def badge_progress(*, badge_class: BadgeClass, user) -> list[GroupProgress]:
    from lms.records.models import ActivityProgress, CourseCompletion

    criteria = list(
        Criterion.objects.filter(badge_class=badge_class)
        .select_related("course", "lesson", "required_badge", "item", "level")
        .order_by("group", "sort_order", "pk")
    )
    course_ids = {c.course_id for c in criteria if c.kind == Criterion.Kind.COURSE_COMPLETED}
    completed = set(
        CourseCompletion.objects.filter(user=user, course_id__in=course_ids).values_list(
            "course_id", flat=True
        )
        if course_ids
        else ()
    )

    activity_keys = [
        (c.lesson_id, c.activity_key)
        for c in criteria
        if c.kind == Criterion.Kind.ACTIVITY_SCORE and c.lesson_id
    ]
    best_scores: dict[tuple[int, str], object] = {}
    if activity_keys:
        wanted = Q()
        for lesson_id, key in activity_keys:
            wanted |= Q(lesson_id=lesson_id, activity_key=key)
        for lesson_id, key, best in ActivityProgress.objects.filter(
            wanted, enrolment__user=user
        ).values_list("lesson_id", "activity_key", "best_score"):
            best_scores[(lesson_id, key)] = best

    badge_ids = {c.required_badge_id for c in criteria if c.kind == Criterion.Kind.BADGE_HELD}
    held_badges = (
        set(
            current_awards([user.pk])
            .filter(badge_class_id__in=badge_ids)
            .values_list("badge_class_id", flat=True)
        )
        if badge_ids
        else set()
    )

    submissions: dict[int, EvidenceSubmission] = {}
    if any(c.kind == Criterion.Kind.SIGN_OFF for c in criteria):
        rows = EvidenceSubmission.objects.filter(learner=user, badge_class=badge_class).order_by(
            "-submitted_at", "-pk"
        )
        for submission in rows:
            submissions.setdefault(submission.criterion_id, submission)
            if submission.status == EvidenceSubmission.Status.APPROVED:
                # An approval stands even if a later submission is pending or was refused.
                submissions[submission.criterion_id] = submission

    item_ids = {c.item_id for c in criteria if c.kind == Criterion.Kind.SELF_ASSESSMENT}
    assessments: dict[int, list[SelfAssessment]] = defaultdict(list)  # newest first
    if item_ids:
        for assessment in (
            SelfAssessment.objects.filter(learner=user, item_id__in=item_ids)
            .select_related("level")
            .order_by("-declared_at", "-pk")
        ):
            assessments[assessment.item_id].append(assessment)

    groups: dict[int, GroupProgress] = {}
    for criterion in criteria:
        step = _step(criterion, completed, best_scores, held_badges, submissions, assessments)
        groups.setdefault(criterion.group, GroupProgress(criterion.group)).steps.append(step)
    return list(groups.values())


def _step(criterion, completed, best_scores, held_badges, submissions, assessments):
    kind = criterion.kind
    if kind == Criterion.Kind.COURSE_COMPLETED:
        if criterion.course is None:
            return CriterionProgress(criterion, Step.BROKEN, "A course that no longer exists")
        title = criterion.course.title
        if criterion.course_id in completed:
            return CriterionProgress(criterion, Step.DONE, f"Complete {title}", "Completed")
        return CriterionProgress(criterion, Step.TODO, f"Complete {title}", "Not completed yet")

    if kind == Criterion.Kind.ACTIVITY_SCORE:
        if criterion.lesson is None or criterion.min_score is None:
            return CriterionProgress(criterion, Step.BROKEN, "An activity that no longer exists")
        summary = f"Score {_percent(criterion.min_score)} or more in {criterion.lesson.title}"
        best = best_scores.get((criterion.lesson_id, criterion.activity_key))
        if best is not None and best >= criterion.min_score:
            return CriterionProgress(criterion, Step.DONE, summary, f"Best score {_percent(best)}")
        detail = f"Best score so far {_percent(best)}" if best is not None else "Not tried yet"
        return CriterionProgress(criterion, Step.TODO, summary, detail)

    if kind == Criterion.Kind.BADGE_HELD:
        if criterion.required_badge is None:
            return CriterionProgress(criterion, Step.BROKEN, "A badge that no longer exists")
        summary = f"Hold the {criterion.required_badge.name} badge"
        if criterion.required_badge_id in held_badges:
            return CriterionProgress(criterion, Step.DONE, summary, "Held")
        return CriterionProgress(criterion, Step.TODO, summary, "Not held yet")

    if kind == Criterion.Kind.SIGN_OFF:
        who = (
            "your line manager"
            if criterion.signer == Criterion.Signer.MANAGER
            else ("your line manager or an HR or learning assessor")
        )
        summary = f"Evidence signed off by {who}"
        submission = submissions.get(criterion.pk)
        status = submission.status if submission else None
        if status == EvidenceSubmission.Status.APPROVED:
            return CriterionProgress(criterion, Step.DONE, summary, "Signed off", submission)
        if status == EvidenceSubmission.Status.PENDING:
            return CriterionProgress(
                criterion, Step.WAITING, summary, "Evidence sent, waiting for sign-off", submission
            )
        detail = (
            "Not signed off: you can send new evidence"
            if (status == EvidenceSubmission.Status.REJECTED)
            else "No evidence sent yet"
        )
        return CriterionProgress(criterion, Step.TODO, summary, detail, submission)

    if kind == Criterion.Kind.SELF_ASSESSMENT:
        if criterion.item is None or criterion.level is None:
            return CriterionProgress(criterion, Step.BROKEN, "A competence that no longer exists")
        summary = (
            f"Rate yourself at level {criterion.level.rank} or above in {criterion.item.title}, "
            "confirmed by your manager"
        )
        # As the engine counts it: only the newest rating, once confirmed, at the level.
        history = assessments.get(criterion.item_id, [])
        current = history[0] if history else None
        enough = current is not None and current.level.rank >= criterion.level.rank
        if enough and current.status == SelfAssessment.Status.CONFIRMED:
            return CriterionProgress(criterion, Step.DONE, summary, "Confirmed")
        if enough and current.status == SelfAssessment.Status.DECLARED:
            return CriterionProgress(
                criterion, Step.WAITING, summary, "Declared, waiting for your manager"
            )
        if current is not None and current.status == SelfAssessment.Status.REJECTED:
            return CriterionProgress(
                criterion, Step.TODO, summary, "Not confirmed: you can rate yourself again"
            )
        return CriterionProgress(criterion, Step.TODO, summary, "Not declared at this level yet")

    return CriterionProgress(criterion, Step.BROKEN, criterion.get_kind_display())
