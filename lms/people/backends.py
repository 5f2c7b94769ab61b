"""Authentication backends that load the signed-in user with what every page asks of them.

Every request reads the user, and nearly every page then asks the permission layer for
the staff profile, the council, and whether the person manages anyone or edits content
(the navigation shows those links). Loading all of it with the user is one query instead
of two or three. Both backends differ from the ones they extend only in get_user.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from lms.people.permissions import user_with_roles


class _LoadsRoles:
    def get_user(self, user_id):
        user = user_with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_LoadsRoles, DjangoModelBackend):
    """Django's own sign-in by password (the test client's force_login uses it)."""


class AuthenticationBackend(_LoadsRoles, AllauthBackend):
    """allauth's sign-in by email, which the site's login forms use."""
