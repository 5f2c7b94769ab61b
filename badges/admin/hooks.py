"""Registers the badge admin: the permission policy, the "Badges" menu and its screens."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from badges.admin.access import may_administer_awards
from badges.admin.policy import BadgeClassPolicy
from badges.admin.viewsets import BADGES_MENU_HOOK, BadgesViewSetGroup
from badges.models import BadgeClass

# Before the viewset, so that its menu item, listing and views all ask this policy.
register_permission_policy(BadgeClass, BadgeClassPolicy(BadgeClass))
register_snippet(BadgesViewSetGroup)


@hooks.register("register_admin_urls")
def register_badge_admin_urls():
    return [path("badges/", include("badges.admin.urls", namespace="badges_admin"))]


class AwardAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return may_administer_awards(request.user)


def _item(label: str, url_name: str, icon: str, order: int) -> AwardAdminMenuItem:
    return AwardAdminMenuItem(
        label, reverse(url_name), name=url_name.replace(":", "-"), icon_name=icon, order=order
    )


@hooks.register(BADGES_MENU_HOOK)
def awards_menu_item():
    return _item("Awards", "badges_admin:awards", "tick-inverse", 200)


@hooks.register(BADGES_MENU_HOOK)
def award_menu_item():
    return _item("Award a badge", "badges_admin:award", "plus", 210)


@hooks.register(BADGES_MENU_HOOK)
def csv_menu_item():
    return _item("Award by CSV", "badges_admin:award_csv", "upload", 220)


@hooks.register(BADGES_MENU_HOOK)
def runs_menu_item():
    return _item("Re-evaluation runs", "badges_admin:runs", "rotate", 230)


@hooks.register(BADGES_MENU_HOOK)
def audit_menu_item():
    return _item("Audit log", "badges_admin:audit", "history", 240)
