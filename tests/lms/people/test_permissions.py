import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from lms.people.factories import StaffProfileFactory, VerifiedUserFactory
from lms.people.permissions import Role, Viewer
from lms.people.services import mark_leaver, set_manager

pytestmark = pytest.mark.django_db


def roles_of(user):
    return Viewer(user).roles


def test_anonymous_has_no_role():
    viewer = Viewer(AnonymousUser())
    assert viewer.roles == frozenset()
    assert viewer.staff is None
    assert viewer.organisation is None
    assert not viewer.is_public


def test_learner_roles(learner, council):
    assert roles_of(learner) == {Role.LEARNER}
    assert Viewer(learner).organisation == council


def test_manager_role_comes_from_manager_links(manager):
    assert roles_of(manager) == {Role.LEARNER, Role.MANAGER}


def test_hr_admin_roles(hr_admin):
    assert roles_of(hr_admin) == {Role.LEARNER, Role.HR_ADMIN}


def test_editor_role_comes_from_the_wagtail_group(editor):
    assert roles_of(editor) == {Role.LEARNER, Role.EDITOR}


def test_moderators_are_editors_too(council):
    user = StaffProfileFactory(organisation=council).user
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    assert Role.EDITOR in roles_of(user)


def test_platform_admin_roles(platform_admin):
    assert roles_of(platform_admin) == {Role.PLATFORM_ADMIN, Role.EDITOR}


def test_graduate_is_public_only(graduate):
    assert roles_of(graduate) == {Role.PUBLIC}


def test_manager_loses_the_role_when_their_only_report_leaves(manager, learner):
    mark_leaver(profile=learner.staff_profile, left_on=datetime.date(2026, 1, 31))
    assert Role.MANAGER not in roles_of(manager)
    assert Role.LEARNER in roles_of(manager)


def test_manager_loses_the_role_when_their_report_moves(manager, learner, council):
    new_manager = StaffProfileFactory(organisation=council)
    set_manager(profile=learner.staff_profile, manager=new_manager)
    assert Role.MANAGER not in roles_of(manager)
    assert Role.MANAGER in roles_of(new_manager.user)


def test_a_leaver_is_no_longer_staff(learner):
    mark_leaver(profile=learner.staff_profile, left_on=datetime.date(2026, 1, 31))
    learner.refresh_from_db()
    viewer = Viewer(learner)
    assert viewer.staff is None
    assert Role.LEARNER not in viewer.roles


def test_an_inactive_hr_admin_profile_loses_hr_rights(hr_admin, council):
    hr_admin.staff_profile.is_active = False
    hr_admin.staff_profile.save()
    viewer = Viewer(hr_admin)
    assert not viewer.is_hr_admin
    assert not viewer.can_manage_organisation(council)


def test_has_role_accepts_role_names_as_strings(hr_admin):
    viewer = Viewer(hr_admin)
    assert viewer.has_role("hr_admin")
    assert viewer.has_any_role(["platform_admin", "hr_admin"])
    assert not viewer.has_any_role(["platform_admin", "editor"])


# --- councils ------------------------------------------------------------------------


def test_hr_admin_manages_only_their_own_council(hr_admin, council, other_council):
    viewer = Viewer(hr_admin)
    assert viewer.can_manage_organisation(council)
    assert not viewer.can_manage_organisation(other_council)


def test_platform_admin_manages_every_council(platform_admin, council, other_council):
    viewer = Viewer(platform_admin)
    assert viewer.can_manage_organisation(council)
    assert viewer.can_manage_organisation(other_council)


@pytest.mark.parametrize("persona", ["learner", "manager", "editor", "graduate"])
def test_other_personas_manage_no_council(request, persona, council):
    assert not Viewer(request.getfixturevalue(persona)).can_manage_organisation(council)


def test_anonymous_manages_no_council(council):
    assert not Viewer(AnonymousUser()).can_manage_organisation(council)


# --- people ----------------------------------------------------------------------------


@pytest.fixture
def line(council, manager, learner):
    """manager → learner → apprentice; manager's peer → peer_report; all in `council`."""
    apprentice = StaffProfileFactory(organisation=council, manager=learner.staff_profile)
    peer = StaffProfileFactory(organisation=council)
    peer_report = StaffProfileFactory(organisation=council, manager=peer)
    colleague = StaffProfileFactory(organisation=council, manager=manager.staff_profile)
    return {
        "manager": manager.staff_profile,
        "learner": learner.staff_profile,
        "apprentice": apprentice,
        "peer": peer,
        "peer_report": peer_report,
        "colleague": colleague,
    }


def test_manager_sees_direct_and_indirect_reports(manager, line):
    viewer = Viewer(manager)
    assert viewer.can_view_person(line["learner"])
    assert viewer.can_view_person(line["apprentice"])
    assert viewer.can_view_person(line["colleague"])


def test_manager_does_not_see_peers_or_their_reports(manager, line):
    viewer = Viewer(manager)
    assert not viewer.can_view_person(line["peer"])
    assert not viewer.can_view_person(line["peer_report"])


def test_report_does_not_see_their_manager_or_colleagues(learner, line):
    viewer = Viewer(learner)
    assert viewer.can_view_person(line["learner"])  # themselves
    assert viewer.can_view_person(line["apprentice"])  # their own report
    assert not viewer.can_view_person(line["manager"])
    assert not viewer.can_view_person(line["colleague"])


def test_learner_without_reports_sees_only_themselves(council):
    a = StaffProfileFactory(organisation=council)
    b = StaffProfileFactory(organisation=council)
    viewer = Viewer(a.user)
    assert viewer.can_view_person(a)
    assert not viewer.can_view_person(b)


def test_hr_admin_sees_everyone_in_their_council_only(hr_admin, line, other_learner):
    viewer = Viewer(hr_admin)
    for profile in line.values():
        assert viewer.can_view_person(profile)
    assert not viewer.can_view_person(other_learner.staff_profile)


def test_other_councils_hr_admin_sees_none_of_ours(other_hr_admin, line):
    viewer = Viewer(other_hr_admin)
    assert not any(viewer.can_view_person(profile) for profile in line.values())


def test_platform_admin_sees_everyone(platform_admin, line, other_learner):
    viewer = Viewer(platform_admin)
    assert viewer.can_view_person(line["peer_report"])
    assert viewer.can_view_person(other_learner.staff_profile)


def test_graduate_and_editor_see_nobody_else(graduate, editor, line):
    for user in (graduate, editor):
        viewer = Viewer(user)
        assert not any(viewer.can_view_person(profile) for profile in line.values())


def test_former_manager_no_longer_sees_a_moved_report(manager, line, council):
    set_manager(profile=line["learner"], manager=line["peer"])
    viewer = Viewer(manager)
    assert not viewer.can_view_person(line["learner"])
    assert not viewer.can_view_person(line["apprentice"])
    assert viewer.can_view_person(line["colleague"])


def test_public_account_is_never_staff(db):
    user = VerifiedUserFactory(email="someone@example.com")
    viewer = Viewer(user)
    assert viewer.is_public
    assert not viewer.is_learner
