"""Read queries for the careers pages, the self-check and the HR interest list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from wagtail.models import Site

from badges.models import BadgeClass, Criterion
from cms.careers.models import (
    CareersIndexPage,
    InterestSubmission,
    PathwayPage,
    RoleProfilePage,
    StoryPage,
)
from lms.people.models import Organisation

# --- pages ------------------------------------------------------------------------------------


def careers_index_for_site(site: Site | None) -> CareersIndexPage | None:
    """The live careers index of the site (under its home page), if it has one."""
    if site is None:
        return None
    return (
        CareersIndexPage.objects.live()
        .descendant_of(site.root_page, inclusive=False)
        .order_by("path")
        .first()
    )


def careers_index_for_request(request) -> CareersIndexPage | None:
    return careers_index_for_site(Site.find_for_request(request))


INDEX_URL_KEY = "careers:index-url:{generation}:{host}"


def careers_index_url(request) -> str:
    """The careers index's URL on the request's site, or "" if it has none. Read on every
    page for the navigation, so kept in the cache with the careers pages (same generation,
    dropped when any page is published, unpublished, moved or deleted)."""
    from cms.careers.caching import current_generation
    from lms.caching import keep, read

    generation = current_generation(request)
    key = INDEX_URL_KEY.format(generation=generation, host=request.get_host())
    url = read(key) if generation else None
    if url is None:
        index = careers_index_for_request(request)
        url = (index.get_url(request) or "") if index is not None else ""
        if generation:
            keep(key, url, None)
    return url


def live_roles(*, index: CareersIndexPage | None = None) -> QuerySet[RoleProfilePage]:
    roles = RoleProfilePage.objects.live().public()
    if index is not None:
        roles = roles.child_of(index)
    return roles.order_by("title")


def role_for_id(role_id, *, index: CareersIndexPage | None = None) -> RoleProfilePage | None:
    """A live public role by id, or None for anything else (a forged id, a draft, a page of
    another type)."""
    try:
        role_id = int(role_id)
    except (TypeError, ValueError):
        return None
    return live_roles(index=index).filter(pk=role_id).first()


def index_of(page) -> CareersIndexPage | None:
    parent = page.get_parent()
    return (
        parent.specific
        if parent is not None and parent.specific_class is CareersIndexPage
        else None
    )


def stories_for_pathway(*, pathway: PathwayPage) -> QuerySet[StoryPage]:
    return StoryPage.objects.live().public().filter(pathway=pathway).order_by("path")


def _key_skills() -> Prefetch:
    from cms.careers.models import RoleSkill

    return Prefetch(
        "skills",
        queryset=RoleSkill.objects.select_related("item", "level").order_by("sort_order"),
        to_attr="key_skills",
    )


def role_cards(*, roles: Iterable) -> list[RoleProfilePage]:
    """The chosen roles that are live and public, in the order given, each with its skills
    as `key_skills` (role cards show the first few with their levels): two queries."""
    wanted = [role.pk for role in roles if role is not None]
    found = {role.pk: role for role in live_roles().filter(pk__in=wanted)}
    cards = [found[pk] for pk in wanted if pk in found]
    prefetch_related_objects(cards, _key_skills())
    return cards


def index_sections(*, index: CareersIndexPage) -> dict:
    """What the careers index lists: entry routes, roles, stories and badges to earn first."""
    return {
        "pathways": PathwayPage.objects.child_of(index).live().public().order_by("path"),
        "roles": live_roles(index=index).prefetch_related(_key_skills()),
        "stories": StoryPage.objects.child_of(index).live().public().order_by("path"),
        "pre_application": pre_application_badges(),
    }


def role_sections(*, role: RoleProfilePage) -> dict:
    skills = list(role.skills.select_related("item__framework", "level").order_by("sort_order"))
    earning = tasters_by_badge()
    badges = [
        BadgeOffer(badge=link.badge, tasters=earning.get(link.badge_id, []))
        for link in role.evidence_badges.select_related("badge").order_by("sort_order")
        if link.badge.is_active and link.badge.organisation_id is None
    ]
    related_ids = list(role.related_roles.order_by("sort_order").values_list("role_id", flat=True))
    related = {r.pk: r for r in live_roles().filter(pk__in=related_ids)}
    return {
        "skills": skills,
        "badge_offers": badges,
        "related": [related[pk] for pk in related_ids if pk in related],
        "index": index_of(role),
    }


# --- badges a candidate can earn before applying ---------------------------------------------


@dataclass
class BadgeOffer:
    badge: BadgeClass
    tasters: list = field(default_factory=list)


def _taster_criteria() -> QuerySet[Criterion]:
    from courses.models.pages import Audience

    return Criterion.objects.filter(
        kind=Criterion.Kind.COURSE_COMPLETED,
        badge_class__organisation__isnull=True,
        badge_class__is_active=True,
        course__audience=Audience.PUBLIC,
        course__live=True,
    )


def tasters_by_badge() -> dict[int, list]:
    """Badge id -> the live public tasters whose completion earns it (sector badges only)."""
    found: dict[int, list] = defaultdict(list)
    for criterion in _taster_criteria().select_related("course").order_by("course__title"):
        if criterion.course not in found[criterion.badge_class_id]:
            found[criterion.badge_class_id].append(criterion.course)
    return found


def badges_by_taster() -> dict[int, list[BadgeClass]]:
    found: dict[int, list[BadgeClass]] = defaultdict(list)
    for criterion in _taster_criteria().select_related("badge_class").order_by("badge_class__name"):
        if criterion.badge_class not in found[criterion.course_id]:
            found[criterion.course_id].append(criterion.badge_class)
    return found


def pre_application_badges() -> list[BadgeOffer]:
    """Sector badges earned by finishing a public taster: open to anyone, before applying."""
    by_badge = tasters_by_badge()
    badges = BadgeClass.objects.filter(pk__in=list(by_badge)).order_by("name")
    return [BadgeOffer(badge=badge, tasters=by_badge[badge.pk]) for badge in badges]


# --- the self-check ---------------------------------------------------------------------------


@dataclass
class TasterStep:
    course: object
    reaches: int  # the level the course develops the competence to
    badges: list[BadgeClass]
    closes_gap: bool


@dataclass
class SkillCheck:
    skill: object  # RoleSkill
    held_rank: int
    held_name: str
    evidence: list  # current awards aligned to the competence
    tasters: list[TasterStep] = field(default_factory=list)

    @property
    def is_met(self) -> bool:
        return self.held_rank >= self.skill.level.rank


@dataclass
class SelfCheck:
    role: RoleProfilePage
    rows: list[SkillCheck]

    @property
    def met_count(self) -> int:
        return sum(1 for row in self.rows if row.is_met)

    @property
    def gap_count(self) -> int:
        return len(self.rows) - self.met_count


def self_check(*, viewer, role: RoleProfilePage) -> SelfCheck:
    """The role's skills against what the person's current badges show, with the courses
    they may take that move each gap forward (and the badges those courses earn)."""
    from badges.portfolio.selectors import Holding, holdings

    skills = list(role.skills.select_related("item__framework", "level").order_by("sort_order"))
    held = holdings(
        user_ids=[viewer.user.pk], item_ids=[s.item_id for s in skills], with_sign_offs=False
    )
    rows = []
    for skill in skills:
        holding = held.get((viewer.user.pk, skill.item_id), Holding())
        best = holding.evidenced
        rows.append(
            SkillCheck(
                skill=skill,
                held_rank=best.rank if best else 0,
                held_name=best.name if best else "",
                evidence=holding.awards,
            )
        )
    gaps = [row for row in rows if not row.is_met]
    courses = courses_developing(viewer=viewer, items=[row.skill.item for row in gaps])
    earns = badges_by_taster()
    for row in gaps:
        for course, reaches in courses.get(row.skill.item_id, []):
            if reaches > row.held_rank:
                row.tasters.append(
                    TasterStep(
                        course=course,
                        reaches=reaches,
                        badges=earns.get(course.pk, []),
                        closes_gap=reaches >= row.skill.level.rank,
                    )
                )
    return SelfCheck(role=role, rows=rows)


def courses_developing(*, viewer, items: Iterable) -> dict[int, list[tuple[object, int]]]:
    """Item id -> (course, level reached) for the live courses the viewer may take that
    develop the competence; for a graduate that is the public tasters. One query."""
    from django.db.models import Q

    from courses.models.pages import CourseCompetence
    from courses.selectors import catalogue_for

    items = list(items)
    if not items:
        return {}
    wanted = Q()
    for item in items:
        wanted |= Q(framework=item.framework.code, competence_id=item.code)
    rows = (
        CourseCompetence.objects.filter(wanted, course__in=catalogue_for(viewer).values("pk"))
        .select_related("course")
        .order_by("-target_level", "course__title")
    )
    by_code: dict[tuple[str, str], list] = defaultdict(list)
    for row in rows:
        by_code[(row.framework, row.competence_id)].append((row.course, row.target_level or 0))
    return {item.pk: by_code.get((item.framework.code, item.code), []) for item in items}


# --- a person's saved roles ------------------------------------------------------------------


def saved_roles(*, user) -> list[RoleProfilePage]:
    """Saved roles that are still live and public, newest first."""
    from cms.careers.models import SavedRole

    saved = list(
        SavedRole.objects.filter(user=user)
        .order_by("-created_at", "-pk")
        .values_list("role_id", flat=True)
    )
    roles = {r.pk: r for r in live_roles().filter(pk__in=saved)}
    return [roles[pk] for pk in saved if pk in roles]


def saved_role_ids(*, user) -> set[int]:
    from cms.careers.models import SavedRole

    if not user.is_authenticated:
        return set()
    return set(SavedRole.objects.filter(user=user).values_list("role_id", flat=True))


def held_pre_application_awards(*, user, offers: list[BadgeOffer]) -> list:
    """The user's current awards of the offered badges (pre_application_badges()), newest
    first: the caller has the offers already, so the criteria are not read again."""
    from badges.portfolio.selectors import current_awards

    if not offers:
        return []
    return list(
        current_awards([user.pk])
        .filter(badge_class_id__in=[offer.badge.pk for offer in offers])
        .select_related("badge_class")
        .order_by("-awarded_at")
    )


# --- registered interest ---------------------------------------------------------------------


def interest_council(*, index: CareersIndexPage | None, request) -> Organisation | None:
    """Who receives interest from these pages: the index's council, else the site's."""
    if index is not None and index.council_id:
        council = Organisation.objects.filter(pk=index.council_id, is_active=True).first()
        if council is not None:
            return council
    from cms.models import SiteOrganisation

    site = Site.find_for_request(request)
    if site is None:
        return None
    setting = SiteOrganisation.objects.filter(site=site).select_related("organisation").first()
    if setting and setting.organisation and setting.organisation.is_active:
        return setting.organisation
    return None


def councils_to_choose() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).order_by("name")


def interest_for(*, organisation: Organisation) -> QuerySet[InterestSubmission]:
    """A council's registered interest, newest first. Only ever by council."""
    return InterestSubmission.objects.filter(organisation=organisation).order_by(
        "-created_at", "-pk"
    )
