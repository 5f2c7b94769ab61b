"""allauth hooks: where people land after sign-in, and council SSO sign-ups."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.db import transaction
from django.urls import reverse

from lms.people.selectors import organisation_for_email
from lms.people.services import attach_staff_profile


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        from lms.people.permissions import viewer_for

        viewer = viewer_for(request)
        if viewer.staff is not None:
            return reverse("dashboard")
        return reverse("account_overview")

    def get_signup_redirect_url(self, request):
        return self.get_login_redirect_url(request)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Council SSO (OIDC / Entra ID) creates staff accounts for the council's domains only."""

    def is_open_for_signup(self, request, sociallogin):
        email = sociallogin.user.email or ""
        return organisation_for_email(email) is not None

    def save_user(self, request, sociallogin, form=None):
        with transaction.atomic():
            user = super().save_user(request, sociallogin, form=form)
            attach_staff_profile(user=user, organisation=organisation_for_email(user.email))
        return user
