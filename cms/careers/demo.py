"""Demo careers content for `manage.py seed_demo`: seed_careers(home_page=...).

Creates, once each: three more public taster courses with the sector badges that
finishing them earns, the careers index under the home page (the navigation links to it;
the home page itself is the council's and is left alone), eight role profiles linked to
DigComp competences and to the sector badges aligned to them, four entry routes showing
the roles they lead to and the badges to earn first, and two trainee stories. Anything
that already exists (by slug) is left as an editor may have changed it, so a second run
creates nothing."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from django.db import transaction
from wagtail.models import Page
from wagtail.rich_text import RichText

from badges.frameworks.loader import load_shipped_frameworks
from badges.frameworks.lookup import resolve_competence, resolve_level
from badges.models import BadgeAlignment, BadgeClass, Criterion
from cms.careers.demo_roles import ROLES, SALARY_NOTE, DemoRole
from cms.careers.demo_routes import PATHWAYS, STORIES, TASTERS, DemoTaster
from cms.careers.models import (
    CareersIndexPage,
    PathwayPage,
    RelatedRole,
    RoleBadge,
    RoleProfilePage,
    RoleSkill,
    StoryPage,
)
from courses.models import CourseCompetence, CourseIndexPage, CoursePage, LessonPage
from courses.models.pages import Audience

INDEX_SLUG = "careers"
INDEX_TITLE = "Digital careers in councils"
INDEX_INTRODUCTION = (
    "Councils need people who can make services simple, safe and fair for everyone. Find "
    "out what digital and data roles involve, what they pay, how to get in, and start "
    "learning the skills now."
)


class CareersSeedResult(NamedTuple):
    created: Counter

    @property
    def total(self) -> int:
        return sum(self.created.values())


@transaction.atomic
def seed_careers(*, home_page: Page) -> CareersSeedResult:
    """Create whatever careers demo content is missing under `home_page`."""
    created: Counter = Counter()
    _ensure_frameworks(created)
    catalogue = _catalogue(home_page, created)
    badges = []
    for taster in TASTERS:
        course = _taster_course(taster, catalogue, created)
        badges.append(_taster_badge(taster, course, created))
    index = _careers_index(home_page, created)
    new_roles: list[tuple[RoleProfilePage, DemoRole]] = []
    roles: dict[str, RoleProfilePage] = {}
    for spec in ROLES:
        role = RoleProfilePage.objects.child_of(index).filter(slug=spec.slug).first()
        if role is None:
            role = _role(spec, index)
            new_roles.append((role, spec))
            created["role profiles"] += 1
        roles[spec.slug] = role
    for role, spec in new_roles:
        # Related roles can only point at pages that exist, so they come once all do.
        for order, slug in enumerate(spec.related):
            RelatedRole.objects.create(page=role, role=roles[slug], sort_order=order)
        role.save_revision().publish()
    # After the roles: each route's page shows cards for the roles it often leads to.
    pathways = {spec.slug: _pathway(spec, index, roles, badges, created) for spec in PATHWAYS}
    for spec in STORIES:
        _story(spec, index, pathways.get(spec.pathway), created)
    return CareersSeedResult(created)


def _ensure_frameworks(created: Counter) -> None:
    if resolve_competence(framework_code="digcomp", code="1.1") is None:
        load_shipped_frameworks()
        created["competency frameworks"] += 1


def _competence(code: str):
    return resolve_competence(framework_code="digcomp", code=code)


def _level(rank: int):
    return resolve_level(framework_code="digcomp", rank=rank)


# --- tasters and their badges -----------------------------------------------------------------


def _catalogue(home_page: Page, created: Counter) -> CourseIndexPage:
    existing = CourseIndexPage.objects.first()
    if existing is not None:
        return existing
    catalogue = CourseIndexPage(
        title="Courses", slug="courses", introduction="Short courses to build digital skills."
    )
    home_page.add_child(instance=catalogue)
    catalogue.save_revision().publish()
    created["course catalogue"] += 1
    return catalogue


def _taster_course(spec: DemoTaster, catalogue: CourseIndexPage, created: Counter) -> CoursePage:
    course = CoursePage.objects.child_of(catalogue).filter(slug=spec.slug).first()
    if course is not None:
        return course
    course = CoursePage(
        title=spec.title,
        slug=spec.slug,
        summary=spec.summary,
        outcomes=[("outcome", text) for text in spec.outcomes],
        duration_minutes=10,
        level="foundation",
        format="reading",
        audience=Audience.PUBLIC,
        owning_council=None,
        shared_with_sector=True,
        live=False,
    )
    catalogue.add_child(instance=course)
    for code, level in spec.competences:
        course.competences.add(
            CourseCompetence(
                framework="digcomp", competence_id=code, area=code.split(".")[0], target_level=level
            )
        )
    course.save()
    for number, (title, html) in enumerate(spec.lessons, 1):
        lesson = LessonPage(
            title=title, slug=f"lesson-{number}", body=[("text", RichText(html))], live=False
        )
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
    course.save_revision().publish()
    created["taster courses"] += 1
    return course


def _taster_badge(spec: DemoTaster, course: CoursePage, created: Counter) -> BadgeClass:
    badge = BadgeClass.objects.filter(organisation__isnull=True, slug=spec.badge_slug).first()
    if badge is not None:
        return badge
    badge = sector_badge(
        course=course,
        slug=spec.badge_slug,
        name=spec.badge_name,
        description=spec.badge_description,
        narrative=f"Complete the free course “{spec.title}”.",
        competences=spec.competences,
    )
    created["pre-application badges"] += 1
    return badge


def sector_badge(
    *,
    course: CoursePage,
    slug: str,
    name: str,
    description: str,
    narrative: str,
    competences: tuple[tuple[str, int], ...],
) -> BadgeClass:
    """A badge anyone can earn by completing `course`, aligned to DigComp competences as
    (code, level rank). The shipped frameworks must be loaded."""
    badge = BadgeClass.objects.create(
        organisation=None,
        slug=slug,
        name=name,
        description=description,
        criteria_narrative=narrative,
    )
    for order, (code, rank) in enumerate(competences):
        BadgeAlignment.objects.create(
            badge_class=badge, item=_competence(code), level=_level(rank), sort_order=order
        )
    Criterion.objects.create(badge_class=badge, kind=Criterion.Kind.COURSE_COMPLETED, course=course)
    return badge


# --- careers pages ----------------------------------------------------------------------------


def _careers_index(home_page: Page, created: Counter) -> CareersIndexPage:
    existing = CareersIndexPage.objects.child_of(home_page).first()
    if existing is not None:
        return existing
    slug = INDEX_SLUG
    if Page.objects.child_of(home_page).filter(slug=slug).exists():
        slug = f"digital-{INDEX_SLUG}"
    index = CareersIndexPage(
        title=INDEX_TITLE,
        slug=slug,
        introduction=INDEX_INTRODUCTION,
        search_description=(
            "Digital and data jobs in local government: roles, pay, entry routes including "
            "the National Graduate Development Programme, and free taster courses."
        ),
    )
    home_page.add_child(instance=index)
    index.save_revision().publish()
    created["careers index"] += 1
    return index


def _pathway_body(spec, roles: dict[str, RoleProfilePage], badges: list[BadgeClass]) -> list:
    body = []
    if spec.note:
        body.append(
            (
                "callout",
                {"heading": "Check this year's dates", "text": RichText(f"<p>{spec.note}</p>")},
            )
        )
    if spec.roles:
        cards = [roles[slug] for slug in spec.roles if slug in roles]
        body.append(("role_cards", {"heading": "Roles this route can lead to", "roles": cards}))
    if badges:
        body.append(
            ("badges", {"heading": "Badges you can earn before you apply", "badges": badges})
        )
    return body


def _pathway(
    spec,
    index: CareersIndexPage,
    roles: dict[str, RoleProfilePage],
    badges: list[BadgeClass],
    created: Counter,
) -> PathwayPage:
    page = PathwayPage.objects.child_of(index).filter(slug=spec.slug).first()
    if page is not None:
        return page
    page = PathwayPage(
        title=spec.title,
        slug=spec.slug,
        route_type=spec.route_type,
        summary=spec.summary,
        search_description=spec.summary,
        duration=spec.duration,
        eligibility=spec.eligibility,
        timeline=[("step", {"when": w, "what": what, "detail": d}) for w, what, d in spec.timeline],
        how_to_apply=[("step", {"title": t, "text": text}) for t, text in spec.how_to_apply],
        reasonable_adjustments=spec.adjustments,
        body=_pathway_body(spec, roles, badges),
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    created["entry routes"] += 1
    return page


def _role(spec: DemoRole, index: CareersIndexPage) -> RoleProfilePage:
    role = RoleProfilePage(
        title=spec.title,
        slug=spec.slug,
        summary=spec.summary,
        search_description=spec.summary,
        what_you_do=[("text", RichText(f"<p>{p}</p>")) for p in spec.what_you_do],
        salary_min=spec.salary_min,
        salary_max=spec.salary_max,
        salary_note=SALARY_NOTE,
        typical_locations=spec.locations,
        progression=[("step", {"title": t, "text": text}) for t, text in spec.progression],
        live=False,
    )
    index.add_child(instance=role)
    items = []
    for order, skill in enumerate(spec.skills):
        item = _competence(skill.code)
        items.append(item.pk)
        RoleSkill.objects.create(
            page=role,
            item=item,
            level=_level(skill.level),
            in_practice=skill.in_practice,
            sort_order=order,
        )
    evidence = (
        BadgeClass.objects.filter(
            organisation__isnull=True, is_active=True, alignments__item_id__in=items
        )
        .distinct()
        .order_by("name")
    )
    for order, badge in enumerate(evidence):
        RoleBadge.objects.create(page=role, badge=badge, sort_order=order)
    return role


def _story(spec, index: CareersIndexPage, pathway, created: Counter) -> None:
    if StoryPage.objects.child_of(index).filter(slug=spec.slug).exists():
        return
    story = StoryPage(
        title=spec.title,
        slug=spec.slug,
        person_name=spec.person_name,
        role_title=spec.role_title,
        pathway=pathway,
        summary=spec.summary,
        search_description=spec.summary,
        body=[
            *(("text", RichText(f"<p>{p}</p>")) for p in spec.paragraphs),
            ("quote", {"quote": spec.quote, "attribution": spec.person_name}),
        ],
    )
    index.add_child(instance=story)
    story.save_revision().publish()
    created["trainee stories"] += 1
