"""Once per validity period, recertification windows and fresh evidence."""

import datetime

import pytest

from badges.engine.awarding import award_badge, revoke_award
from badges.engine.evaluate import evaluate_learner
from badges.models import BadgeAward
from tests.badges.engine.conftest import Kind, badge_with, complete, days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def yearly(course):
    return badge_with(
        {"kind": Kind.COURSE_COMPLETED, "course": course},
        valid_for_days=365,
        recertify_within_days=30,
    )


def test_awarded_once_however_often_evaluated(learner, course, yearly):
    complete(learner, course)
    assert len(evaluate_learner(user_id=learner.pk)) == 1
    complete(learner, course)  # completing again while the award is current
    assert evaluate_learner(user_id=learner.pk) == []
    assert BadgeAward.objects.filter(recipient=learner).count() == 1


def test_expiry_is_set_from_validity(learner, course, yearly):
    complete(learner, course)
    [award] = evaluate_learner(user_id=learner.pk)
    assert award.expires_at - award.awarded_at == datetime.timedelta(days=365)


def test_old_evidence_outside_the_validity_period_does_not_count(learner, course, yearly):
    complete(learner, course, at=days_ago(400))
    assert evaluate_learner(user_id=learner.pk) == []
    complete(learner, course, at=days_ago(300))
    assert len(evaluate_learner(user_id=learner.pk)) == 1


def _held(learner, badge, *, awarded_days_ago, expires_in_days):
    return BadgeAward.objects.create(
        badge_class=badge,
        recipient=learner,
        awarded_at=days_ago(awarded_days_ago),
        valid_from=days_ago(awarded_days_ago),
        expires_at=days_ago(-expires_in_days),
        method="automatic",
    )


def test_recertification_inside_the_window_needs_newer_evidence(learner, course, yearly):
    held = _held(learner, yearly, awarded_days_ago=345, expires_in_days=20)
    complete(learner, course, at=days_ago(350))  # the evidence of the first award
    assert evaluate_learner(user_id=learner.pk) == []
    complete(learner, course, at=days_ago(1))
    [renewal] = evaluate_learner(user_id=learner.pk)
    assert renewal.cycle == 2
    # Renewing early keeps the days left: the new period runs on from the old expiry.
    assert renewal.expires_at == held.expires_at + datetime.timedelta(days=365)


def test_no_recertification_before_the_window(learner, course, yearly):
    _held(learner, yearly, awarded_days_ago=200, expires_in_days=165)
    complete(learner, course, at=days_ago(1))
    assert evaluate_learner(user_id=learner.pk) == []


def test_after_expiry_evidence_gathered_since_the_award_renews_it(learner, course, yearly):
    _held(learner, yearly, awarded_days_ago=370, expires_in_days=-5)
    complete(learner, course, at=days_ago(100))  # too early to renew at the time
    [renewal] = evaluate_learner(user_id=learner.pk)
    assert renewal.cycle == 2
    assert renewal.expires_at - renewal.awarded_at == datetime.timedelta(days=365)


def test_revoked_award_is_not_handed_back_on_the_same_evidence(learner, course, hr_admin):
    badge = badge_with({"kind": Kind.COURSE_COMPLETED, "course": course})
    complete(learner, course, at=days_ago(3))
    [award] = evaluate_learner(user_id=learner.pk)
    revoke_award(award=award, by=hr_admin, reason="Completed on someone else's account")
    assert evaluate_learner(user_id=learner.pk) == []
    complete(learner, course)
    [again] = evaluate_learner(user_id=learner.pk)
    assert (again.badge_class_id, again.cycle) == (badge.pk, 2)


def test_manual_award_in_the_window_opens_the_next_cycle(learner, course, yearly):
    _held(learner, yearly, awarded_days_ago=350, expires_in_days=15)
    award = award_badge(badge_class=yearly, recipient=learner, method="manual")
    assert award.cycle == 2
    assert award_badge(badge_class=yearly, recipient=learner, method="manual") is None
