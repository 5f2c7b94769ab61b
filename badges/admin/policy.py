"""Wagtail permission policy for badge classes: model permissions, scoped by council.

A group is granted "Can add/change/delete/view badge" in Wagtail's group editor as
usual; on top of that a member only reaches their own council's badges (and sees the
sector's read-only). Adding a badge needs a council, since it will belong to one.
Badges are switched off rather than deleted.
"""

from __future__ import annotations

from wagtail.permission_policies.base import ModelPermissionPolicy

from badges.admin.scope import (
    badges_manageable_by,
    badges_visible_to,
    can_manage,
    can_see,
    may_create,
)
from badges.models import BadgeClass


class BadgeClassPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        # Never deleted: awards and the append-only audit log refer to badges.
        if action == "delete" or not super().user_has_permission(user, action):
            return False
        return may_create(user) if action == "add" else True

    def user_has_any_permission_for_instance(self, user, actions, instance):
        for action in actions:
            if not self.user_has_permission(user, action):
                continue
            if can_see(user, instance) if action == "view" else can_manage(user, instance):
                return True
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        allowed = {action for action in actions if self.user_has_permission(user, action)}
        if "view" in allowed:
            return badges_visible_to(user)
        if allowed:
            return badges_manageable_by(user)
        return BadgeClass.objects.none()
