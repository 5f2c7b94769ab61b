"""Registers the competency admin: permission policies first, then the "Competencies" menu."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from badges.frameworks.admin import CompetenciesViewSetGroup
from badges.frameworks.admin_scope import POLICIES

# Before the viewsets, so that their menu items, listings and views all ask these policies.
for model, policy in POLICIES.items():
    register_permission_policy(model, policy)


@hooks.register("register_admin_viewset")
def register_competencies_admin():
    return CompetenciesViewSetGroup()
