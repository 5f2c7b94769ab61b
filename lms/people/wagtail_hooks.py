"""Puts councils, job roles and staff under a "People" menu for platform admins."""

from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from lms.people.admin_views import POLICIES, PeopleViewSetGroup

# Registered before the viewsets so that their menu items, listings and forms all ask
# these policies rather than Django's model permissions.
for model, policy in POLICIES.items():
    register_permission_policy(model, policy)

register_snippet(PeopleViewSetGroup)
