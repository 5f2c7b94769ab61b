import datetime

import pytest
from django.urls import reverse

from lms.people.factories import StaffProfileFactory
from lms.people.services import mark_leaver

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


def _manage(slug, *rest):
    return "/manage/" + "/".join([slug, *map(str, rest)]) + "/"


def assert_login_redirect(response, path):
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")
    assert path in response["Location"]


# --- HR views (/manage/<slug>/...) ------------------------------------------------------


@pytest.mark.parametrize("path", ["/manage/northby/", "/manage/northby/people/"])
def test_anonymous_is_sent_to_sign_in(client, council, path):
    assert_login_redirect(client.get(path), path)


@pytest.mark.parametrize(
    "path", ["/manage/no-such-council/", "/manage/no-such-council/people/", "/manage/x/people/1/"]
)
@pytest.mark.parametrize("persona", ["hr_admin", "platform_admin", "learner"])
def test_unknown_council_slug_is_404(client_for, request, council, persona, path):
    response = client_for(request.getfixturevalue(persona)).get(path)
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/manage/southby/", "/manage/southby/people/"])
def test_another_councils_pages_are_403_for_an_hr_admin(client_for, hr_admin, other_council, path):
    assert client_for(hr_admin).get(path).status_code == 403


@pytest.mark.parametrize("persona", ["learner", "manager", "editor", "graduate"])
def test_manage_pages_are_403_without_hr_rights(client_for, request, council, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/manage/northby/").status_code == 403
    assert client.get("/manage/northby/people/").status_code == 403


def test_hr_admin_sees_their_councils_overview(client_for, hr_admin, learner, council):
    response = client_for(hr_admin).get("/manage/northby/")
    assert response.status_code == 200
    assert response.context["organisation"] == council
    assert response.context["stats"]["active"] == 2


def test_platform_admin_may_manage_any_council(client_for, platform_admin, council, other_council):
    client = client_for(platform_admin)
    assert client.get("/manage/northby/").status_code == 200
    assert client.get("/manage/southby/").status_code == 200


def test_staff_list_shows_only_this_councils_staff(client_for, hr_admin, learner, other_learner):
    response = client_for(hr_admin).get("/manage/northby/people/")
    assert response.status_code == 200
    profiles = list(response.context["page"])
    assert learner.staff_profile in profiles
    assert other_learner.staff_profile not in profiles
    content = response.content.decode()
    assert learner.staff_profile.employee_id in content
    assert other_learner.staff_profile.employee_id not in content


def test_staff_list_search(client_for, hr_admin, learner, manager):
    response = client_for(hr_admin).get("/manage/northby/people/", {"q": "Lena"})
    assert list(response.context["page"]) == [learner.staff_profile]


def test_staff_detail_of_own_council(client_for, hr_admin, learner, manager):
    path = _manage("northby", "people", manager.staff_profile.pk)
    response = client_for(hr_admin).get(path)
    assert response.status_code == 200
    assert response.context["profile"] == manager.staff_profile
    assert list(response.context["reports"]) == [learner.staff_profile]


def test_staff_detail_with_another_councils_profile_id_is_404(client_for, hr_admin, other_learner):
    path = _manage("northby", "people", other_learner.staff_profile.pk)
    response = client_for(hr_admin).get(path)
    assert response.status_code == 404
    assert other_learner.email not in response.content.decode()


def test_staff_detail_with_unknown_id_is_404(client_for, hr_admin, council):
    assert client_for(hr_admin).get(_manage("northby", "people", 999_999)).status_code == 404


def test_other_hr_admin_cannot_read_our_staff_detail(client_for, other_hr_admin, learner):
    path = _manage("northby", "people", learner.staff_profile.pk)
    assert client_for(other_hr_admin).get(path).status_code == 403
    # Nor by putting our profile id under their own council's slug.
    path = _manage("southby", "people", learner.staff_profile.pk)
    assert client_for(other_hr_admin).get(path).status_code == 404


def test_manage_views_refuse_post(client_for, hr_admin, council):
    assert client_for(hr_admin).post("/manage/northby/people/").status_code == 405


# --- team --------------------------------------------------------------------------------


def test_team_lists_the_whole_reporting_line(client_for, manager, learner, council):
    apprentice = StaffProfileFactory(
        organisation=council, manager=learner.staff_profile, user__last_name="Apprentice"
    )
    trainee = StaffProfileFactory(organisation=council, manager=apprentice)
    peer = StaffProfileFactory(organisation=council)
    StaffProfileFactory(organisation=council, manager=peer)
    gone = StaffProfileFactory(organisation=council, manager=learner.staff_profile)
    mark_leaver(profile=gone, left_on=datetime.date(2026, 1, 31))

    response = client_for(manager).get("/team/")
    assert response.status_code == 200
    members = set(response.context["page"])
    assert members == {learner.staff_profile, apprentice, trainee}
    content = response.content.decode()
    assert learner.last_name in content
    assert apprentice.user.last_name in content


@pytest.mark.parametrize("persona", ["learner", "graduate", "hr_admin", "editor"])
def test_team_is_403_for_people_nobody_reports_to(client_for, request, persona):
    assert client_for(request.getfixturevalue(persona)).get("/team/").status_code == 403


def test_team_anonymous_is_sent_to_sign_in(client):
    assert_login_redirect(client.get("/team/"), "/team/")


# --- dashboard and account ----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["learner", "manager", "hr_admin", "editor", "other_learner"])
def test_staff_reach_their_dashboard(client_for, request, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).get("/dashboard/")
    assert response.status_code == 200
    assert response.context["profile"] == user.staff_profile


def test_dashboard_is_403_for_a_graduate(client_for, graduate):
    response = client_for(graduate).get("/dashboard/")
    assert response.status_code == 403


def test_dashboard_anonymous_is_sent_to_sign_in(client):
    assert_login_redirect(client.get("/dashboard/"), "/dashboard/")


def test_manager_dashboard_counts_active_reports(client_for, manager, learner, council):
    StaffProfileFactory(organisation=council, manager=manager.staff_profile, is_active=False)
    response = client_for(manager).get("/dashboard/")
    assert response.context["direct_report_count"] == 1


def test_a_leavers_session_stops_working(client_for, learner):
    client = client_for(learner)
    assert client.get("/dashboard/").status_code == 200
    mark_leaver(profile=learner.staff_profile, left_on=datetime.date(2026, 1, 31))
    assert_login_redirect(client.get("/dashboard/"), "/dashboard/")


@pytest.mark.parametrize("persona", ["graduate", "learner"])
def test_account_page_for_any_signed_in_person(client_for, request, persona):
    response = client_for(request.getfixturevalue(persona)).get("/account/")
    assert response.status_code == 200
    assert response.context["has_totp"] is False


def test_account_page_reports_totp(client_for, hr_admin):
    assert client_for(hr_admin).get("/account/").context["has_totp"] is True


def test_account_page_anonymous_is_sent_to_sign_in(client):
    assert_login_redirect(client.get("/account/"), "/account/")
