"""Demo badges: aligned to DigComp, criteria on the demo courses, a few awards, idempotent."""

from __future__ import annotations

import pytest

from badges.demo import DEMO_BADGES, seed_demo_badges
from badges.engine.criteria import find_criteria_loop
from badges.models import BadgeAward, BadgeClass, Criterion
from courses.demo import seed_demo_courses
from lms.people.factories import StaffProfileFactory
from lms.people.management.commands.seed_job_roles import load_job_roles
from lms.people.models import JobRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_council(council, frameworks):
    seed_demo_courses(council=council)
    load_job_roles()
    adviser = JobRole.objects.get(slug="customer-services-adviser", organisation=None)
    for local in ("learner", "manager", "hr", "editor"):
        StaffProfileFactory(
            organisation=council, user__email=f"{local}@northby.gov.uk", job_role=adviser
        )
    for n in range(7):
        StaffProfileFactory(
            organisation=council,
            user__email=f"adviser{n}@northby.gov.uk",
            employee_id=f"E{n:05d}",
            job_role=adviser,
        )
    return council


def test_demo_badges_are_aligned_and_earnable(demo_council):
    result = seed_demo_badges(organisation=demo_council)
    assert result.badges_created == len(DEMO_BADGES) == 6
    badges = {b.slug: b for b in BadgeClass.objects.all()}
    assert badges["digital-careers-explorer"].organisation is None
    assert badges["safe-online-at-work"].organisation == demo_council
    for badge in badges.values():
        alignments = list(badge.alignments.select_related("item__framework", "level"))
        assert alignments, badge.slug
        for alignment in alignments:
            assert alignment.item.framework.code == "digcomp"
            assert alignment.level.framework_id == alignment.item.framework_id
        assert badge.criteria.exists(), badge.slug
        for criterion in badge.criteria.all():
            if criterion.kind in (Criterion.Kind.COURSE_COMPLETED, Criterion.Kind.ACTIVITY_SCORE):
                assert criterion.course is not None
            if criterion.kind == Criterion.Kind.BADGE_HELD:
                assert criterion.required_badge is not None
        assert find_criteria_loop(badge_class=badge, required_badge_ids=[]) == []
    kinds = set(Criterion.objects.values_list("kind", flat=True))
    assert kinds >= {"course_completed", "activity_score", "badge_held", "sign_off"}
    quiz_rule = Criterion.objects.get(kind="activity_score")
    assert quiz_rule.lesson.get_parent().slug == "staying-safe-online-at-work"
    assert quiz_rule.activity_key in dict(quiz_rule.lesson.specific.activities())
    chain = badges["cyber-and-data-champion"].criteria.values_list(
        "required_badge__slug", flat=True
    )
    assert set(chain) == {"phishing-spotter", "data-protection-in-practice"}


def test_demo_awards_go_to_named_staff_and_a_few_advisers(demo_council):
    result = seed_demo_badges(organisation=demo_council)
    assert result.awards_created == 12
    held = set(BadgeAward.objects.values_list("recipient__email", "badge_class__slug"))
    assert ("learner@northby.gov.uk", "data-protection-at-work") in held
    assert ("learner@northby.gov.uk", "safe-online-at-work") not in held
    advisers = {email for email, slug in held if email.startswith("adviser")}
    assert len(advisers) == 5
    award = BadgeAward.objects.filter(recipient__email="hr@northby.gov.uk").first()
    assert award.method == BadgeAward.Method.PRIOR_LEARNING
    assert award.organisation == demo_council


def test_seeding_demo_badges_again_creates_nothing(demo_council):
    seed_demo_badges(organisation=demo_council)
    counts = (BadgeClass.objects.count(), Criterion.objects.count(), BadgeAward.objects.count())
    BadgeClass.objects.filter(slug="phishing-spotter").update(name="Edited by an editor")
    again = seed_demo_badges(organisation=demo_council)
    assert (again.badges_created, again.awards_created) == (0, 0)
    assert counts == (
        BadgeClass.objects.count(),
        Criterion.objects.count(),
        BadgeAward.objects.count(),
    )
    assert BadgeClass.objects.get(slug="phishing-spotter").name == "Edited by an editor"


def test_demo_badges_need_the_frameworks(council):
    seed_demo_courses(council=council)
    with pytest.raises(LookupError, match="load_frameworks"):
        seed_demo_badges(organisation=council)
    assert not BadgeClass.objects.exists()
