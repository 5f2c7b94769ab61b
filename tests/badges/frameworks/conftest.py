"""Fixtures for the competency admin: editors who hold the framework permissions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from badges.frameworks.admin_scope import grant_competency_permissions
from lms.people.factories import StaffProfileFactory


@pytest.fixture
def framework_editor(editor):
    """The `editor` persona (council "northby"), allowed to manage frameworks in the admin."""
    grant_competency_permissions(group=Group.objects.get(name="Editors"))
    return editor


@pytest.fixture
def other_framework_editor(other_council, framework_editor):
    profile = StaffProfileFactory(
        organisation=other_council, user__email="erin.editor@southby.gov.uk"
    )
    profile.user.groups.add(Group.objects.get(name="Editors"))
    return profile.user
