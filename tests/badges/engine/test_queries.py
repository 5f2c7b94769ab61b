"""Evaluating one learner after one event costs the same few queries with 10 or 200 badges."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from badges.engine.awarding import award_badge
from badges.engine.evaluate import evaluate_learner
from badges.factories import BadgeClassFactory, FrameworkItemFactory
from badges.models import BadgeClass, Criterion
from tests.badges.engine.conftest import Kind, complete, score, self_assess, sign_off

pytestmark = pytest.mark.django_db

# The target is at most 10. Criteria (1), the learner's facts in one UNION (1), the
# scored events behind a qualifying best score (1), then awards, evidence and audit
# (3). Outside a test's transaction BEGIN and COMMIT make it 8 (bench_badges.py).
QUERY_CEILING = 6


def catalogue(count: int, *, course, other_course, quiz, framework) -> list[BadgeClass]:
    """`count` badges with every kind of criterion; the learner meets only a few."""
    lesson, key = quiz
    badges = BadgeClass.objects.bulk_create(
        BadgeClass(slug=f"b{n}", name=f"Badge {n}", description="-", criteria_narrative="-")
        for n in range(count)
    )
    items = [FrameworkItemFactory(framework=framework["framework"]) for _ in range(3)]
    level = framework["levels"][2]
    rules = []
    for n, badge in enumerate(badges):
        kind = n % 5
        if kind == 0:
            rules.append(
                Criterion(badge_class=badge, kind=Kind.COURSE_COMPLETED, course=other_course)
            )
        elif kind == 1:
            rules.append(
                Criterion(
                    badge_class=badge,
                    kind=Kind.ACTIVITY_SCORE,
                    lesson=lesson,
                    activity_key=f"{key}-{n}",
                    min_score=Decimal("0.5"),
                )
            )
        elif kind == 2:
            rules.append(Criterion(badge_class=badge, kind=Kind.SIGN_OFF))
        elif kind == 3:
            rules.append(
                Criterion(
                    badge_class=badge, kind=Kind.SELF_ASSESSMENT, item=items[n % 3], level=level
                )
            )
        else:
            rules.append(
                Criterion(badge_class=badge, kind=Kind.BADGE_HELD, required_badge=badges[n - 1])
            )
        # A second group the learner half meets.
        rules.append(
            Criterion(badge_class=badge, group=2, kind=Kind.COURSE_COMPLETED, course=course)
        )
        rules.append(Criterion(badge_class=badge, group=2, kind=Kind.SIGN_OFF))
    Criterion.objects.bulk_create(rules)
    return badges


@pytest.fixture
def learner_with_history(learner, course, quiz, framework, manager):
    """A learner with one of every kind of fact, some of which meet the badges below."""
    lesson, key = quiz
    score(learner, lesson, key, "0.9")
    held = BadgeClassFactory(name="Held already")
    award_badge(badge_class=held, recipient=learner, method="manual")
    self_assess(learner, framework["item"], framework["levels"][3])
    return learner


def earned_by_the_event(*, course, quiz, learner, manager):
    """Badges the next event (a course completion) earns, with a chain and evidence of all kinds."""
    lesson, key = quiz
    first = BadgeClassFactory(name="Completer")
    Criterion.objects.create(badge_class=first, kind=Kind.COURSE_COMPLETED, course=course)
    Criterion.objects.create(
        badge_class=first,
        kind=Kind.ACTIVITY_SCORE,
        lesson=lesson,
        activity_key=key,
        min_score=Decimal("0.8"),
    )
    signed = Criterion.objects.create(badge_class=first, kind=Kind.SIGN_OFF)
    sign_off(learner, signed, reviewer=manager)
    chained = BadgeClassFactory(name="Chained")
    Criterion.objects.create(badge_class=chained, kind=Kind.BADGE_HELD, required_badge=first)
    return {first.pk, chained.pk}


@pytest.mark.parametrize("count", [10, 200])
def test_evaluation_after_an_event_is_flat_in_badge_classes(
    count,
    learner_with_history,
    course,
    other_course,
    quiz,
    framework,
    manager,
    django_assert_max_num_queries,
):
    learner = learner_with_history
    catalogue(count, course=course, other_course=other_course, quiz=quiz, framework=framework)
    expected = earned_by_the_event(course=course, quiz=quiz, learner=learner, manager=manager)
    complete(learner, course)
    with django_assert_max_num_queries(QUERY_CEILING):
        awards = evaluate_learner(user_id=learner.pk)
    assert {a.badge_class_id for a in awards} == expected
    # And a repeat evaluation (a retried task) finds nothing, in fewer queries still.
    with django_assert_max_num_queries(QUERY_CEILING):
        assert evaluate_learner(user_id=learner.pk) == []


def test_query_count_is_the_same_for_10_and_200_badges(
    learner_with_history, course, other_course, quiz, framework, manager
):
    learner = learner_with_history
    catalogue(10, course=course, other_course=other_course, quiz=quiz, framework=framework)
    counts = []
    for extra in (0, 190):
        BadgeClass.objects.filter(slug__startswith="x").update(is_active=False)
        if extra:
            more = BadgeClass.objects.bulk_create(
                BadgeClass(slug=f"x{n}", name=f"X {n}", description="-", criteria_narrative="-")
                for n in range(extra)
            )
            Criterion.objects.bulk_create(
                Criterion(badge_class=b, kind=Kind.COURSE_COMPLETED, course=other_course)
                for b in more
            )
        with CaptureQueriesContext(connection) as queries:
            evaluate_learner(user_id=learner.pk)
        counts.append(len(queries))
    assert counts[0] == counts[1]
