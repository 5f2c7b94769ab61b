import pytest
from django.core.exceptions import ValidationError

from lms.people.colours import contrast_ratio_with_white
from lms.people.factories import (
    DepartmentFactory,
    OrganisationFactory,
    StaffProfileFactory,
    UserFactory,
)
from lms.people.models import Department, OrganisationDomain, StaffProfile, validate_brand_colour

pytestmark = pytest.mark.django_db


# --- brand colour -------------------------------------------------------------


@pytest.mark.parametrize("colour", ["#1d4f91", "#000000", "#0B0C0C", "#767676"])
def test_dark_brand_colours_pass(colour):
    validate_brand_colour(colour)


@pytest.mark.parametrize("colour", ["1d4f91", "#1d4f9", "#1d4f911", "#12345g", "blue", "", "#fff"])
def test_brand_colour_must_be_six_hex_digits(colour):
    with pytest.raises(ValidationError, match="six hex digits"):
        validate_brand_colour(colour)


@pytest.mark.parametrize("colour", ["#ffffff", "#ffdd00", "#777777", "#00a3e0"])
def test_brand_colour_too_light_for_white_text_is_refused_with_its_ratio(colour):
    with pytest.raises(ValidationError) as exc:
        validate_brand_colour(colour)
    message = exc.value.messages[0]
    assert f"{contrast_ratio_with_white(colour):.1f}:1" in message
    assert "4.5:1" in message


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio_with_white("#ffffff") == pytest.approx(1.0)
    assert contrast_ratio_with_white("#000000") == pytest.approx(21.0)
    # #767676 is the lightest grey that meets AA on white.
    assert contrast_ratio_with_white("#767676") == pytest.approx(4.54, abs=0.01)


def test_organisation_full_clean_refuses_a_light_brand_colour():
    council = OrganisationFactory.build(name="Pale Council", slug="pale", brand_colour="#eeeeee")
    with pytest.raises(ValidationError) as exc:
        council.full_clean()
    assert "brand_colour" in exc.value.message_dict


# --- organisation domains -------------------------------------------------------


def test_domain_is_normalised_on_save(council):
    domain = OrganisationDomain.objects.create(
        organisation=council, domain="  @Adults.Northby.GOV.uk "
    )
    domain.refresh_from_db()
    assert domain.domain == "adults.northby.gov.uk"


def test_domain_is_normalised_by_clean(council):
    domain = OrganisationDomain(organisation=council, domain=" @Social-Care.Northby.gov.UK")
    domain.full_clean()
    assert domain.domain == "social-care.northby.gov.uk"


@pytest.mark.parametrize(
    "bad", ["northby", "northby.gov.uk/path", "north by.gov.uk", "-northby.gov.uk", "x@y@z.uk", ""]
)
def test_malformed_domain_is_refused(council, bad):
    domain = OrganisationDomain(organisation=council, domain=bad)
    with pytest.raises(ValidationError) as exc:
        domain.full_clean()
    assert "domain" in exc.value.message_dict


def test_domain_differing_only_in_case_is_taken(council, other_council):
    domain = OrganisationDomain(organisation=other_council, domain="NORTHBY.gov.uk")
    with pytest.raises(ValidationError) as exc:
        domain.full_clean()
    assert "domain" in exc.value.message_dict


# --- users ------------------------------------------------------------------------


def test_user_email_is_stored_lower_case():
    user = UserFactory(email="  Mixed.Case@Example.ORG ")
    user.refresh_from_db()
    assert user.email == "mixed.case@example.org"


def test_display_name_falls_back_to_the_mailbox():
    assert UserFactory.build(first_name="", last_name="", email="jo@x.org").display_name == "jo"
    assert UserFactory.build(first_name="Jo", last_name="Bloggs").display_name == "Jo Bloggs"


# --- departments ------------------------------------------------------------------


def _fresh(*nodes):
    """Treebeard rewrites sibling paths on sorted inserts: read the nodes back."""
    return [Department.objects.get(pk=node.pk) for node in nodes]


@pytest.fixture
def tree(council, other_council):
    adults = DepartmentFactory(organisation=council, name="Adult services")
    care = DepartmentFactory(parent=adults, name="Care and support")
    reablement = DepartmentFactory(parent=care, name="Reablement")
    north = DepartmentFactory(parent=reablement, name="North team")
    south = DepartmentFactory(parent=reablement, name="South team")
    safeguarding = DepartmentFactory(parent=adults, name="Safeguarding")
    children = DepartmentFactory(organisation=council, name="Children's services")
    fostering = DepartmentFactory(parent=children, name="Fostering")
    # Another council's tree sits in the same table; some names sort between ours.
    theirs = DepartmentFactory(organisation=other_council, name="Adults and health")
    their_team = DepartmentFactory(parent=theirs, name="Care team")
    nodes = {
        "adults": adults,
        "care": care,
        "reablement": reablement,
        "north": north,
        "south": south,
        "safeguarding": safeguarding,
        "children": children,
        "fostering": fostering,
        "theirs": theirs,
        "their_team": their_team,
    }
    return dict(zip(nodes, _fresh(*nodes.values()), strict=True))


def _names(queryset):
    return {d.name for d in queryset}


def test_department_children_follow_their_parent_council(tree, council, other_council):
    assert tree["north"].organisation == council
    assert tree["their_team"].organisation == other_council
    assert tree["north"].depth == 4


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        (
            "adults",
            {
                "Adult services",
                "Care and support",
                "Reablement",
                "North team",
                "South team",
                "Safeguarding",
            },
        ),
        ("care", {"Care and support", "Reablement", "North team", "South team"}),
        ("reablement", {"Reablement", "North team", "South team"}),
        ("north", {"North team"}),
        ("children", {"Children's services", "Fostering"}),
        ("theirs", {"Adults and health", "Care team"}),
    ],
)
def test_subtree_is_the_node_and_everything_below_it(tree, node, expected):
    assert _names(tree[node].subtree()) == expected


def test_subtree_is_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = _names(tree["adults"].subtree())
    assert len(names) == 6


def test_subtree_agrees_with_treebeard_descendants(tree):
    for node in tree.values():
        expected = {node.pk} | {d.pk for d in node.get_descendants()}
        assert {d.pk for d in node.subtree()} == expected


# --- staff profiles: model validation ---------------------------------------------


def test_full_clean_refuses_a_manager_cycle(council):
    a = StaffProfileFactory(organisation=council)
    b = StaffProfileFactory(organisation=council, manager=a)
    c = StaffProfileFactory(organisation=council, manager=b)
    a.manager = c
    with pytest.raises(ValidationError) as exc:
        a.full_clean()
    assert exc.value.error_dict["manager"][0].code == "manager_cycle"
    assert "already reports to" in exc.value.message_dict["manager"][0]


def test_full_clean_refuses_two_person_cycle(council):
    a = StaffProfileFactory(organisation=council)
    b = StaffProfileFactory(organisation=council, manager=a)
    a.manager = b
    with pytest.raises(ValidationError) as exc:
        a.full_clean()
    assert "manager" in exc.value.message_dict


def test_full_clean_refuses_own_manager(council):
    a = StaffProfileFactory(organisation=council)
    a.manager = a
    with pytest.raises(ValidationError) as exc:
        a.full_clean()
    assert "manager" in exc.value.message_dict


def test_full_clean_refuses_manager_from_another_council(council, other_council):
    theirs = StaffProfileFactory(organisation=other_council)
    ours = StaffProfileFactory(organisation=council)
    ours.manager = theirs
    with pytest.raises(ValidationError) as exc:
        ours.full_clean()
    assert exc.value.message_dict["manager"] == ["A manager must work for the same council."]


def test_full_clean_refuses_department_from_another_council(council, other_council):
    their_department = DepartmentFactory(organisation=other_council)
    ours = StaffProfileFactory(organisation=council)
    ours.department = their_department
    with pytest.raises(ValidationError) as exc:
        ours.full_clean()
    assert exc.value.message_dict["department"] == ["That department belongs to another council."]


def test_full_clean_accepts_a_valid_line(council):
    department = DepartmentFactory(organisation=council)
    boss = StaffProfileFactory(organisation=council)
    report = StaffProfileFactory(organisation=council, manager=boss, department=department)
    report.full_clean()


def test_full_clean_names_a_reused_employee_id_clearly(council):
    StaffProfileFactory(organisation=council, employee_id="E100")
    duplicate = StaffProfileFactory.build(
        organisation=council, employee_id="E100", user=UserFactory()
    )
    with pytest.raises(ValidationError) as exc:
        duplicate.full_clean()
    # Admin and import forms show this message: it must say what is wrong.
    assert any("employee id" in message.lower() for message in exc.value.messages), (
        exc.value.messages
    )


def test_same_employee_id_in_another_council_is_fine(council, other_council):
    StaffProfileFactory(organisation=council, employee_id="E100")
    StaffProfileFactory(organisation=other_council, employee_id="E100").full_clean()
    assert StaffProfile.objects.filter(employee_id="E100").count() == 2


def test_blank_employee_ids_do_not_collide(council):
    StaffProfileFactory(organisation=council, employee_id="")
    StaffProfileFactory(organisation=council, employee_id="").full_clean()


def test_adding_departments_does_not_move_existing_ones(council, other_council):
    """Paths are what subtree queries match on; adding a department must not rewrite them.

    With departments sorted by name across the one shared tree, a new node that sorts first
    shifts the paths of every later sibling and everything below them, in every council:
    cross-council writes, and stale paths in any Department already loaded.
    """
    place = DepartmentFactory(organisation=council, name="Place")
    waste = DepartmentFactory(parent=place, name="Waste")
    before = dict(Department.objects.filter(organisation=council).values_list("pk", "path"))

    DepartmentFactory(organisation=other_council, name="Adult social care")
    DepartmentFactory(parent=place, name="Highways")  # a sibling sorting before Waste

    after = dict(Department.objects.filter(organisation=council).values_list("pk", "path"))
    assert after[place.pk] == before[place.pk]
    assert after[waste.pk] == before[waste.pk]
    # And a node read before the inserts still finds its own subtree.
    assert {d.pk for d in place.subtree()} >= {place.pk, waste.pk}
