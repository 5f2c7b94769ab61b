import datetime

import pytest

from lms.people import selectors
from lms.people.factories import (
    DepartmentFactory,
    OrganisationDomainFactory,
    OrganisationFactory,
    StaffProfileFactory,
)
from lms.people.models import StaffProfile

pytestmark = pytest.mark.django_db


# --- which council an address belongs to -----------------------------------------------


@pytest.mark.parametrize(
    ("email", "found"),
    [
        ("someone@northby.gov.uk", True),
        ("Someone@NORTHBY.GOV.UK", True),
        ("  someone@northby.gov.uk ", True),
        ("someone@social.northby.gov.uk", False),  # a subdomain is a different domain
        ("someone@northby.gov.uk.evil.example", False),
        ("someone@example.com", False),
        ("northby.gov.uk", False),
        ("", False),
    ],
)
def test_organisation_for_email(council, email, found):
    assert (selectors.organisation_for_email(email) == council) is found


def test_each_of_a_councils_domains_picks_it(council):
    OrganisationDomainFactory(organisation=council, domain="northby-schools.org.uk")
    assert selectors.organisation_for_email("head@northby-schools.org.uk") == council


def test_an_inactive_council_is_not_picked(db):
    OrganisationFactory(name="Old District Council", domain="olddistrict.gov.uk", is_active=False)
    assert selectors.organisation_for_email("a@olddistrict.gov.uk") is None


def test_the_domain_picks_the_right_one_of_several_councils(council, other_council):
    assert selectors.organisation_for_email("x@southby.gov.uk") == other_council
    assert selectors.organisation_for_email("x@northby.gov.uk") == council


# --- reporting lines ------------------------------------------------------------------


@pytest.fixture
def org_chart(council, other_council):
    """ceo → director → (head → (team_lead → officer → apprentice), head2); plus strays."""
    ceo = StaffProfileFactory(organisation=council)
    director = StaffProfileFactory(organisation=council, manager=ceo)
    peer_director = StaffProfileFactory(organisation=council, manager=ceo)
    peer_report = StaffProfileFactory(organisation=council, manager=peer_director)
    head = StaffProfileFactory(organisation=council, manager=director)
    head2 = StaffProfileFactory(organisation=council, manager=director)
    team_lead = StaffProfileFactory(organisation=council, manager=head)
    officer = StaffProfileFactory(organisation=council, manager=team_lead)
    apprentice = StaffProfileFactory(organisation=council, manager=officer)
    unmanaged = StaffProfileFactory(organisation=council)
    stranger = StaffProfileFactory(organisation=other_council)
    return {
        "ceo": ceo,
        "director": director,
        "peer_director": peer_director,
        "peer_report": peer_report,
        "head": head,
        "head2": head2,
        "team_lead": team_lead,
        "officer": officer,
        "apprentice": apprentice,
        "unmanaged": unmanaged,
        "stranger": stranger,
    }


def _line(manager):
    return set(selectors.reporting_line(manager))


def test_reporting_line_is_the_whole_subtree(org_chart):
    o = org_chart
    assert _line(o["director"]) == {
        o["head"],
        o["head2"],
        o["team_lead"],
        o["officer"],
        o["apprentice"],
    }
    assert _line(o["head"]) == {o["team_lead"], o["officer"], o["apprentice"]}
    assert _line(o["officer"]) == {o["apprentice"]}
    assert _line(o["apprentice"]) == set()


def test_reporting_line_of_the_top_is_everyone_under_it(org_chart):
    o = org_chart
    everyone_managed = {p for name, p in o.items() if name not in ("ceo", "unmanaged", "stranger")}
    assert _line(o["ceo"]) == everyone_managed


def test_reporting_line_is_one_query(org_chart, django_assert_num_queries):
    with django_assert_num_queries(1):
        line = list(selectors.reporting_line(org_chart["director"]))
    assert len(line) == 5


def test_reporting_line_leaves_out_other_councils_even_with_bad_links(org_chart):
    o = org_chart
    # A bad import linked another council's person under our officer, bypassing validation.
    StaffProfile.objects.filter(pk=o["stranger"].pk).update(manager=o["officer"])
    assert o["stranger"] not in _line(o["director"])
    assert _line(o["officer"]) == {o["apprentice"]}


def test_reporting_line_terminates_on_cyclic_bad_data(org_chart):
    o = org_chart
    # A cycle written straight to the database, as a buggy import might.
    StaffProfile.objects.filter(pk=o["director"].pk).update(manager=o["apprentice"])
    line = _line(o["director"])
    assert {o["head"], o["apprentice"]} <= line
    assert o["peer_report"] not in line


def test_manager_chain_ids_go_all_the_way_up(org_chart):
    o = org_chart
    assert selectors.manager_chain_ids(o["apprentice"].pk) == {
        o[name].pk for name in ("apprentice", "officer", "team_lead", "head", "director", "ceo")
    }
    assert selectors.manager_chain_ids(o["ceo"].pk) == {o["ceo"].pk}


def test_is_in_reporting_line(org_chart):
    o = org_chart
    assert selectors.is_in_reporting_line(manager=o["director"], profile=o["apprentice"])
    assert selectors.is_in_reporting_line(manager=o["director"], profile=o["head"])
    assert not selectors.is_in_reporting_line(manager=o["director"], profile=o["director"])
    assert not selectors.is_in_reporting_line(manager=o["director"], profile=o["peer_report"])
    assert not selectors.is_in_reporting_line(manager=o["director"], profile=o["ceo"])
    assert not selectors.is_in_reporting_line(manager=o["head"], profile=o["head2"])


# --- directory, headcount, department tree ------------------------------------------


def test_staff_directory_is_scoped_to_the_council(council, other_council):
    ours = StaffProfileFactory(organisation=council)
    StaffProfileFactory(organisation=other_council)
    assert list(selectors.staff_directory(council)) == [ours]


@pytest.mark.parametrize("term", ["Ravindra", "okonkwo", "ravi.okonkwo@", "HR-77"])
def test_staff_directory_search(council, other_council, term):
    wanted = StaffProfileFactory(
        organisation=council,
        employee_id="HR-77",
        user__first_name="Ravindra",
        user__last_name="Okonkwo",
        user__email="ravi.okonkwo@northby.gov.uk",
    )
    StaffProfileFactory(organisation=council, user__first_name="Someone", user__last_name="Else")
    StaffProfileFactory(
        organisation=other_council,
        employee_id="HR-77",
        user__first_name="Ravindra",
        user__last_name="Okonkwo",
    )
    assert list(selectors.staff_directory(council, search=term)) == [wanted]


def test_staff_directory_is_one_query_however_many_staff(council, django_assert_num_queries):
    boss = StaffProfileFactory(
        organisation=council, department=DepartmentFactory(organisation=council)
    )
    for _ in range(5):
        StaffProfileFactory(organisation=council, manager=boss, department=boss.department)
    with django_assert_num_queries(1):
        rows = [
            (p.user.email, p.department and p.department.name, p.manager and p.manager.user.email)
            for p in selectors.staff_directory(council)
        ]
    assert len(rows) == 6


def test_organisation_headcount(council, other_council):
    boss = StaffProfileFactory(organisation=council)
    StaffProfileFactory(organisation=council, manager=boss, no_corporate_device=True)
    StaffProfileFactory(organisation=council, manager=boss)
    StaffProfileFactory(organisation=council, is_active=False, left_on=datetime.date(2026, 3, 31))
    StaffProfileFactory(organisation=council, is_active=False)  # signed up, not yet confirmed
    StaffProfileFactory(organisation=other_council)
    assert selectors.organisation_headcount(council) == {
        "active": 3,
        "leavers": 1,
        "awaiting_confirmation": 1,
        "no_corporate_device": 1,
        "managers": 1,
    }


def test_department_tree_in_order_with_active_headcounts(
    council, other_council, django_assert_num_queries
):
    services_ = DepartmentFactory(organisation=council, name="Place")
    planning = DepartmentFactory(parent=services_, name="Planning")
    waste = DepartmentFactory(parent=services_, name="Waste")
    DepartmentFactory(organisation=other_council, name="Their department")
    planning.refresh_from_db()
    waste.refresh_from_db()
    StaffProfileFactory(organisation=council, department=planning)
    StaffProfileFactory(organisation=council, department=planning)
    StaffProfileFactory(organisation=council, department=planning, is_active=False)
    StaffProfileFactory(organisation=council, department=waste)
    with django_assert_num_queries(1):
        tree = selectors.department_tree(council)
    assert [(row["name"], row["depth"], row["headcount"]) for row in tree] == [
        ("Place", 1, 0),
        ("Planning", 2, 2),
        ("Waste", 2, 1),
    ]
