"""The demo seed: idempotent, a sensible organisation, and logins that work straight away."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.models import Page, Revision, Site

from cms.models import HomePage, SiteOrganisation
from lms.people.management.commands.seed_demo import DEMO_PASSWORD
from lms.people.models import (
    Department,
    JobRole,
    JobRoleFamily,
    Organisation,
    OrganisationDomain,
    StaffProfile,
    User,
    validate_brand_colour,
)

DEMO_EMAILS = [
    "learner@eastbridge.example",
    "manager@eastbridge.example",
    "hr@eastbridge.example",
    "editor@eastbridge.example",
    "admin@eastbridge.example",
    "graduate@example.com",
]
COUNTED_MODELS = [
    Organisation,
    OrganisationDomain,
    Department,
    JobRoleFamily,
    JobRole,
    User,
    StaffProfile,
    EmailAddress,
    Group,
    Page,
    Revision,
    SiteOrganisation,
]


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}


@pytest.fixture
def seeded(db):
    seed()
    return Organisation.objects.get(slug="eastbridge")


def test_second_run_creates_nothing(db):
    first = seed()
    after_first = counts()
    second = seed()

    assert counts() == after_first
    assert "0 created" in second
    assert "0 created" not in first
    for output in (first, second):
        assert "http://127.0.0.1:8000" in output
        assert DEMO_PASSWORD in output
        assert all(email in output for email in DEMO_EMAILS)


@override_settings(SETTINGS_MODULE="lms.settings.production")
def test_refuses_production_settings_unless_told(db):
    with pytest.raises(CommandError, match="production"):
        seed()
    assert not User.objects.exists()


def test_council_structure_and_staff(seeded):
    validate_brand_colour(seeded.brand_colour)
    assert seeded.email_domains.filter(domain="eastbridge.example").exists()
    assert JobRole.objects.filter(organisation__isnull=True).count() >= 20

    departments = Department.objects.filter(organisation=seeded)
    assert {d.depth for d in departments} == {1, 2, 3}
    assert departments.filter(depth=1).count() >= 4

    staff = StaffProfile.objects.filter(organisation=seeded).select_related(
        "job_role", "department", "manager"
    )
    assert 180 <= staff.count() <= 240
    assert staff.filter(no_corporate_device=True, job_role__slug="waste-crew-operative").exists()
    assert staff.filter(no_corporate_device=True, job_role__slug="care-worker").exists()
    assert not staff.filter(job_role__isnull=True).exists()
    employee_ids = [s.employee_id for s in staff if s.employee_id]
    assert len(employee_ids) == len(set(employee_ids))
    assert "E00001" in employee_ids


def test_manager_hierarchy_is_a_tree_within_the_council(seeded):
    staff = {
        s.pk: s for s in StaffProfile.objects.filter(organisation=seeded).select_related("job_role")
    }
    managers = {s.manager_id for s in staff.values() if s.manager_id}
    assert managers <= staff.keys(), "every manager works for the same council"

    roots = [s for s in staff.values() if s.manager_id is None]
    assert {s.job_role.slug for s in roots} == {"senior-leader", "councillor"}
    assert sum(s.job_role.slug == "senior-leader" for s in roots) == 1, "one chief executive"

    for profile in staff.values():
        seen, current = set(), profile
        while current.manager_id is not None:
            assert current.pk not in seen, f"manager cycle through {current}"
            seen.add(current.pk)
            current = staff[current.manager_id]
        assert len(seen) <= 5, "chief executive, director, head, team leader, staff"


def test_named_logins_fit_their_roles(seeded):
    learner = StaffProfile.objects.get(user__email="learner@eastbridge.example")
    manager = StaffProfile.objects.get(user__email="manager@eastbridge.example")
    assert learner.job_role.slug == "customer-services-adviser"
    assert learner.manager == manager
    assert manager.direct_reports.count() > 1
    assert StaffProfile.objects.get(user__email="hr@eastbridge.example").is_hr_admin
    editor = User.objects.get(email="editor@eastbridge.example")
    assert editor.groups.filter(name="Editors").exists()
    assert hasattr(editor, "staff_profile")
    admin = User.objects.get(email="admin@eastbridge.example")
    assert admin.is_superuser
    assert not StaffProfile.objects.filter(user__email="graduate@example.com").exists()

    for email in DEMO_EMAILS:
        assert authenticate(None, email=email, password=DEMO_PASSWORD) is not None, email
        assert EmailAddress.objects.filter(
            user__email=email, email=email, verified=True, primary=True
        ).exists()
    # Everyone else has an unusable password until they reset it.
    bulk = User.objects.filter(staff_profile__organisation=seeded).exclude(email__in=DEMO_EMAILS)
    assert not any(user.has_usable_password() for user in bulk)


def test_learner_can_sign_in_through_allauth(seeded):
    response = Client().post(
        reverse("account_login"),
        {"login": "learner@eastbridge.example", "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_site_belongs_to_the_council_and_home_page_has_content(seeded):
    site = Site.objects.get(is_default_site=True)
    assert SiteOrganisation.for_site(site).organisation == seeded
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert [block.block_type for block in home.body] == ["hero", "cards", "callout"]
    assert home.live and not home.has_unpublished_changes


def test_the_site_is_given_the_demos_address_for_canonical_links_and_the_sitemap(seeded):
    site = Site.objects.get(is_default_site=True)

    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert site.root_page.specific.get_full_url() == "http://127.0.0.1:8000/"


def test_a_site_address_someone_set_is_left_alone(db):
    Site.objects.filter(is_default_site=True).update(hostname="skills.example.gov.uk", port=443)

    call_command("seed_demo", "--site-url", "http://127.0.0.1:8130", stdout=StringIO())

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("skills.example.gov.uk", 443)


def test_an_edited_home_page_is_left_alone(db):
    home = HomePage.objects.get()
    home.introduction = "Written by an editor."
    home.save_revision().publish()

    seed()

    home.refresh_from_db()
    assert not home.body
    assert home.introduction == "Written by an editor."


@override_settings(LMS_MFA_REQUIRED_FOR=[])
def test_people_admin_is_for_platform_admins_only(seeded):
    urls = [
        "/admin/snippets/people/staffprofile/",
        "/admin/snippets/people/organisation/",
        "/admin/snippets/people/jobrole/",
        "/admin/snippets/people/jobrolefamily/",
        "/admin/snippets/choose/people/staffprofile/",
    ]
    admin, editor = Client(), Client()
    admin.force_login(User.objects.get(email="admin@eastbridge.example"))
    editor.force_login(User.objects.get(email="editor@eastbridge.example"))

    assert "People" in admin.get("/admin/").content.decode()
    assert "People" not in editor.get("/admin/").content.decode()
    for url in urls:
        assert admin.get(url).status_code == 200, url
        assert editor.get(url).status_code == 302, url
    learner = StaffProfile.objects.get(user__email="learner@eastbridge.example")
    # Leavers are marked, never deleted; staff arrive through sign-up or import.
    assert admin.get(f"/admin/snippets/people/staffprofile/delete/{learner.pk}/").status_code == 302
    assert admin.get("/admin/snippets/people/staffprofile/add/").status_code == 302
    staff_list = admin.get("/admin/snippets/people/staffprofile/", {"q": "learner@eastbridge"})
    assert "Fernandes" in staff_list.content.decode()
