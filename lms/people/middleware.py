"""Sign-in rules that apply across the site, before any view runs."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from lms.people.permissions import viewer_for

# Paths a person must still reach to set up an authenticator or to leave.
ALWAYS_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/favicon.ico")


class EnforceMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not request.path.startswith(ALWAYS_ALLOWED_PREFIXES):
            viewer = viewer_for(request)
            if viewer.has_any_role(settings.LMS_MFA_REQUIRED_FOR) and not _has_totp(request.user):
                return redirect(reverse("mfa_activate_totp") + "?required=1")
        return self.get_response(request)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
