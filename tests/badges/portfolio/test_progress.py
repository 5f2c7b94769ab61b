"""Progress against a badge's rules, as the badge page tells it."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from badges.factories import BadgeAwardFactory, BadgeClassFactory, CriterionFactory
from badges.models import Criterion, EvidenceSubmission, SelfAssessment
from badges.portfolio.progress import Step, badge_progress
from courses.factories import course_with_lessons
from lms.records.models import ActivityProgress, CourseCompletion, Enrolment


def _states(groups):
    return [[(step.state, step.detail) for step in group.steps] for group in groups]


def test_each_kind_of_rule_reports_done_or_what_is_left(
    learner, manager, council, comp, level, sign_off_badge
):
    done_course = course_with_lessons(title="Done course")
    open_course = course_with_lessons(title="Open course")
    enrolment = Enrolment.objects.create(user=learner, course=done_course, status="completed")
    CourseCompletion.objects.create(
        enrolment=enrolment, user=learner, course=done_course, completed_at=timezone.now()
    )
    lesson = done_course.lessons().first()
    ActivityProgress.objects.create(
        enrolment=enrolment, lesson=lesson, activity_key="quiz-1", kind="quiz", best_score="0.6"
    )
    required = BadgeClassFactory(name="Basics")
    BadgeAwardFactory(badge_class=required, recipient=learner)
    badge = sign_off_badge
    add = CriterionFactory
    add(badge_class=badge, group=1, kind=Criterion.Kind.COURSE_COMPLETED, course=done_course)
    add(badge_class=badge, group=1, kind=Criterion.Kind.COURSE_COMPLETED, course=open_course)
    add(
        badge_class=badge,
        group=2,
        kind=Criterion.Kind.ACTIVITY_SCORE,
        lesson=lesson,
        activity_key="quiz-1",
        min_score=Decimal("0.8"),
    )
    add(badge_class=badge, group=2, kind=Criterion.Kind.BADGE_HELD, required_badge=required)
    add(
        badge_class=badge,
        group=2,
        kind=Criterion.Kind.SELF_ASSESSMENT,
        item=comp("4.2"),
        level=level(4),
    )
    EvidenceSubmission.objects.create(
        organisation=council,
        learner=learner,
        badge_class=badge,
        criterion=badge.sign_off,
        statement="Done.",
    )
    SelfAssessment.objects.create(
        organisation=council, learner=learner, item=comp("4.2"), level=level(5)
    )

    groups = badge_progress(badge_class=badge, user=learner)

    assert _states(groups) == [
        [
            (Step.WAITING, "Evidence sent, waiting for sign-off"),
            (Step.DONE, "Completed"),
            (Step.TODO, "Not completed yet"),
        ],
        [
            (Step.TODO, "Best score so far 60%"),
            (Step.DONE, "Held"),
            (Step.WAITING, "Declared, waiting for your manager"),
        ],
    ]
    assert [group.is_complete for group in groups] == [False, False]


def test_only_the_newest_confirmed_rating_counts_as_the_engine_counts_it(
    learner, manager, council, comp, level
):
    badge = BadgeClassFactory()
    CriterionFactory(
        badge_class=badge, kind=Criterion.Kind.SELF_ASSESSMENT, item=comp("1.1"), level=level(3)
    )
    SelfAssessment.objects.create(
        organisation=council,
        learner=learner,
        item=comp("1.1"),
        level=level(4),
        status=SelfAssessment.Status.CONFIRMED,
    )
    assert _states(badge_progress(badge_class=badge, user=learner)) == [[(Step.DONE, "Confirmed")]]

    SelfAssessment.objects.create(
        organisation=council,
        learner=learner,
        item=comp("1.1"),
        level=level(2),
        status=SelfAssessment.Status.REJECTED,
    )
    assert _states(badge_progress(badge_class=badge, user=learner)) == [
        [(Step.TODO, "Not confirmed: you can rate yourself again")]
    ]


def test_an_approved_sign_off_stands_and_a_deleted_target_cannot_be_met(
    learner, manager, council, sign_off_badge
):
    EvidenceSubmission.objects.create(
        organisation=council,
        learner=learner,
        badge_class=sign_off_badge,
        criterion=sign_off_badge.sign_off,
        statement="Done.",
        status=EvidenceSubmission.Status.APPROVED,
    )
    CriterionFactory(badge_class=sign_off_badge, kind=Criterion.Kind.BADGE_HELD)

    (group,) = badge_progress(badge_class=sign_off_badge, user=learner)

    assert [step.state for step in group.steps] == [Step.DONE, Step.BROKEN]


def test_progress_queries_do_not_grow_with_rules(learner, comp, level):
    def badge_with(rules: int):
        badge = BadgeClassFactory()
        for n in range(rules):
            required = BadgeClassFactory()
            CriterionFactory(
                badge_class=badge, kind=Criterion.Kind.BADGE_HELD, required_badge=required
            )
            CriterionFactory(badge_class=badge, kind=Criterion.Kind.SIGN_OFF)
            CriterionFactory(
                badge_class=badge,
                kind=Criterion.Kind.SELF_ASSESSMENT,
                item=comp(f"7.{rules}.{n}"),
                level=level(3),
            )
        return badge

    def count(badge) -> int:
        with CaptureQueriesContext(connection) as queries:
            badge_progress(badge_class=badge, user=learner)
        return len(queries)

    assert count(badge_with(2)) == count(badge_with(20)) <= 6
