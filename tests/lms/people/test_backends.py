"""The signed-in user comes with their staff profile and roles in one query, through either
sign-in backend, and gives the same answers as a Viewer that asks the database itself."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.people.backends import AuthenticationBackend, ModelBackend
from lms.people.factories import StaffProfileFactory
from lms.people.permissions import Role, Viewer, user_with_roles
from lms.people.services import mark_leaver

PERSONAS = ["learner", "manager", "hr_admin", "editor", "graduate", "platform_admin"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_roles_loaded_with_the_user_match_a_viewer_that_asks(request, persona):
    user = request.getfixturevalue(persona)
    loaded = user_with_roles(user.pk)
    with CaptureQueriesContext(connection) as captured:
        viewer = Viewer(loaded)
        roles, organisation = viewer.roles, viewer.organisation
    assert len(captured) == 0
    asking = Viewer(type(user).objects.get(pk=user.pk))
    assert (roles, organisation) == (asking.roles, asking.organisation)


def test_a_moderator_without_a_staff_profile_is_an_editor(graduate):
    graduate.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    assert Role.EDITOR in Viewer(user_with_roles(graduate.pk)).roles


def test_leavers_and_their_managers_lose_their_roles(manager, learner):
    mark_leaver(profile=learner.staff_profile, left_on=datetime.date(2026, 1, 31))
    assert Role.MANAGER not in Viewer(user_with_roles(manager.pk)).roles
    assert Viewer(user_with_roles(learner.pk)).staff is None


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_both_backends_load_the_roles_and_refuse_inactive_users(backend, learner):
    user = backend().get_user(learner.pk)
    assert Viewer(user).roles == {Role.LEARNER}
    assert backend().get_user(10**9) is None
    learner.is_active = False
    learner.save(update_fields=["is_active"])
    assert backend().get_user(learner.pk) is None


@pytest.mark.parametrize("backend", settings.AUTHENTICATION_BACKENDS)
def test_a_page_view_asks_for_the_user_and_roles_once(client_for, manager, backend):
    client = client_for(manager)
    session = client.session
    session[BACKEND_SESSION_KEY] = backend
    session.save()
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/dashboard/")
    assert response.status_code == 200
    assert b"My team" in response.content
    queries = [q["sql"] for q in captured]
    users = [sql for sql in queries if 'FROM "people_user"' in sql]
    assert len(users) == 1 and '"people_staffprofile"."is_hr_admin"' in users[0]
    # The Viewer's own reading of the profile, by user, never happens.
    assert not [sql for sql in queries if 'WHERE "people_staffprofile"."user_id" =' in sql]


def test_a_deactivated_profile_is_not_staff_on_the_next_request(client_for, council):
    profile = StaffProfileFactory(organisation=council)
    client = client_for(profile.user)
    assert client.get("/dashboard/").status_code == 200
    profile.is_active = False
    profile.save(update_fields=["is_active"])
    assert client.get("/dashboard/").status_code == 403
