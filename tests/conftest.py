"""Fixtures shared by the whole suite: two councils and the people who use the platform.

Every persona is a User with a verified email address and the password
`lms.people.factories.DEFAULT_PASSWORD`:

- learner: staff of `council`, reports to `manager`.
- manager: staff of `council`; `learner` reports to them (requesting `manager` sets that link).
- hr_admin: HR admin of `council`, with a TOTP authenticator (MFA is enforced for HR admins).
- other_learner / other_hr_admin: the same roles in `other_council`.
- editor: staff of `council` in Wagtail's "Editors" group.
- graduate: a public account without a staff profile.
- platform_admin: a superuser with a TOTP authenticator.

`client_for(user)` returns a django test Client signed in as that user.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client

from lms import caching
from lms.people.factories import (
    OrganisationFactory,
    StaffProfileFactory,
    VerifiedUserFactory,
    give_totp,
)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits, TOTP replay markers and cached pages live in the cache: start clean,
    and with the cache asked again even if a test before made it fail (lms.caching).

    Content types too: a transactional test's flush recreates them with new ids, and a
    stale in-memory id would break the next insert that refers to one (search index,
    permissions) with a foreign-key error.
    """
    cache.clear()
    caching.retry_now()
    ContentType.objects.clear_cache()
    yield
    cache.clear()
    caching.retry_now()
    ContentType.objects.clear_cache()


@pytest.fixture
def council(db):
    return OrganisationFactory(name="Northby City Council", slug="northby", domain="northby.gov.uk")


@pytest.fixture
def other_council(db):
    return OrganisationFactory(
        name="Southby Borough Council", slug="southby", domain="southby.gov.uk"
    )


def _staff_user(organisation, email, first_name, last_name, **profile_fields):
    profile = StaffProfileFactory(
        organisation=organisation,
        user__email=email,
        user__first_name=first_name,
        user__last_name=last_name,
        **profile_fields,
    )
    return profile.user


@pytest.fixture
def learner(council):
    return _staff_user(council, "lena.learner@northby.gov.uk", "Lena", "Learner")


@pytest.fixture
def manager(council, learner):
    user = _staff_user(council, "max.manager@northby.gov.uk", "Max", "Manager")
    learner.staff_profile.manager = user.staff_profile
    learner.staff_profile.save(update_fields=["manager"])
    return user


@pytest.fixture
def hr_admin(council):
    user = _staff_user(council, "hana.hr@northby.gov.uk", "Hana", "Admin", is_hr_admin=True)
    give_totp(user)
    return user


@pytest.fixture
def other_learner(other_council):
    return _staff_user(other_council, "olly.learner@southby.gov.uk", "Olly", "Learner")


@pytest.fixture
def other_hr_admin(other_council):
    user = _staff_user(other_council, "omar.hr@southby.gov.uk", "Omar", "Admin", is_hr_admin=True)
    give_totp(user)
    return user


@pytest.fixture
def editor(council):
    user = _staff_user(council, "eve.editor@northby.gov.uk", "Eve", "Editor")
    group, _ = Group.objects.get_or_create(name="Editors")
    user.groups.add(group)
    return user


@pytest.fixture
def graduate(db):
    return VerifiedUserFactory(
        email="gus.graduate@example.com", first_name="Gus", last_name="Graduate"
    )


@pytest.fixture
def platform_admin(db):
    user = VerifiedUserFactory(
        email="pat.platform@example.net",
        first_name="Pat",
        last_name="Platform",
        is_staff=True,
        is_superuser=True,
    )
    give_totp(user)
    return user


@pytest.fixture
def client_for(db):
    """`client_for(user)`: a fresh test Client signed in as `user` (anonymous for None)."""

    def make(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
