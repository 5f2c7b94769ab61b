"""Builders for careers pages in tests: small, published through revisions like an editor's.

The full demo content (cms.careers.demo.seed_careers) takes seconds to create; these make
just the pages a test needs. Competences are DigComp codes; the shipped frameworks are
loaded when missing.
"""

from __future__ import annotations

import uuid

from wagtail.models import Page
from wagtail.rich_text import RichText

from badges.frameworks.loader import load_shipped_frameworks
from badges.frameworks.lookup import resolve_competence, resolve_level
from cms.careers.demo import sector_badge
from cms.careers.models import (
    CareersIndexPage,
    PathwayPage,
    RoleBadge,
    RoleProfilePage,
    RoleSkill,
    StoryPage,
)


def competence(code: str, *, framework: str = "digcomp"):
    item = resolve_competence(framework_code=framework, code=code)
    if item is None:
        load_shipped_frameworks()
        item = resolve_competence(framework_code=framework, code=code)
    return item


def level(rank: int, *, framework: str = "digcomp"):
    competence("1.1", framework="digcomp")
    return resolve_level(framework_code=framework, rank=rank)


def careers_index(*, home=None, council=None, retention_days=None, **fields) -> CareersIndexPage:
    home = home or Page.objects.get(depth=2)
    existing = CareersIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    index = CareersIndexPage(
        title=fields.pop("title", "Digital careers"),
        slug=fields.pop("slug", "careers"),
        introduction=fields.pop("introduction", "Digital jobs in councils."),
        council=council,
        interest_retention_days=retention_days,
        **fields,
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def role_page(
    *,
    index: CareersIndexPage,
    title: str = "Data analyst",
    skills: tuple[tuple[str, int], ...] = (("1.3", 5), ("4.2", 4)),
    badges=(),
    salary: tuple[int, int] = (32_000, 42_000),
    publish: bool = True,
    **fields,
) -> RoleProfilePage:
    role = RoleProfilePage(
        title=title,
        slug=fields.pop("slug", f"role-{uuid.uuid4().hex[:8]}"),
        summary=fields.pop("summary", f"What a {title.lower()} does."),
        what_you_do=[("text", RichText("<p>Useful work for residents.</p>"))],
        salary_min=salary[0],
        salary_max=salary[1],
        typical_locations=fields.pop("typical_locations", "The civic centre."),
        live=False,
        **fields,
    )
    index.add_child(instance=role)
    for order, (code, rank) in enumerate(skills):
        RoleSkill.objects.create(
            page=role, item=competence(code), level=level(rank), sort_order=order
        )
    for order, badge in enumerate(badges):
        RoleBadge.objects.create(page=role, badge=badge, sort_order=order)
    if publish:
        role.save_revision().publish()
    return RoleProfilePage.objects.get(pk=role.pk)


def pathway_page(*, index: CareersIndexPage, title: str = "Apprenticeships", **fields):
    page = PathwayPage(
        title=title,
        slug=fields.pop("slug", f"route-{uuid.uuid4().hex[:8]}"),
        route_type=fields.pop("route_type", PathwayPage.RouteType.APPRENTICESHIP),
        summary=fields.pop("summary", "Paid training."),
        eligibility="<p>Anyone over 16.</p>",
        timeline=[("step", {"when": "Spring", "what": "Apply", "detail": ""})],
        how_to_apply=[("step", {"title": "Apply online", "text": "A short form."})],
        reasonable_adjustments="<p>Ask us.</p>",
        **fields,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def story_page(*, index: CareersIndexPage, pathway=None, title: str = "My story", **fields):
    page = StoryPage(
        title=title,
        slug=fields.pop("slug", f"story-{uuid.uuid4().hex[:8]}"),
        person_name=fields.pop("person_name", "Sam"),
        role_title=fields.pop("role_title", "Apprentice"),
        pathway=pathway,
        summary=fields.pop("summary", "How Sam got in."),
        body=[("quote", {"quote": "I love it.", "attribution": "Sam"})],
        **fields,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def public_taster(
    *,
    title: str = "Data taster",
    competences: tuple[tuple[str, int], ...] = (("1.3", 3),),
    badge_slug: str | None = "data-explorer",
    audience: str = "public",
):
    """A live course with one reading lesson and, unless badge_slug is None, the sector
    badge that completing it earns. Returns (course, badge or None)."""
    from courses.factories import course_with_lessons, text_block
    from courses.models import CourseCompetence

    course = course_with_lessons(
        title=title, lessons=[[text_block()]], audience=audience, shared_with_sector=True
    )
    for code, rank in competences:
        CourseCompetence.objects.create(
            course=course, framework="digcomp", competence_id=code, target_level=rank
        )
    if badge_slug is None:
        return course, None
    competence("1.1")  # loads the shipped frameworks when missing
    badge = sector_badge(
        course=course,
        slug=badge_slug,
        name=badge_slug.replace("-", " ").capitalize(),
        description="Shows the basics.",
        narrative=f"Complete {title}.",
        competences=competences,
    )
    return course, badge
