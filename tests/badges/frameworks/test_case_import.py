"""Importing and exporting CASE-like documents: round trips, re-imports and bad input."""

from __future__ import annotations

import copy
import uuid

import pytest

from badges.factories import BadgeAlignmentFactory, RoleRequirementFactory
from badges.frameworks.case import export_case, import_case, import_case_with_summary
from badges.frameworks.case_schema import CaseImportError
from badges.models import Framework, FrameworkAssociation, FrameworkItem, ProficiencyLevel

pytestmark = pytest.mark.django_db


def _id() -> str:
    return str(uuid.uuid4())


def local_document(code: str = "ict-skills") -> dict:
    """A small council framework: one area with two competences and a 4-level scale."""
    area, network, cloud = _id(), _id(), _id()
    return {
        "CFDocument": {
            "identifier": _id(),
            "frameworkCode": code,
            "title": "ICT skills at Northby",
            "version": "1",
            "publisher": "Northby City Council",
            "description": "Skills our ICT team needs.",
            "licenseURI": {"title": "", "uri": ""},
        },
        "CFItems": [
            {"identifier": area, "humanCodingScheme": "N", "fullStatement": "Networks",
             "CFItemType": "Area", "listEnumeration": "1"},
            {"identifier": network, "humanCodingScheme": "N.1", "fullStatement": "Switching",
             "notes": "Configure switches.", "CFItemType": "Competence", "listEnumeration": "2"},
            {"identifier": cloud, "humanCodingScheme": "N.2", "fullStatement": "Cloud",
             "CFItemType": "Competence", "listEnumeration": "3"},
        ],
        "CFAssociations": [
            {"identifier": _id(), "associationType": "isChildOf",
             "originNodeURI": {"identifier": network}, "destinationNodeURI": {"identifier": area}},
            {"identifier": _id(), "associationType": "isChildOf",
             "originNodeURI": f"urn:uuid:{cloud}", "destinationNodeURI": area},
        ],
        "proficiencyScale": {
            "levels": [
                {"rank": r, "name": f"Level {r}", "isProficient": r >= 3} for r in range(1, 5)
            ]
        },
    }  # fmt: skip


def _errors(data, **kwargs) -> list[str]:
    with pytest.raises(CaseImportError) as caught:
        import_case(data=data, **kwargs)
    return caught.value.errors


def _snapshot() -> tuple:
    return (
        sorted(Framework.objects.values_list("identifier", "code", "title", "organisation_id")),
        sorted(FrameworkItem.objects.values_list("identifier", "code", "title", "parent__code")),
        sorted(ProficiencyLevel.objects.values_list("framework__code", "rank", "name")),
        sorted(FrameworkAssociation.objects.values_list("identifier", "association_type")),
    )


def test_local_framework_round_trips(council):
    data = local_document()
    framework = import_case(data=data, organisation=council)
    assert framework.organisation == council
    assert framework.items.get(code="N.1").parent.code == "N"
    assert framework.items.get(code="N.2").parent.code == "N"
    exported = export_case(framework=framework)
    assert exported["CFDocument"]["frameworkCode"] == "ict-skills"
    assert [i["humanCodingScheme"] for i in exported["CFItems"]] == ["N", "N.1", "N.2"]
    assert len(exported["CFAssociations"]) == 2
    assert [lv["rank"] for lv in exported["proficiencyScale"]["levels"]] == [1, 2, 3, 4]
    # Importing the export into an empty platform rebuilds the same framework.
    before = _snapshot()
    Framework.objects.all().delete()
    import_case(data=exported, organisation=council)
    assert _snapshot()[1:] == before[1:]
    assert export_case(framework=Framework.objects.get(code="ict-skills")) == exported


def test_reimport_updates_wording_in_place_and_never_duplicates(council):
    data = local_document()
    framework = import_case(data=data, organisation=council)
    item_pks = dict(framework.items.values_list("code", "pk"))
    changed = copy.deepcopy(data)
    changed["CFDocument"]["title"] = "ICT skills (2025)"
    changed["CFItems"][1]["fullStatement"] = "Switching and routing"
    changed["CFItems"][2]["notes"] = "Run services in the cloud."
    changed["proficiencyScale"]["levels"][0]["name"] = "Aware"
    again, summary = import_case_with_summary(data=changed, organisation=council)
    assert again.pk == framework.pk
    assert dict(again.items.values_list("code", "pk")) == item_pks
    assert again.title == "ICT skills (2025)"
    assert again.items.get(code="N.1").title == "Switching and routing"
    assert again.items.get(code="N.2").description == "Run services in the cloud."
    assert again.levels.get(rank=1).name == "Aware"
    assert (summary.items_created, summary.items_updated, summary.levels_updated) == (0, 2, 1)
    _, unchanged = import_case_with_summary(data=changed, organisation=council)
    assert not unchanged.changed
    assert FrameworkAssociation.objects.count() == 2


def test_codes_can_swap_between_versions(council):
    data = local_document()
    import_case(data=data, organisation=council)
    swapped = copy.deepcopy(data)
    swapped["CFItems"][1]["humanCodingScheme"] = "N.2"
    swapped["CFItems"][2]["humanCodingScheme"] = "N.1"
    framework = import_case(data=swapped, organisation=council)
    assert framework.items.get(code="N.1").title == "Cloud"
    assert framework.items.get(code="N.2").title == "Switching"


def test_items_dropped_from_a_new_version_are_kept_and_reported(council):
    data = local_document()
    framework = import_case(data=data, organisation=council)
    requirement = RoleRequirementFactory(item=framework.items.get(code="N.2"), organisation=council)
    shorter = copy.deepcopy(data)
    shorter["CFItems"].pop()
    shorter["CFAssociations"].pop()
    _, summary = import_case_with_summary(data=shorter, organisation=council)
    assert summary.kept_items == ["N.2"]
    assert summary.associations_deleted == 1
    requirement.refresh_from_db()
    assert requirement.item.code == "N.2"


def test_document_may_name_itself_as_parent_of_top_level_items(council):
    data = local_document()
    data["CFAssociations"].append(
        {
            "identifier": _id(),
            "associationType": "isChildOf",
            "originNodeURI": {"identifier": data["CFItems"][0]["identifier"]},
            "destinationNodeURI": {"identifier": data["CFDocument"]["identifier"]},
        }
    )
    data["CFAssociations"].append(
        {
            "identifier": _id(),
            "associationType": "exemplar",
            "originNodeURI": {"identifier": data["CFItems"][0]["identifier"]},
            "destinationNodeURI": {"identifier": _id()},
        }
    )
    framework, summary = import_case_with_summary(data=data, organisation=council)
    assert framework.items.get(code="N").parent is None
    assert summary.associations_ignored == 1


def test_links_to_shared_frameworks_resolve_and_to_missing_items_fail(council, frameworks):
    data = local_document()
    digcomp_41 = frameworks["digcomp"].items.get(code="4.1")
    link = {
        "identifier": _id(),
        "associationType": "isRelatedTo",
        "originNodeURI": {"identifier": data["CFItems"][1]["identifier"]},
        "destinationNodeURI": {"identifier": str(digcomp_41.identifier)},
    }
    data["CFAssociations"].append(link)
    framework = import_case(data=data, organisation=council)
    assert framework.items.get(code="N.1").associations_out.filter(destination=digcomp_41).exists()
    exported = export_case(framework=framework)
    (related,) = [a for a in exported["CFAssociations"] if a["associationType"] == "isRelatedTo"]
    assert related["destinationNodeURI"]["title"] == "digcomp:4.1"

    dangling = local_document("other-ict")
    dangling["CFAssociations"][0]["destinationNodeURI"] = {"identifier": _id()}
    dangling["CFAssociations"][0]["associationType"] = "isRelatedTo"
    (error,) = _errors(dangling, organisation=council)
    assert "neither in this document nor in a framework already on the platform" in error


def test_cannot_link_to_another_councils_framework(council, other_council):
    theirs = import_case(data=local_document("southby-ict"), organisation=other_council)
    data = local_document()
    data["CFAssociations"].append(
        {
            "identifier": _id(),
            "associationType": "isRelatedTo",
            "originNodeURI": {"identifier": data["CFItems"][1]["identifier"]},
            "destinationNodeURI": {"identifier": str(theirs.items.first().identifier)},
        }
    )
    (error,) = _errors(data, organisation=council)
    assert "another council's framework" in error
    assert not Framework.objects.filter(code="ict-skills").exists()


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.pop("CFDocument"), "'CFDocument' is missing"),
        (lambda d: d["CFDocument"].pop("identifier"), "CFDocument: 'identifier' is required"),
        (lambda d: d["CFDocument"].update(identifier="not-a-uuid"), "is not a UUID"),
        (lambda d: d["CFDocument"].update(frameworkCode="ICT skills!"), "may only hold"),
        (lambda d: d["CFDocument"].update(title=42), "'title' must be text, not int"),
        (lambda d: d["CFDocument"].update(officialSourceURL="javascript:alert(1)"), "web address"),
        (lambda d: d.update(CFItems={"a": 1}), "CFItems: must be a list"),
        (lambda d: d["CFItems"].append("N.3"), "CFItems[4]: must be an object, not str"),
        (lambda d: d["CFItems"][1].pop("identifier"), "CFItems[2] (N.1): 'identifier' is required"),
        (lambda d: d["CFItems"][1].pop("humanCodingScheme"), "'humanCodingScheme' is required"),
        (lambda d: d["CFItems"][1].update(fullStatement=None), "'fullStatement' is required"),
        (lambda d: d["CFItems"][1].update(humanCodingScheme="x" * 41), "longer than 40"),
        (lambda d: d["CFItems"][1].update(listEnumeration="first"), "not a whole number"),
        (lambda d: d["CFItems"][2].update(humanCodingScheme="N.1"), "duplicate code"),
        (
            lambda d: d["CFItems"][2].update(identifier=d["CFItems"][1]["identifier"]),
            "duplicate identifier",
        ),
        (lambda d: d.update(CFAssociations="none"), "CFAssociations: must be a list"),
        (lambda d: d["CFAssociations"][0].pop("associationType"), "'associationType' is required"),
        (
            lambda d: d["CFAssociations"][0].update(destinationNodeURI={"identifier": _id()}),
            "which is not an item of this document",
        ),
        (
            lambda d: d["CFAssociations"][0].update(originNodeURI={"identifier": _id()}),
            "is not an item of this document",
        ),
        (
            lambda d: d["CFAssociations"].append(
                {**d["CFAssociations"][0], "identifier": _id(), "destinationNodeURI":
                 d["CFItems"][2]["identifier"]}
            ),
            "has more than one parent",
        ),
        (
            lambda d: d["CFAssociations"].append(
                {"identifier": _id(), "associationType": "isChildOf",
                 "originNodeURI": d["CFItems"][0]["identifier"],
                 "destinationNodeURI": d["CFItems"][1]["identifier"]}
            ),
            "isChildOf links form a cycle",
        ),
        (
            lambda d: d["CFAssociations"].append(copy.deepcopy(d["CFAssociations"][0])),
            "duplicate identifier",
        ),
        (lambda d: d.update(proficiencyScale=[1, 2]), "must be an object with a 'levels' list"),
        (lambda d: d["proficiencyScale"]["levels"][1].update(rank=1), "duplicate rank 1"),
        (lambda d: d["proficiencyScale"]["levels"][1].update(rank="2"), "'rank' must be a whole"),
        (lambda d: d["proficiencyScale"]["levels"][1].update(rank=0), "'rank' must be a whole"),
        (
            lambda d: d["proficiencyScale"]["levels"][1].update(isProficient="yes"),
            "'isProficient' must be true or false",
        ),
    ],
)  # fmt: skip
def test_malformed_documents_are_refused_with_a_clear_error(council, mutate, expected):
    data = local_document()
    mutate(data)
    errors = _errors(data, organisation=council)
    assert any(expected in error for error in errors), errors
    assert not Framework.objects.exists()
    assert not FrameworkItem.objects.exists()


@pytest.mark.parametrize("data", [None, [], "text", 3])
def test_a_document_that_is_not_an_object_is_refused(data):
    (error,) = _errors(data)
    assert "must be a JSON object" in error


def test_all_problems_are_listed_at_once(council):
    data = local_document()
    data["CFItems"][1].pop("identifier")
    data["CFItems"][2]["fullStatement"] = ""
    assert len(_errors(data, organisation=council)) >= 2


def test_a_failed_reimport_leaves_the_stored_framework_as_it_was(council):
    data = local_document()
    import_case(data=data, organisation=council)
    before = _snapshot()
    bad = copy.deepcopy(data)
    bad["CFDocument"]["title"] = "Changed"
    bad["CFItems"][1]["fullStatement"] = "Changed"
    bad["CFAssociations"].append(
        {"identifier": _id(), "associationType": "isRelatedTo",
         "originNodeURI": bad["CFItems"][1]["identifier"], "destinationNodeURI": _id()}
    )  # fmt: skip
    _errors(bad, organisation=council)
    assert _snapshot() == before


def test_a_council_cannot_overwrite_a_shared_or_another_councils_framework(
    council, other_council, frameworks
):
    from badges.frameworks.loader import read_shipped

    (error,) = _errors(read_shipped("digcomp-2.2.json"), organisation=council)
    assert "belongs to every council" in error
    data = local_document()
    import_case(data=data, organisation=other_council)
    (error,) = _errors(data, organisation=council)
    assert "belongs to another council" in error


def test_codes_and_identifiers_taken_elsewhere_are_refused(council, frameworks):
    data = local_document(code="digcomp")
    (error,) = _errors(data, organisation=council)
    assert "code 'digcomp' is already used" in error
    copied = local_document()
    taken = str(frameworks["digcomp"].items.get(code="4.1").identifier)
    copied["CFItems"][1]["identifier"] = taken
    copied["CFAssociations"][0]["originNodeURI"] = taken
    (error,) = _errors(copied, organisation=council)
    assert "already belongs to framework digcomp" in error


def test_an_item_replaced_under_the_same_code_is_refused(council):
    data = local_document()
    import_case(data=data, organisation=council)
    replaced = copy.deepcopy(data)
    replaced["CFItems"][2]["identifier"] = _id()
    replaced["CFAssociations"][1]["originNodeURI"] = replaced["CFItems"][2]["identifier"]
    (error,) = _errors(replaced, organisation=council)
    assert "already has an item N.2 with another identifier" in error


def test_export_follows_parent_changes_made_in_the_admin(council):
    framework = import_case(data=local_document(), organisation=council)
    cloud = framework.items.get(code="N.2")
    cloud.parent = None
    cloud.save()
    BadgeAlignmentFactory(item=framework.items.get(code="N.1"))
    exported = export_case(framework=framework)
    links = [a for a in exported["CFAssociations"] if a["associationType"] == "isChildOf"]
    assert [a["originNodeURI"]["title"] for a in links] == ["N.1"]
    again = import_case(data=exported, organisation=council)
    assert not FrameworkAssociation.objects.filter(origin__code="N.2").exists()
    assert again.items.get(code="N.2").parent is None
