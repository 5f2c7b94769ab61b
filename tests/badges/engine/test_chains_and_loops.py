"""Badge chains award to a fixed point; criteria loops are found and refused."""

import pytest
from django.core.exceptions import ValidationError

from badges.engine.criteria import ensure_no_criteria_loop, find_criteria_loop
from badges.engine.evaluate import evaluate_learner
from badges.factories import BadgeClassFactory, CriterionFactory
from badges.models import AwardEvidence, BadgeAward
from tests.badges.engine.conftest import Kind, badge_with, complete

pytestmark = pytest.mark.django_db


def test_a_new_award_earns_the_badges_that_need_it(learner, course):
    first = badge_with({"kind": Kind.COURSE_COMPLETED, "course": course}, name="Bronze")
    second = badge_with({"kind": Kind.BADGE_HELD, "required_badge": first}, name="Silver")
    third = badge_with({"kind": Kind.BADGE_HELD, "required_badge": second}, name="Gold")
    complete(learner, course)
    awards = evaluate_learner(user_id=learner.pk)
    assert [a.badge_class_id for a in awards] == [first.pk, second.pk, third.pk]
    gold_evidence = AwardEvidence.objects.get(award__badge_class=third)
    assert gold_evidence.held_award == BadgeAward.objects.get(badge_class=second)
    assert evaluate_learner(user_id=learner.pk) == []


def test_a_loop_in_saved_criteria_is_never_met_and_does_not_hang(learner, course):
    a = BadgeClassFactory(name="A")
    b = BadgeClassFactory(name="B")
    CriterionFactory(badge_class=a, kind=Kind.BADGE_HELD, required_badge=b)
    CriterionFactory(badge_class=b, kind=Kind.BADGE_HELD, required_badge=a)
    complete(learner, course)
    assert evaluate_learner(user_id=learner.pk) == []


def test_find_criteria_loop_returns_the_chain():
    a, b, c = (BadgeClassFactory(name=name) for name in "ABC")
    CriterionFactory(badge_class=b, kind=Kind.BADGE_HELD, required_badge=c)
    CriterionFactory(badge_class=c, kind=Kind.BADGE_HELD, required_badge=a)
    assert find_criteria_loop(badge_class=a, required_badge_ids=[b.pk]) == [a, b, c, a]
    assert find_criteria_loop(badge_class=a, required_badge_ids=[c.pk]) == [a, c, a]
    assert find_criteria_loop(badge_class=b, required_badge_ids=[c.pk]) == []
    assert find_criteria_loop(badge_class=a, required_badge_ids=[a.pk]) == [a, a]
    unsaved = BadgeClassFactory.build()
    assert find_criteria_loop(badge_class=unsaved, required_badge_ids=[a.pk]) == []


def test_proposed_requirements_replace_the_saved_ones():
    a, b = BadgeClassFactory(name="A"), BadgeClassFactory(name="B")
    CriterionFactory(badge_class=b, kind=Kind.BADGE_HELD, required_badge=a)
    CriterionFactory(badge_class=a, kind=Kind.BADGE_HELD, required_badge=b)
    # Editing A to drop its need for B removes the loop.
    assert find_criteria_loop(badge_class=a, required_badge_ids=[]) == []
    assert find_criteria_loop(badge_class=a, required_badge_ids=[b.pk]) == [a, b, a]


def test_ensure_no_criteria_loop_raises_with_the_names():
    a, b = BadgeClassFactory(name="Alpha"), BadgeClassFactory(name="Beta")
    CriterionFactory(badge_class=b, kind=Kind.BADGE_HELD, required_badge=a)
    ensure_no_criteria_loop(badge_class=a)  # saved criteria: no loop yet
    with pytest.raises(ValidationError, match="“Alpha” needs “Beta” needs “Alpha”"):
        ensure_no_criteria_loop(badge_class=a, required_badge_ids=[b.pk])
    CriterionFactory(badge_class=a, kind=Kind.BADGE_HELD, required_badge=b)
    with pytest.raises(ValidationError):
        ensure_no_criteria_loop(badge_class=a)
