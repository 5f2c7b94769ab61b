"""The frameworks shipped in badges/data/ load with the shape their publishers give them."""

from __future__ import annotations

import pytest

from badges.frameworks.case import export_case
from badges.frameworks.loader import SHIPPED_FILES, load_shipped_frameworks, read_shipped
from badges.frameworks.lookup import resolve_competence
from badges.models import Framework, FrameworkAssociation, FrameworkItem, ProficiencyLevel

pytestmark = pytest.mark.django_db

DIGCOMP_CODES = [
    "1.1", "1.2", "1.3",
    "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
    "3.1", "3.2", "3.3", "3.4",
    "4.1", "4.2", "4.3", "4.4",
    "5.1", "5.2", "5.3", "5.4",
]  # fmt: skip


def test_digcomp_has_5_areas_21_competences_and_8_levels(frameworks):
    digcomp = frameworks["digcomp"]
    areas = digcomp.items.filter(kind=FrameworkItem.Kind.AREA)
    competences = digcomp.items.filter(kind=FrameworkItem.Kind.COMPETENCE)
    assert sorted(areas.values_list("code", flat=True)) == ["1", "2", "3", "4", "5"]
    assert sorted(competences.values_list("code", flat=True)) == DIGCOMP_CODES
    for competence in competences.select_related("parent"):
        assert competence.parent.code == competence.code.split(".")[0]
    levels = list(digcomp.levels.order_by("rank"))
    assert [level.rank for level in levels] == list(range(1, 9))
    assert [level.band for level in levels] == (
        ["Foundation"] * 2 + ["Intermediate"] * 2 + ["Advanced"] * 2 + ["Highly specialised"] * 2
    )
    assert levels[0].name == "Foundation 1"
    assert [level.is_proficient for level in levels] == [False, False] + [True] * 6


def test_official_titles_and_attribution():
    load_shipped_frameworks()
    assert resolve_competence(framework_code="digcomp", code="1.1").title == (
        "Browsing, searching and filtering data, information and digital content"
    )
    assert resolve_competence(framework_code="digcomp", code="4.2").title == (
        "Protecting personal data and privacy"
    )
    assert resolve_competence(framework_code="digcomp", code="5.4").title == (
        "Identifying digital competence gaps"
    )
    digcomp = Framework.objects.get(code="digcomp")
    assert digcomp.organisation is None
    assert digcomp.licence == "CC BY 4.0"
    assert digcomp.licence_url == "https://creativecommons.org/licenses/by/4.0/"
    assert "Vuorikari" in digcomp.attribution and "CC BY 4.0" in digcomp.attribution
    eds = Framework.objects.get(code="eds")
    assert eds.licence == "Open Government Licence v3.0"
    assert "open-government-licence/version/3" in eds.licence_url
    assert "Contains public sector information" in eds.attribution


def test_eds_has_foundation_and_five_skills_with_work_statements(frameworks):
    eds = frameworks["eds"]
    skills = eds.items.filter(kind=FrameworkItem.Kind.SKILL, parent__isnull=True)
    assert list(skills.values_list("title", flat=True)) == [
        "Foundation skills",
        "Communicating",
        "Handling information and content",
        "Transacting",
        "Problem solving",
        "Being safe and legal online",
    ]
    for skill in skills:
        statements = skill.children.all()
        assert statements.count() >= 3, skill.title
        assert {s.kind for s in statements} == {FrameworkItem.Kind.STATEMENT}
    assert [(lv.rank, lv.name, lv.is_proficient) for lv in eds.levels.all()] == [
        (1, "Needs support", False),
        (2, "Meets for life", False),
        (3, "Meets for work", True),
    ]


def test_being_safe_statements_link_to_digcomp_safety(frameworks):
    links = FrameworkAssociation.objects.filter(
        origin__parent__code="safe-and-legal",
        association_type=FrameworkAssociation.Type.IS_RELATED_TO,
    )
    assert {"4.1", "4.2"} <= set(links.values_list("destination__code", flat=True))
    assert set(links.values_list("destination__framework__code", flat=True)) == {"digcomp"}


def test_loading_twice_creates_nothing_and_changes_nothing(frameworks):
    counts = (
        Framework.objects.count(),
        FrameworkItem.objects.count(),
        ProficiencyLevel.objects.count(),
        FrameworkAssociation.objects.count(),
    )
    stamps = dict(FrameworkItem.objects.values_list("identifier", "pk"))
    again = load_shipped_frameworks()
    assert [f.pk for f in again] == [frameworks["digcomp"].pk, frameworks["eds"].pk]
    assert counts == (
        Framework.objects.count(),
        FrameworkItem.objects.count(),
        ProficiencyLevel.objects.count(),
        FrameworkAssociation.objects.count(),
    )
    assert stamps == dict(FrameworkItem.objects.values_list("identifier", "pk"))


@pytest.mark.parametrize("filename", SHIPPED_FILES)
def test_export_reproduces_the_shipped_file(frameworks, filename):
    shipped = read_shipped(filename)
    framework = Framework.objects.get(code=shipped["CFDocument"]["frameworkCode"])
    exported = export_case(framework=framework)
    # The scale's prose is documentation in the file only; the platform keeps the levels.
    shipped["proficiencyScale"].pop("description")
    assert exported == shipped
