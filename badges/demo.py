"""Demo badges for `manage.py seed_demo`: aligned to DigComp, earned through the demo courses.

Created once: a badge that already exists (by slug, for its owner) is left as an
editor may have changed it. A few demo staff are given badges for learning done
before the platform existed, through the engine's award_badge like any other award;
award_badge gives nothing to someone who already holds the badge, so a second run
awards nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from badges.engine.awarding import award_badge
from badges.frameworks.lookup import resolve_competence, resolve_level
from badges.models import BadgeAlignment, BadgeAward, BadgeClass, Criterion
from courses.models import CoursePage, LessonPage
from lms.people.models import Organisation, StaffProfile

Kind = Criterion.Kind


class Rule(NamedTuple):
    kind: str
    group: int = 1
    course: str = ""  # course slug
    quiz_in: str = ""  # course slug whose first quiz is scored
    min_score: str = ""
    badge: str = ""  # required badge slug
    instructions: str = ""


class DemoBadge(NamedTuple):
    slug: str
    name: str
    description: str
    narrative: str
    alignments: tuple[tuple[str, int], ...]  # DigComp code, level
    rules: tuple[Rule, ...]
    valid_for_days: int | None = None
    recertify_within_days: int | None = None
    shared: bool = False  # True: a sector badge anyone (graduates too) can earn


SAFE_ONLINE = "staying-safe-online-at-work"
PERSONAL_DATA = "handling-personal-data"
CAREERS = "digital-careers-taster"

DEMO_BADGES: tuple[DemoBadge, ...] = (
    DemoBadge(
        "safe-online-at-work",
        "Safe online at work",
        "Recognises phishing and scams, keeps accounts secure and reports problems quickly.",
        "Complete the course “Staying safe online at work”. Renew it every year.",
        (("4.1", 3),),
        (Rule(Kind.COURSE_COMPLETED, course=SAFE_ONLINE),),
        valid_for_days=365,
        recertify_within_days=60,
    ),
    DemoBadge(
        "phishing-spotter",
        "Phishing spotter",
        "Picks out every phishing message in the council's scenario quiz.",
        "Score 100% in the quiz of “Staying safe online at work”.",
        (("4.1", 4),),
        (Rule(Kind.ACTIVITY_SCORE, quiz_in=SAFE_ONLINE, min_score="1.0000"),),
        valid_for_days=365,
        recertify_within_days=60,
    ),
    DemoBadge(
        "data-protection-at-work",
        "Data protection at work",
        "Knows what personal data is, when it may be shared and how to report a breach.",
        "Complete the course “Handling personal data with care”.",
        (("4.2", 3),),
        (Rule(Kind.COURSE_COMPLETED, course=PERSONAL_DATA),),
        valid_for_days=730,
        recertify_within_days=60,
    ),
    DemoBadge(
        "data-protection-in-practice",
        "Data protection in practice",
        "Handles residents' personal data safely in everyday casework, checked by a manager.",
        "Hold “Data protection at work”, then show your line manager how you share and store "
        "personal data in your own job; they sign it off.",
        (("4.2", 5),),
        (
            Rule(Kind.BADGE_HELD, badge="data-protection-at-work"),
            Rule(
                Kind.SIGN_OFF,
                instructions=(
                    "Learner: show a real (or realistic) case where you shared personal data "
                    "with a partner, and how you chose what to send and how. Manager: check "
                    "the least necessary data went by a secure route, and record what you saw."
                ),
            ),
        ),
    ),
    DemoBadge(
        "cyber-and-data-champion",
        "Cyber and data champion",
        "A go-to person in the team for staying safe online and handling personal data well.",
        "Hold both “Phishing spotter” and “Data protection in practice”.",
        (("4.1", 4), ("4.2", 5)),
        (
            Rule(Kind.BADGE_HELD, badge="phishing-spotter"),
            Rule(Kind.BADGE_HELD, badge="data-protection-in-practice"),
        ),
    ),
    DemoBadge(
        "digital-careers-explorer",
        "Digital careers explorer",
        "Has explored the digital and data roles that keep council services running.",
        "Complete “Digital work in local government: a taster”.",
        (("2.6", 2),),
        (Rule(Kind.COURSE_COMPLETED, course=CAREERS),),
        shared=True,
    ),
)


class DemoAward(NamedTuple):
    who: str  # local part of a named demo login, or "role:<job role slug>:<how many>"
    badge: str
    days_ago: int


# The learner is left without "Safe online at work" so that finishing the course in the
# demo shows the badge arriving.
DEMO_AWARDS: tuple[DemoAward, ...] = (
    DemoAward("learner", "data-protection-at-work", 40),
    DemoAward("manager", "safe-online-at-work", 120),
    DemoAward("manager", "data-protection-at-work", 90),
    DemoAward("hr", "safe-online-at-work", 200),
    DemoAward("hr", "data-protection-at-work", 150),
    DemoAward("hr", "data-protection-in-practice", 100),
    DemoAward("editor", "safe-online-at-work", 60),
    DemoAward("role:customer-services-adviser:5", "safe-online-at-work", 30),
)


class DemoBadgeResult(NamedTuple):
    badges_created: int
    awards_created: int


@transaction.atomic
def seed_demo_badges(*, organisation: Organisation) -> DemoBadgeResult:
    """Create the missing demo badges (needs the shipped frameworks and demo courses)."""
    created: dict[str, BadgeClass] = {}
    badges: dict[str, BadgeClass] = {}
    for spec in DEMO_BADGES:
        owner = None if spec.shared else organisation
        badge = BadgeClass.objects.filter(organisation=owner, slug=spec.slug).first()
        if badge is None:
            badge = _create_badge(spec, owner=owner, known=badges)
            created[spec.slug] = badge
        badges[spec.slug] = badge
    awards = _award_demo_badges(organisation=organisation, badges=badges)
    return DemoBadgeResult(len(created), awards)


def _create_badge(spec: DemoBadge, *, owner, known: dict[str, BadgeClass]) -> BadgeClass:
    badge = BadgeClass.objects.create(
        organisation=owner,
        slug=spec.slug,
        name=spec.name,
        description=spec.description,
        criteria_narrative=spec.narrative,
        valid_for_days=spec.valid_for_days,
        recertify_within_days=spec.recertify_within_days,
    )
    for order, (code, rank) in enumerate(spec.alignments):
        BadgeAlignment.objects.create(
            badge_class=badge,
            item=_competence(code),
            level=resolve_level(framework_code="digcomp", rank=rank),
            sort_order=order,
        )
    for order, rule in enumerate(spec.rules):
        Criterion.objects.create(badge_class=badge, sort_order=order, **_criterion(rule, known))
    return badge


def _competence(code: str):
    item = resolve_competence(framework_code="digcomp", code=code)
    if item is None:
        raise LookupError("Load the shipped frameworks (load_frameworks) before the demo badges.")
    return item


def _criterion(rule: Rule, known: dict[str, BadgeClass]) -> dict:
    fields = {"kind": rule.kind, "group": rule.group, "instructions": rule.instructions}
    if rule.course:
        fields["course"] = _course(rule.course)
    if rule.quiz_in:
        course = _course(rule.quiz_in)
        lesson, key = _first_quiz(course)
        fields |= {"course": course, "lesson": lesson, "activity_key": key}
        fields["min_score"] = Decimal(rule.min_score)
    if rule.badge:
        fields["required_badge"] = known[rule.badge]
    return fields


def _course(slug: str) -> CoursePage:
    course = CoursePage.objects.filter(slug=slug).first()
    if course is None:
        raise LookupError(f"The demo course {slug!r} is missing: seed the demo courses first.")
    return course


def _first_quiz(course: CoursePage) -> tuple[LessonPage, str]:
    for lesson in LessonPage.objects.child_of(course).order_by("path"):
        for key, block in lesson.activities():
            if block.block_type == "quiz":
                return lesson, key
    raise LookupError(f"The demo course {course.slug!r} has no quiz.")


def _award_demo_badges(*, organisation: Organisation, badges: dict[str, BadgeClass]) -> int:
    domain = organisation.email_domains.values_list("domain", flat=True).first()
    staff = StaffProfile.objects.filter(organisation=organisation, is_active=True).select_related(
        "user"
    )
    hr = staff.filter(user__email=f"hr@{domain}").first()
    now = timezone.now()
    count = 0
    for spec in DEMO_AWARDS:
        for profile in _recipients(spec.who, staff=staff, domain=domain):
            award = award_badge(
                badge_class=badges[spec.badge],
                recipient=profile.user,
                method=BadgeAward.Method.PRIOR_LEARNING,
                awarded_by=hr.user if hr else None,
                awarded_at=now - datetime.timedelta(days=spec.days_ago),
                note="Demo data: learning completed before the platform was introduced.",
            )
            count += award is not None
    return count


def _recipients(who: str, *, staff, domain: str | None) -> list[StaffProfile]:
    if who.startswith("role:"):
        _, role, how_many = who.split(":")
        named = [f"{local}@{domain}" for local in ("learner", "manager", "hr", "editor")]
        people = staff.filter(job_role__slug=role).exclude(user__email__in=named)
        return list(people.order_by("employee_id")[: int(how_many)])
    return list(staff.filter(user__email=f"{who}@{domain}"))
