"""Fixtures and fact builders for the award engine tests.

Facts (completions, scores, sign-offs, self-assessments) are written straight to the
tables the engine reads, with chosen dates, so each test states exactly what the
learner has done. The end-to-end tests go through lms.records.services instead.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from badges.factories import (
    BadgeClassFactory,
    CriterionFactory,
    FrameworkFactory,
    FrameworkItemFactory,
    scale,
)
from badges.models import Criterion, EvidenceSubmission, SelfAssessment
from courses.factories import course_with_lessons, quiz_block, text_block
from courses.models import CoursePage
from lms.people.models import StaffProfile
from lms.records.models import ActivityProgress, CourseCompletion, Enrolment, LearningEvent

Kind = Criterion.Kind


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def course(council):
    """A course every council can take: a reading lesson and a quiz lesson."""
    return course_with_lessons(
        title="Staying safe online",
        owning_council=council,
        shared_with_sector=True,
        lessons=[[text_block()], [quiz_block()]],
    )


@pytest.fixture
def other_course(council):
    return course_with_lessons(title="Working with data", owning_council=council)


@pytest.fixture
def quiz(course):
    """(lesson, activity key) of the course's quiz."""
    lesson = list(course.lessons())[1]
    return lesson, lesson.activities()[0][0]


@pytest.fixture
def framework(db):
    framework = FrameworkFactory(code="testfw")
    levels = scale(framework, ranks=4)
    item = FrameworkItemFactory(framework=framework, code="1.1")
    return {"framework": framework, "levels": levels, "item": item}


def enrolment_for(user, course) -> Enrolment:
    organisation_id = (
        StaffProfile.objects.filter(user=user, is_active=True)
        .values_list("organisation_id", flat=True)
        .first()
    )
    enrolment, _ = Enrolment.objects.get_or_create(
        user=user, course=course, defaults={"organisation_id": organisation_id}
    )
    return enrolment


def complete(user, course, *, at=None) -> CourseCompletion:
    enrolment = enrolment_for(user, course)
    return CourseCompletion.objects.create(
        enrolment=enrolment,
        user=user,
        organisation_id=enrolment.organisation_id,
        course=course,
        number=enrolment.completions.count() + 1,
        completed_at=at or timezone.now(),
    )


def score(user, lesson, key, value, *, at=None) -> LearningEvent:
    course = CoursePage.objects.get(pk=lesson.get_parent().pk)
    enrolment = enrolment_for(user, course)
    value = Decimal(str(value))
    progress, _ = ActivityProgress.objects.get_or_create(
        enrolment=enrolment, activity_key=key, defaults={"lesson": lesson, "kind": "quiz"}
    )
    progress.score = value
    progress.best_score = max(value, progress.best_score or Decimal(0))
    progress.save()
    event = LearningEvent.objects.create(
        user=user,
        organisation_id=enrolment.organisation_id,
        enrolment=enrolment,
        course=course,
        lesson=lesson,
        activity_key=key,
        verb="passed" if value >= Decimal("0.8") else "failed",
        source="quiz",
        result={"score": str(value)},
    )
    if at is not None:
        LearningEvent.objects.filter(pk=event.pk).update(occurred_at=at)
    return event


def sign_off(user, criterion, *, reviewer=None, at=None, status="approved"):
    return EvidenceSubmission.objects.create(
        organisation_id=StaffProfile.objects.get(user=user).organisation_id,
        learner=user,
        badge_class=criterion.badge_class,
        criterion=criterion,
        statement="I ran the session.",
        status=status,
        reviewer=reviewer,
        reviewed_at=at or timezone.now(),
    )


def self_assess(user, item, level, *, status="confirmed", at=None) -> SelfAssessment:
    row = SelfAssessment.objects.create(
        learner=user, item=item, level=level, status=status, confirmed_at=at
    )
    if at is not None:
        SelfAssessment.objects.filter(pk=row.pk).update(declared_at=at)
    return row


def badge_with(*rules, **badge_fields):
    """A badge whose criteria are the given dicts (group defaults to 1)."""
    badge = BadgeClassFactory(**badge_fields)
    for rule in rules:
        CriterionFactory(badge_class=badge, **rule)
    return badge
