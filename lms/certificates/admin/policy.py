"""Wagtail permission policy for certificate designs: by role and council, not by model
permissions, so a council's editors can brand their certificates without a group set-up."""

from __future__ import annotations

from wagtail.permission_policies.base import BasePermissionPolicy

from lms.certificates.admin.access import council_of, designs_for, is_platform_admin, may_manage
from lms.certificates.models import CertificateDesign


class DesignPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "delete":
            return is_platform_admin(user)
        if action == "add":
            if is_platform_admin(user):
                return True
            council = council_of(user)
            # One design per council: once it exists, it is edited, not added again.
            return (
                council is not None
                and not CertificateDesign.objects.filter(organisation=council).exists()
            )
        return may_manage(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        from lms.people.models import User

        return User.objects.filter(is_active=True, is_superuser=True)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, [a for a in actions if a != "add"]):
            return False
        if is_platform_admin(user):
            return True
        council = council_of(user)
        return council is not None and instance.organisation_id == council.pk

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return CertificateDesign.objects.none()
        return designs_for(user)
