"""The demo careers content: eight roles, four routes, two stories, tasters and badges."""

from __future__ import annotations

from badges.models import BadgeClass, Criterion, Framework
from cms.careers.demo import seed_careers
from cms.careers.models import (
    CareersIndexPage,
    PathwayPage,
    RoleBadge,
    RoleProfilePage,
    RoleSkill,
    StoryPage,
)
from courses.models import CoursePage

ROLE_SLUGS = {
    "digital-product-manager",
    "service-designer",
    "user-researcher",
    "data-analyst",
    "developer",
    "cyber-security-analyst",
    "digital-inclusion-officer",
    "business-analyst",
}


def test_seed_makes_the_roles_routes_stories_and_tasters(careers, client):
    roles = RoleProfilePage.objects.live().child_of(careers.index)
    assert set(roles.values_list("slug", flat=True)) >= ROLE_SLUGS
    for role in roles:
        assert 20_000 < role.salary_min < role.salary_max < 80_000
        skills = RoleSkill.objects.filter(page=role).select_related("item__framework", "level")
        assert len(skills) >= 4
        assert {s.item.framework.code for s in skills} == {"digcomp"}
        assert all(s.level.framework_id == s.item.framework_id for s in skills)
        assert role.progression and role.related_roles.exists()

    ngdp = careers.pathway("national-graduate-development-programme")
    assert ngdp.route_type == PathwayPage.RouteType.NATIONAL_GRADUATE
    assert "2:2" in ngdp.eligibility and ngdp.duration == "Two years"
    assert "Autumn" in [step.value["when"] for step in ngdp.timeline]
    assert [s.value["title"] for s in ngdp.how_to_apply][:4] == [
        "Online application",
        "Online tests",
        "Video interview",
        "Assessment centre",
    ]
    assert PathwayPage.objects.child_of(careers.index).count() == 4
    assert StoryPage.objects.child_of(careers.index).live().count() == 2
    assert careers.story("dan-contact-centre-to-data-analyst").pathway.slug == (
        "digital-and-data-apprenticeships"
    )

    for slug, badge_slug in (
        ("council-data-taster", "council-data-explorer"),
        ("service-design-taster", "service-design-explorer"),
        ("digital-inclusion-taster", "digital-inclusion-helper"),
    ):
        taster = careers.taster(slug)
        assert taster.live and taster.is_public_taster
        criterion = Criterion.objects.get(badge_class=careers.badge(badge_slug))
        assert criterion.kind == Criterion.Kind.COURSE_COMPLETED and criterion.course == taster


def test_each_route_shows_the_roles_it_leads_to_and_badges_to_earn_first(careers, client):
    for pathway in PathwayPage.objects.child_of(careers.index):
        blocks = {block.block_type: block.value for block in pathway.body}
        assert blocks["role_cards"]["roles"], pathway.slug
        assert {b.slug for b in blocks["badges"]["badges"]} >= {
            "council-data-explorer",
            "service-design-explorer",
            "digital-inclusion-helper",
        }
    html = client.get(careers.pathway("national-graduate-development-programme").url)
    text = html.content.decode()
    assert "Check this year&#x27;s dates" in text and "Digital product manager" in text


def test_the_demo_self_check_shows_a_taster_closing_a_gap(careers, graduate, client_for):
    from django.urls import reverse

    role = careers.role("digital-inclusion-officer")

    check = (
        client_for(graduate).get(f"{reverse('careers:self_check')}?role={role.pk}").context["check"]
    )

    rows = {row.skill.item.code: row for row in check.rows}
    closing = [step.course.slug for step in rows["2.6"].tasters if step.closes_gap]
    assert closing == ["digital-inclusion-taster"]
    # 4.3 needs level 4; the taster reaches 3, so it moves the gap forward without closing it.
    assert [(s.course.slug, s.closes_gap) for s in rows["4.3"].tasters] == [
        ("digital-inclusion-taster", False)
    ]


def test_roles_are_linked_to_the_sector_badges_aligned_to_their_skills(careers):
    analyst = careers.role("data-analyst")
    linked = set(RoleBadge.objects.filter(page=analyst).values_list("badge__slug", flat=True))
    assert "council-data-explorer" in linked
    for link in RoleBadge.objects.select_related("badge", "page"):
        role_items = set(RoleSkill.objects.filter(page=link.page).values_list("item", flat=True))
        badge_items = set(link.badge.alignments.values_list("item", flat=True))
        assert link.badge.organisation_id is None
        assert role_items & badge_items


def test_the_navigation_leads_visitors_and_graduates_to_the_careers_index(
    careers, client_for, graduate, learner
):
    link = f'href="{careers.index.url}"'

    assert link in client_for(None).get("/").content.decode()
    assert link in client_for(graduate).get("/my-careers/").content.decode()
    # Staff have their own learning links; the careers pages are still public to them.
    assert "Careers</a>" not in client_for(learner).get("/").content.decode()


def test_every_seeded_page_renders(careers, client):
    for page in (careers.index, *careers.index.get_children().live()):
        response = client.get(page.url)
        assert response.status_code == 200, page.url


def test_a_second_run_creates_nothing(careers, home):
    counts = (
        CareersIndexPage.objects.count(),
        RoleProfilePage.objects.count(),
        RoleSkill.objects.count(),
        CoursePage.objects.count(),
        BadgeClass.objects.count(),
        home.specific.revisions.count(),
    )
    assert careers.result.total > 0
    # The home page is the council's own: seeding careers adds nothing to it.
    assert not home.specific.body

    again = seed_careers(home_page=home)

    assert again.total == 0
    assert counts == (
        CareersIndexPage.objects.count(),
        RoleProfilePage.objects.count(),
        RoleSkill.objects.count(),
        CoursePage.objects.count(),
        BadgeClass.objects.count(),
        home.specific.revisions.count(),
    )


def test_seed_loads_the_frameworks_when_missing(careers):
    assert Framework.objects.filter(code="digcomp").exists()
    assert careers.result.created["competency frameworks"] == 1
