"""Each criterion kind, AND/OR groups, deleted targets, and the evidence recorded."""

from decimal import Decimal

import pytest

from badges.engine.evaluate import evaluate_learner
from badges.factories import BadgeClassFactory
from badges.models import AwardEvidence, BadgeAward
from tests.badges.engine.conftest import (
    Kind,
    badge_with,
    complete,
    days_ago,
    score,
    self_assess,
    sign_off,
)

pytestmark = pytest.mark.django_db


def awarded(user):
    return set(BadgeAward.objects.filter(recipient=user).values_list("badge_class_id", flat=True))


def test_course_completed_awards_with_the_completion_as_evidence(learner, course, council):
    badge = badge_with({"kind": Kind.COURSE_COMPLETED, "course": course})
    assert evaluate_learner(user_id=learner.pk) == []
    completion = complete(learner, course)
    [award] = evaluate_learner(user_id=learner.pk)
    assert award.badge_class_id == badge.pk and award.cycle == 1
    assert award.method == "automatic" and award.organisation_id == council.pk
    evidence = AwardEvidence.objects.get(award=award)
    assert evidence.course_completion == completion
    assert "Staying safe online" in evidence.summary


def test_activity_score_needs_the_threshold(learner, quiz):
    lesson, key = quiz
    badge = badge_with(
        {"kind": Kind.ACTIVITY_SCORE, "lesson": lesson, "activity_key": key, "min_score": "0.9"}
    )
    score(learner, lesson, key, "0.85")
    assert evaluate_learner(user_id=learner.pk) == []
    event = score(learner, lesson, key, "0.9")
    [award] = evaluate_learner(user_id=learner.pk)
    evidence = AwardEvidence.objects.get(award=award)
    assert award.badge_class_id == badge.pk
    assert evidence.learning_event == event and "90%" in evidence.summary


def test_activity_score_counts_best_not_latest(learner, quiz):
    lesson, key = quiz
    badge_with(
        {"kind": Kind.ACTIVITY_SCORE, "lesson": lesson, "activity_key": key, "min_score": "0.8"}
    )
    best = score(learner, lesson, key, "0.95", at=days_ago(2))
    score(learner, lesson, key, "0.5")
    [award] = evaluate_learner(user_id=learner.pk)
    assert AwardEvidence.objects.get(award=award).learning_event == best


def test_activity_score_of_another_lesson_with_the_same_key_does_not_count(
    learner, quiz, other_course
):
    lesson, key = quiz
    other_lesson = other_course.lessons().first()
    badge_with(
        {
            "kind": Kind.ACTIVITY_SCORE,
            "lesson": other_lesson,
            "activity_key": key,
            "min_score": "0.5",
        }
    )
    score(learner, lesson, key, "1")
    assert evaluate_learner(user_id=learner.pk) == []


def test_badge_held_needs_a_current_award(learner, course, hr_admin):
    from badges.engine.awarding import award_badge, revoke_award

    base = BadgeClassFactory()
    needs = badge_with({"kind": Kind.BADGE_HELD, "required_badge": base})
    held = award_badge(badge_class=base, recipient=learner, method="manual")
    revoke_award(award=held, by=hr_admin, reason="Mistake")
    assert evaluate_learner(user_id=learner.pk) == []
    again = award_badge(badge_class=base, recipient=learner, method="manual")
    [award] = evaluate_learner(user_id=learner.pk)
    assert award.badge_class_id == needs.pk
    assert AwardEvidence.objects.get(award=award).held_award == again


def test_expired_held_badge_does_not_count(learner):
    base = BadgeClassFactory(valid_for_days=10)
    badge_with({"kind": Kind.BADGE_HELD, "required_badge": base})
    BadgeAward.objects.create(
        badge_class=base, recipient=learner, awarded_at=days_ago(20), expires_at=days_ago(10)
    )
    assert evaluate_learner(user_id=learner.pk) == []


def test_sign_off_needs_an_approved_submission_for_that_criterion(learner, manager):
    badge = badge_with({"kind": Kind.SIGN_OFF})
    criterion = badge.criteria.get()
    other = badge_with({"kind": Kind.SIGN_OFF}).criteria.get()
    sign_off(learner, criterion, status="pending")
    sign_off(learner, criterion, status="rejected")
    sign_off(learner, other, status="pending")
    assert evaluate_learner(user_id=learner.pk) == []
    approved = sign_off(learner, criterion, reviewer=manager)
    [award] = evaluate_learner(user_id=learner.pk)
    assert award.badge_class_id == badge.pk
    assert AwardEvidence.objects.get(award=award).submission == approved


def test_self_assessment_uses_the_newest_confirmed_rank(learner, framework):
    item, levels = framework["item"], framework["levels"]
    badge = badge_with({"kind": Kind.SELF_ASSESSMENT, "item": item, "level": levels[2]})
    self_assess(learner, item, levels[3], status="declared")
    assert evaluate_learner(user_id=learner.pk) == []
    self_assess(learner, item, levels[1], status="confirmed", at=days_ago(1))
    assert evaluate_learner(user_id=learner.pk) == []  # below the level
    self_assess(learner, item, levels[3], status="confirmed", at=days_ago(0.5))
    # A newer rejected rating replaces it as current.
    self_assess(learner, item, levels[3], status="rejected")
    assert evaluate_learner(user_id=learner.pk) == []
    newest = self_assess(learner, item, levels[2], status="confirmed")
    [award] = evaluate_learner(user_id=learner.pk)
    assert award.badge_class_id == badge.pk
    assert AwardEvidence.objects.get(award=award).self_assessment == newest


def test_rules_in_a_group_are_all_needed(learner, course, other_course):
    badge_with(
        {"kind": Kind.COURSE_COMPLETED, "course": course},
        {"kind": Kind.COURSE_COMPLETED, "course": other_course},
    )
    complete(learner, course)
    assert evaluate_learner(user_id=learner.pk) == []
    complete(learner, other_course)
    [award] = evaluate_learner(user_id=learner.pk)
    assert award.evidence.count() == 2


def test_any_one_group_is_enough(learner, course, other_course, quiz):
    lesson, key = quiz
    badge = badge_with(
        {"group": 1, "kind": Kind.COURSE_COMPLETED, "course": course},
        {"group": 1, "kind": Kind.COURSE_COMPLETED, "course": other_course},
        {
            "group": 2,
            "kind": Kind.ACTIVITY_SCORE,
            "lesson": lesson,
            "activity_key": key,
            "min_score": Decimal("0.8"),
        },
    )
    complete(learner, course)  # half of group 1
    score(learner, lesson, key, "0.8")  # all of group 2
    [award] = evaluate_learner(user_id=learner.pk)
    assert award.badge_class_id == badge.pk
    [evidence] = award.evidence.all()
    assert evidence.learning_event_id is not None


@pytest.mark.parametrize(
    "deleted",
    ["course", "lesson", "required_badge", "item", "level"],
)
def test_a_rule_whose_target_was_deleted_is_never_met(learner, course, quiz, framework, deleted):
    lesson, key = quiz
    base = BadgeClassFactory()
    from badges.engine.awarding import award_badge

    award_badge(badge_class=base, recipient=learner, method="manual")
    complete(learner, course)
    score(learner, lesson, key, "1")
    item, level = framework["item"], framework["levels"][1]
    self_assess(learner, item, framework["levels"][3])
    rule = {
        "course": {"kind": Kind.COURSE_COMPLETED, "course": course},
        "lesson": {
            "kind": Kind.ACTIVITY_SCORE,
            "lesson": lesson,
            "activity_key": key,
            "min_score": Decimal("0.5"),
        },
        "required_badge": {"kind": Kind.BADGE_HELD, "required_badge": base},
        "item": {"kind": Kind.SELF_ASSESSMENT, "item": item, "level": level},
        "level": {"kind": Kind.SELF_ASSESSMENT, "item": item, "level": level},
    }[deleted]
    badge = badge_with(rule)
    # The target goes (SET_NULL), as when an editor deletes the course or level.
    badge.criteria.update(**{deleted: None})
    assert evaluate_learner(user_id=learner.pk) == []


def test_badge_without_criteria_or_inactive_is_never_awarded_automatically(learner, course):
    BadgeClassFactory()
    badge_with({"kind": Kind.COURSE_COMPLETED, "course": course}, is_active=False)
    complete(learner, course)
    assert evaluate_learner(user_id=learner.pk) == []


def test_badge_class_ids_limits_the_check(learner, course):
    first = badge_with({"kind": Kind.COURSE_COMPLETED, "course": course})
    second = badge_with({"kind": Kind.COURSE_COMPLETED, "course": course})
    complete(learner, course)
    [award] = evaluate_learner(user_id=learner.pk, badge_class_ids=[second.pk])
    assert award.badge_class_id == second.pk
    [award] = evaluate_learner(user_id=learner.pk)
    assert award.badge_class_id == first.pk
