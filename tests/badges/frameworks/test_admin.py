"""The competency admin: councils manage their own frameworks and requirements, nobody else's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from badges.frameworks.case import import_case
from badges.frameworks.lookup import resolve_competence
from badges.models import (
    Framework,
    FrameworkItem,
    ProficiencyLevel,
    RoleRequirement,
)
from lms.people.models import JobRole
from tests.badges.frameworks.test_case_import import local_document

pytestmark = pytest.mark.django_db


def url(viewset: str, view: str, *args) -> str:
    return reverse(f"{viewset}:{view}", args=args)


@pytest.fixture
def northby_ict(council):
    return import_case(data=local_document("northby-ict"), organisation=council)


@pytest.fixture
def southby_ict(other_council):
    return import_case(data=local_document("southby-ict"), organisation=other_council)


def framework_form(**overrides) -> dict:
    data = {
        "code": "ict-local",
        "title": "Our ICT skills",
        "version": "1",
        "publisher": "",
        "description": "",
        "licence": "",
        "licence_url": "",
        "attribution": "",
        "source_url": "",
        "is_active": "on",
    }
    return data | overrides


def test_editor_sees_shared_and_own_frameworks_but_not_another_councils(
    client_for, framework_editor, frameworks, northby_ict, southby_ict
):
    client = client_for(framework_editor)
    listing = client.get(url("competency-frameworks", "index"))
    assert listing.status_code == 200
    titles = {f.pk for f in listing.context["object_list"]}
    assert titles == {frameworks["digcomp"].pk, frameworks["eds"].pk, northby_ict.pk}
    assert client.get(url("competency-frameworks", "inspect", southby_ict.pk)).status_code == 404
    assert client.get(url("competency-frameworks", "edit", southby_ict.pk)).status_code == 404
    assert client.get(url("competency-frameworks", "delete", southby_ict.pk)).status_code == 404
    items = client.get(url("competency-items", "index"))
    assert not {i.framework_id for i in items.context["object_list"]} & {southby_ict.pk}
    other_item = southby_ict.items.first()
    assert client.get(url("competency-items", "inspect", other_item.pk)).status_code == 404
    assert client.get(url("competency-items", "edit", other_item.pk)).status_code == 404


def test_editor_cannot_change_another_councils_framework_by_post(
    client_for, framework_editor, southby_ict
):
    client = client_for(framework_editor)
    response = client.post(
        url("competency-frameworks", "edit", southby_ict.pk),
        framework_form(code="southby-ict", title="Taken over"),
    )
    assert response.status_code == 404
    item = southby_ict.items.get(code="N.1")
    response = client.post(
        url("competency-items", "edit", item.pk),
        {"parent": "", "kind": "competence", "code": "N.1", "title": "Taken", "position": 1},
    )
    assert response.status_code == 404
    southby_ict.refresh_from_db()
    item.refresh_from_db()
    assert (southby_ict.title, item.title) == ("ICT skills at Northby", "Switching")


def test_shipped_frameworks_are_read_only_to_council_editors(
    client_for, framework_editor, frameworks
):
    client = client_for(framework_editor)
    digcomp = frameworks["digcomp"]
    assert client.get(url("competency-frameworks", "inspect", digcomp.pk)).status_code == 200
    assert client.get(url("competency-frameworks", "edit", digcomp.pk)).status_code == 404
    item = resolve_competence(framework_code="digcomp", code="4.2")
    assert client.get(url("competency-items", "inspect", item.pk)).status_code == 200
    response = client.post(
        url("competency-items", "edit", item.pk),
        {"parent": "", "kind": "competence", "code": "4.2", "title": "Renamed", "position": 1},
    )
    assert response.status_code == 404
    level = digcomp.levels.get(rank=3)
    assert client.get(url("competency-levels", "edit", level.pk)).status_code == 404
    listing = client.get(url("competency-frameworks", "index"))
    assert url("competency-frameworks", "edit", digcomp.pk) not in listing.content.decode()
    item.refresh_from_db()
    assert item.title == "Protecting personal data and privacy"


def test_shipped_frameworks_are_read_only_to_platform_admins_too(
    client_for, platform_admin, frameworks
):
    client = client_for(platform_admin)
    assert client.get(url("competency-frameworks", "edit", frameworks["eds"].pk)).status_code == 404


def test_editor_adds_a_local_framework_for_their_own_council(
    client_for, framework_editor, council, other_council
):
    client = client_for(framework_editor)
    assert client.get(url("competency-frameworks", "add")).status_code == 200
    response = client.post(
        url("competency-frameworks", "add"),
        # A forged owner is ignored: the form has no such field for a council editor.
        framework_form(organisation=other_council.pk),
    )
    assert response.status_code == 302, response.context["form"].errors
    framework = Framework.objects.get(code="ict-local")
    assert framework.organisation == council


def test_editor_adds_items_and_levels_to_own_framework_only(
    client_for, framework_editor, northby_ict, southby_ict, frameworks
):
    client = client_for(framework_editor)
    area = northby_ict.items.get(code="N")
    response = client.post(
        url("competency-items", "add"),
        {
            "framework": northby_ict.pk,
            "parent": area.pk,
            "kind": "competence",
            "code": "N.3",
            "title": "Wireless networks",
            "description": "",
            "position": 4,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert northby_ict.items.get(code="N.3").parent == area
    for framework in (southby_ict, frameworks["digcomp"]):
        response = client.post(
            url("competency-items", "add"),
            {"framework": framework.pk, "kind": "competence", "code": "X.1", "title": "Sneaky",
             "position": 1},
        )  # fmt: skip
        assert response.status_code == 200
        assert "framework" in response.context["form"].errors
    # A parent from another framework is refused too.
    response = client.post(
        url("competency-items", "add"),
        {"framework": northby_ict.pk, "parent": southby_ict.items.first().pk,
         "kind": "competence", "code": "N.4", "title": "Odd", "position": 5},
    )  # fmt: skip
    assert "parent" in response.context["form"].errors
    response = client.post(
        url("competency-levels", "add"),
        {"framework": northby_ict.pk, "rank": 5, "code": "", "name": "Expert", "band": "",
         "description": "", "is_proficient": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert northby_ict.levels.get(rank=5).is_proficient
    assert not FrameworkItem.objects.filter(code__in=["X.1", "N.4"]).exists()


def test_duplicate_item_code_is_a_form_error(client_for, framework_editor, northby_ict):
    response = client_for(framework_editor).post(
        url("competency-items", "add"),
        {"framework": northby_ict.pk, "kind": "competence", "code": "N.1", "title": "Again",
         "position": 9},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors
    assert northby_ict.items.filter(code="N.1").count() == 1


def test_items_in_use_cannot_be_deleted(client_for, framework_editor, council, northby_ict):
    client = client_for(framework_editor)
    area = northby_ict.items.get(code="N")
    response = client.post(url("competency-items", "delete", area.pk))
    assert response.status_code == 302
    assert FrameworkItem.objects.filter(pk=area.pk).exists(), "it still has competences inside"
    leaf = northby_ict.items.get(code="N.2")
    level = northby_ict.levels.get(rank=3)
    RoleRequirement.objects.create(organisation=council, item=leaf, target_level=level)
    client.post(url("competency-items", "delete", leaf.pk))
    client.post(url("competency-levels", "delete", level.pk))
    assert FrameworkItem.objects.filter(pk=leaf.pk).exists()
    assert ProficiencyLevel.objects.filter(pk=level.pk).exists()
    free = northby_ict.levels.get(rank=4)
    assert client.post(url("competency-levels", "delete", free.pk)).status_code == 302
    assert not ProficiencyLevel.objects.filter(pk=free.pk).exists()


def test_without_the_model_permissions_an_editor_is_turned_away(client_for, editor, frameworks):
    client = client_for(editor)
    for viewset in ("competency-frameworks", "competency-items", "role-requirements"):
        response = client.get(url(viewset, "index"))
        assert response.status_code in (302, 403)
        assert "/accounts/login/" not in response.get("Location", "")


@pytest.fixture
def seeded_requirements(frameworks):
    from badges.frameworks.requirements_seed import seed_role_requirements
    from lms.people.management.commands.seed_job_roles import load_job_roles

    load_job_roles()
    seed_role_requirements()


def requirement_form(item, level, role=None, **overrides) -> dict:
    data = {
        "job_role": role.pk if role else "",
        "item": item.pk,
        "target_level": level.pk,
        "importance": "mandatory",
        "due_within_days": "60",
    }
    return data | overrides


def test_council_editor_adds_own_requirement_and_reads_sector_rows(
    client_for, framework_editor, council, other_council, seeded_requirements
):
    client = client_for(framework_editor)
    role = JobRole.objects.get(slug="planning-officer")
    item = resolve_competence(framework_code="digcomp", code="3.3")
    level = ProficiencyLevel.objects.get(framework__code="digcomp", rank=4)
    response = client.post(
        url("role-requirements", "add"),
        requirement_form(item, level, role, organisation=other_council.pk),
    )
    assert response.status_code == 302, response.context["form"].errors
    mine = RoleRequirement.objects.get(job_role=role, item=item)
    assert mine.organisation == council

    sector = RoleRequirement.objects.filter(organisation=None).first()
    assert client.get(url("role-requirements", "inspect", sector.pk)).status_code == 200
    assert client.get(url("role-requirements", "edit", sector.pk)).status_code == 404
    response = client.post(
        url("role-requirements", "edit", sector.pk),
        requirement_form(
            sector.item, sector.target_level, sector.job_role, importance="recommended"
        ),
    )
    assert response.status_code == 404
    assert client.post(url("role-requirements", "delete", sector.pk)).status_code == 404
    sector.refresh_from_db()
    assert sector.importance == "mandatory"


def test_council_requirements_are_private_to_the_council(
    client_for, framework_editor, other_framework_editor, council, seeded_requirements
):
    item = resolve_competence(framework_code="digcomp", code="2.2")
    level = ProficiencyLevel.objects.get(framework__code="digcomp", rank=5)
    ours = RoleRequirement.objects.create(organisation=council, item=item, target_level=level)
    theirs = client_for(other_framework_editor)
    listing = theirs.get(url("role-requirements", "index"))
    assert ours.pk not in {r.pk for r in listing.context["object_list"]}
    assert theirs.get(url("role-requirements", "inspect", ours.pk)).status_code == 404
    assert theirs.get(url("role-requirements", "edit", ours.pk)).status_code == 404
    assert theirs.post(url("role-requirements", "delete", ours.pk)).status_code == 404
    assert RoleRequirement.objects.filter(pk=ours.pk).exists()
    ok = client_for(framework_editor).get(url("role-requirements", "edit", ours.pk))
    assert ok.status_code == 200


def test_requirement_form_refuses_mismatches_and_duplicates(
    client_for, framework_editor, council, southby_ict, seeded_requirements
):
    client = client_for(framework_editor)
    digcomp_item = resolve_competence(framework_code="digcomp", code="4.2")
    eds_level = ProficiencyLevel.objects.get(framework__code="eds", rank=3)
    response = client.post(
        url("role-requirements", "add"), requirement_form(digcomp_item, eds_level)
    )
    assert "target_level" in response.context["form"].errors

    other_item = southby_ict.items.first()
    level = southby_ict.levels.first()
    response = client.post(url("role-requirements", "add"), requirement_form(other_item, level))
    assert "item" in response.context["form"].errors

    d3 = ProficiencyLevel.objects.get(framework__code="digcomp", rank=3)
    first = client.post(url("role-requirements", "add"), requirement_form(digcomp_item, d3))
    assert first.status_code == 302
    again = client.post(url("role-requirements", "add"), requirement_form(digcomp_item, d3))
    assert again.status_code == 200
    assert "already a requirement for everyone on 4.2" in str(again.context["form"].errors)
    assert RoleRequirement.objects.filter(organisation=council).count() == 1


def test_platform_admin_edits_sector_requirements(client_for, platform_admin, seeded_requirements):
    client = client_for(platform_admin)
    sector = RoleRequirement.objects.filter(organisation=None, job_role__isnull=False).first()
    response = client.post(
        url("role-requirements", "edit", sector.pk),
        requirement_form(
            sector.item, sector.target_level, sector.job_role, organisation="",
            importance="recommended",
        ),
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    sector.refresh_from_db()
    assert (sector.organisation, sector.importance) == (None, "recommended")


@pytest.mark.parametrize("persona", ["platform_admin", "framework_editor"])
def test_every_competency_admin_page_renders(request, client_for, persona, northby_ict, council):
    client = client_for(request.getfixturevalue(persona))
    level = northby_ict.levels.get(rank=1)
    requirement = RoleRequirement.objects.create(
        organisation=council, item=northby_ict.items.get(code="N.1"), target_level=level
    )
    objects = {
        "competency-frameworks": northby_ict,
        "competency-items": northby_ict.items.get(code="N.1"),
        "competency-levels": level,
        "role-requirements": requirement,
    }
    for viewset, obj in objects.items():
        for view in ("index", "add"):
            assert client.get(url(viewset, view)).status_code == 200, (viewset, view)
        for view in ("edit", "inspect", "history", "usage", "delete"):
            response = client.get(url(viewset, view, obj.pk))
            assert response.status_code in (200, 302), (viewset, view, response.status_code)
    filtered = client.get(url("competency-items", "index"), {"framework": northby_ict.pk})
    assert {i.framework_id for i in filtered.context["object_list"]} == {northby_ict.pk}
