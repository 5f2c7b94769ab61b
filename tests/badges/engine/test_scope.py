"""Who may earn which badge: councils' own badges, sector badges, graduates."""

import pytest

from badges.engine.awarding import award_badge
from badges.engine.errors import AwardRefused
from badges.engine.evaluate import evaluate_learner
from badges.models import BadgeAward
from courses.factories import course_with_lessons
from tests.badges.engine.conftest import Kind, badge_with, complete

pytestmark = pytest.mark.django_db


def test_council_badge_is_not_awarded_to_another_councils_learner(
    learner, other_learner, course, council
):
    badge_with({"kind": Kind.COURSE_COMPLETED, "course": course}, organisation=council)
    complete(other_learner, course)  # the course is shared with the sector
    assert evaluate_learner(user_id=other_learner.pk) == []
    complete(learner, course)
    assert len(evaluate_learner(user_id=learner.pk)) == 1


def test_graduates_earn_sector_badges_only(graduate, council):
    taster = course_with_lessons(title="Taster", audience="public")
    sector = badge_with({"kind": Kind.COURSE_COMPLETED, "course": taster})
    badge_with({"kind": Kind.COURSE_COMPLETED, "course": taster}, organisation=council)
    complete(graduate, taster)
    [award] = evaluate_learner(user_id=graduate.pk)
    assert award.badge_class_id == sector.pk and award.organisation_id is None


def test_leaver_is_no_longer_their_councils(learner, course, council):
    badge_with({"kind": Kind.COURSE_COMPLETED, "course": course}, organisation=council)
    complete(learner, course)
    learner.staff_profile.is_active = False
    learner.staff_profile.save(update_fields=["is_active"])
    assert evaluate_learner(user_id=learner.pk) == []


def test_manual_award_across_councils_is_refused_and_nothing_written(other_learner, council):
    badge = badge_with(organisation=council)
    with pytest.raises(AwardRefused):
        award_badge(badge_class=badge, recipient=other_learner, method="manual")
    assert not BadgeAward.objects.exists()


def test_unknown_learner_evaluates_to_nothing(db):
    assert evaluate_learner(user_id=987654) == []
