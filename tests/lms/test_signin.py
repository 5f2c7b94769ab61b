"""Sign-up, sign-in, verification, password reset, rate limits, MFA and council SSO."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from lms.people.adapters import SocialAccountAdapter
from lms.people.factories import (
    DEFAULT_PASSWORD,
    TOTP_SECRET,
    JobRoleFactory,
    OrganisationFactory,
    StaffProfileFactory,
)
from lms.people.models import StaffProfile, User

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
SIGNUP = reverse("account_signup")
PUBLIC_SIGNUP = reverse("account_signup_public")
LOGIN = reverse("account_login")
NEW_PASSWORD = "a-long-and-unusual-passphrase-42"


def signup_data(email, **extra):
    return {
        "first_name": "Sam",
        "last_name": "Newstarter",
        "email": email,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **extra,
    }


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def totp_code(secret=TOTP_SECRET, offset=0):
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def links_in(message):
    return re.findall(r"https?://\S+", message.body)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


# --- staff sign-up ---------------------------------------------------------------------


def test_staff_signup_with_council_domain_creates_staff_in_that_council(
    client, council, other_council
):
    response = client.post(SIGNUP, signup_data("Sam.Newstarter@Southby.gov.uk"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")

    user = User.objects.get(email="sam.newstarter@southby.gov.uk")
    assert (user.first_name, user.last_name) == ("Sam", "Newstarter")
    assert user.staff_profile.organisation == other_council
    # Not staff until the address is confirmed: nobody can fill a council's staff list
    # with addresses they do not own.
    assert not user.staff_profile.is_active
    assert EmailAddress.objects.filter(user=user, verified=False).count() == 1

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam.newstarter@southby.gov.uk"]
    assert any("/accounts/confirm-email/" in link for link in links_in(mail.outbox[0]))
    # Mandatory verification: the new account is not signed in yet.
    assert signed_in_user_id(client) is None


def test_staff_signup_records_a_chosen_sector_job_role(client, council):
    role = JobRoleFactory(name="Planning officer")
    response = client.post(SIGNUP, signup_data("sam@northby.gov.uk", job_role=role.pk))
    assert response.status_code == 302
    assert User.objects.get(email="sam@northby.gov.uk").staff_profile.job_role == role


def test_cannot_sign_in_before_verifying_then_can_after(client, council):
    client.post(SIGNUP, signup_data("sam@northby.gov.uk"))
    assert len(mail.outbox) == 1
    verify_link = next(link for link in links_in(mail.outbox[0]) if "confirm-email" in link)

    fresh = type(client)()
    response = fresh.post(LOGIN, {"login": "sam@northby.gov.uk", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user_id(fresh) is None
    assert fresh.get("/dashboard/").status_code == 302

    confirm = fresh.post(path_of(verify_link))
    assert confirm.status_code == 302
    assert EmailAddress.objects.get(email="sam@northby.gov.uk").verified
    assert User.objects.get(email="sam@northby.gov.uk").staff_profile.is_active

    response = fresh.post(LOGIN, {"login": "sam@northby.gov.uk", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert fresh.get("/dashboard/").status_code == 200


def test_signup_from_unknown_domain_points_to_public_signup_and_saves_nothing(client, council):
    users, mails = User.objects.count(), EmailAddress.objects.count()
    response = client.post(SIGNUP, signup_data("sam@gmail.com"))
    assert response.status_code == 200
    errors = response.context["form"].errors["email"]
    assert len(errors) == 1
    assert "gmail.com is not the email domain of a council on this site" in errors[0]
    assert f'href="{PUBLIC_SIGNUP}"' in errors[0]
    assert "gmail.com is not the email domain" in response.content.decode()
    assert (User.objects.count(), EmailAddress.objects.count()) == (users, mails)
    assert StaffProfile.objects.count() == 0
    assert mail.outbox == []


def test_signup_from_an_inactive_councils_domain_is_refused(client):
    OrganisationFactory(name="Old District Council", domain="olddistrict.gov.uk", is_active=False)
    response = client.post(SIGNUP, signup_data("sam@olddistrict.gov.uk"))
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not User.objects.filter(email="sam@olddistrict.gov.uk").exists()


def test_signup_with_weak_password_saves_nothing(client, council):
    data = signup_data("sam@northby.gov.uk", password1="password", password2="password")
    response = client.post(SIGNUP, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.filter(email="sam@northby.gov.uk").exists()


def test_signup_with_an_existing_address_does_not_create_a_second_account(client, learner, council):
    client.post(SIGNUP, signup_data(learner.email.upper()))
    assert User.objects.filter(email__iexact=learner.email).count() == 1
    assert StaffProfile.objects.filter(user__email__iexact=learner.email).count() == 1


# --- public sign-up ----------------------------------------------------------------------


def test_public_signup_creates_an_account_without_staff_profile(client, council):
    response = client.post(PUBLIC_SIGNUP, signup_data("grad.uate@example.com"))
    assert response.status_code == 302
    user = User.objects.get(email="grad.uate@example.com")
    assert not StaffProfile.objects.filter(user=user).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["grad.uate@example.com"]


def test_public_signup_refuses_a_council_address(client, council):
    response = client.post(PUBLIC_SIGNUP, signup_data("sam@northby.gov.uk"))
    assert response.status_code == 200
    errors = response.context["form"].errors["email"]
    assert "That is a Northby City Council staff address" in errors[0]
    assert f'href="{SIGNUP}"' in errors[0]
    assert not User.objects.filter(email="sam@northby.gov.uk").exists()
    assert mail.outbox == []


def test_public_signup_page_renders(client):
    assert client.get(PUBLIC_SIGNUP).status_code == 200


@pytest.mark.parametrize(
    "path", ["/dashboard/", "/team/", "/manage/northby/", "/manage/northby/people/"]
)
def test_graduate_cannot_reach_staff_areas(client_for, graduate, council, path):
    assert client_for(graduate).get(path).status_code == 403


def test_graduate_cannot_use_the_cms_admin(client_for, graduate):
    response = client_for(graduate).get("/admin/")
    assert response.status_code != 200


def test_graduate_lands_on_their_account_page_after_sign_in(client, graduate):
    response = client.post(LOGIN, {"login": graduate.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_overview")


def test_staff_land_on_the_dashboard_after_sign_in(client, learner):
    response = client.post(LOGIN, {"login": learner.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert signed_in_user_id(client) == str(learner.pk)


def test_a_leaver_cannot_sign_in(client, learner):
    import datetime

    from lms.people.services import mark_leaver

    mark_leaver(profile=learner.staff_profile, left_on=datetime.date(2026, 1, 31))
    client.post(LOGIN, {"login": learner.email, "password": DEFAULT_PASSWORD})
    assert signed_in_user_id(client) is None


# --- rate limiting ------------------------------------------------------------------------


def _fail_login(client, email, **extra):
    return client.post(LOGIN, {"login": email, "password": "wrong-password-123"}, **extra)


def test_fourth_failed_login_from_one_ip_is_throttled(client, settings, learner):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    for _ in range(3):
        response = _fail_login(client, learner.email)
        assert response.status_code == 200
        assert "Too many failed login attempts" not in response.content.decode()
    response = _fail_login(client, learner.email)
    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in response.content.decode()
    # Even the right password is refused while throttled.
    response = client.post(LOGIN, {"login": learner.email, "password": DEFAULT_PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_failed_logins_for_one_account_are_throttled_across_ips(client, settings, learner):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,2/5m/key"}
    for n in range(2):
        response = _fail_login(client, learner.email, REMOTE_ADDR=f"192.0.2.{n + 1}")
        assert "Too many failed login attempts" not in response.content.decode()
    response = _fail_login(client, learner.email, REMOTE_ADDR="192.0.2.99")
    assert "Too many failed login attempts" in response.content.decode()


def test_throttling_one_address_leaves_others_alone(client, settings, learner, manager):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,2/5m/key"}
    for _ in range(3):
        _fail_login(client, learner.email)
    response = client.post(LOGIN, {"login": manager.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(manager.pk)


# --- password reset ----------------------------------------------------------------------


def test_password_reset_sends_a_link_that_sets_a_new_password(client, learner):
    response = client.post(reverse("account_reset_password"), {"email": learner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [learner.email]
    link = next(link for link in links_in(mail.outbox[0]) if "/password/reset/key/" in link)

    response = client.get(path_of(link))
    assert response.status_code == 302  # allauth moves the key into the session
    set_password_url = response["Location"]
    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password(NEW_PASSWORD)


def test_password_reset_for_unknown_address_reveals_nothing(client, learner):
    known = client.post(reverse("account_reset_password"), {"email": learner.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


# --- MFA -------------------------------------------------------------------------------------


@pytest.fixture
def hr_admin_without_totp(council):
    return StaffProfileFactory(
        organisation=council, is_hr_admin=True, user__email="new.hr@northby.gov.uk"
    ).user


TOTP_ACTIVATE = reverse("mfa_activate_totp")


@pytest.mark.parametrize("path", ["/dashboard/", "/manage/northby/", "/account/", "/team/"])
def test_hr_admin_without_totp_is_sent_to_set_it_up(client_for, hr_admin_without_totp, path):
    response = client_for(hr_admin_without_totp).get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{TOTP_ACTIVATE}?required=1"


@pytest.mark.parametrize(
    "path", [reverse("mfa_index"), reverse("account_email"), reverse("account_change_password")]
)
def test_hr_admin_without_totp_can_still_use_account_pages(client_for, hr_admin_without_totp, path):
    assert client_for(hr_admin_without_totp).get(path).status_code == 200


def test_platform_admin_without_totp_is_sent_to_set_it_up(client_for, db):
    admin = StaffProfileFactory(user__is_superuser=True, user__is_staff=True).user
    response = client_for(admin).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(TOTP_ACTIVATE)


@pytest.mark.parametrize("persona", ["hr_admin", "platform_admin"])
def test_with_totp_hr_and_platform_admins_get_in(client_for, request, persona, council):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/manage/northby/").status_code == 200


def test_hr_admin_with_totp_reaches_the_dashboard(client_for, hr_admin):
    assert client_for(hr_admin).get("/dashboard/").status_code == 200


@pytest.mark.parametrize("persona", ["learner", "manager", "editor"])
def test_other_staff_are_not_forced_to_set_up_totp(client_for, request, persona):
    user = request.getfixturevalue(persona)
    assert not Authenticator.objects.filter(user=user).exists()
    assert client_for(user).get("/dashboard/").status_code == 200


def test_enforcement_follows_the_setting(client_for, settings, manager, hr_admin_without_totp):
    settings.LMS_MFA_REQUIRED_FOR = ["manager"]
    assert client_for(manager).get("/dashboard/").status_code == 302
    assert client_for(hr_admin_without_totp).get("/dashboard/").status_code == 200


def test_hr_admin_sets_up_totp_after_signing_in_and_then_gets_in(
    client, settings, hr_admin_without_totp
):
    settings.MFA_TOTP_TOLERANCE = 1  # a code computed just before a 30 s step still counts
    email = hr_admin_without_totp.email
    response = client.post(LOGIN, {"login": email, "password": DEFAULT_PASSWORD})
    assert response["Location"] == reverse("dashboard")
    response = client.get("/dashboard/")
    assert response["Location"] == f"{TOTP_ACTIVATE}?required=1"
    # allauth asks for the password again before an authenticator is added.
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": DEFAULT_PASSWORD})
    assert response["Location"] == f"{TOTP_ACTIVATE}?required=1"
    response = client.get(response["Location"])
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]

    response = client.post(TOTP_ACTIVATE, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(
        user=hr_admin_without_totp, type=Authenticator.Type.TOTP
    ).exists()
    assert client.get("/dashboard/").status_code == 200


def test_hr_admin_with_totp_must_give_a_code_to_sign_in(client, settings, hr_admin):
    settings.MFA_TOTP_TOLERANCE = 1  # a code computed just before a 30 s step still counts
    response = client.post(LOGIN, {"login": hr_admin.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_user_id(client) is None

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert signed_in_user_id(client) is None

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(hr_admin.pk)
    assert client.get("/dashboard/").status_code == 200


# --- council SSO (OpenID Connect) ---------------------------------------------------------

PRINT_PROVIDERS = (
    "import json; from django.conf import settings; "
    "print(json.dumps(settings.SOCIALACCOUNT_PROVIDERS))"
)


def _settings_subprocess(code, **env_vars):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "DJANGO_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "lms.settings.test", **env_vars})
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_oidc_is_off_without_a_client_id():
    # An empty value also stops a local .env file from switching it on.
    result = _settings_subprocess(PRINT_PROVIDERS, OIDC_CLIENT_ID="")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {}


def test_oidc_is_configured_from_the_environment():
    result = _settings_subprocess(
        PRINT_PROVIDERS,
        OIDC_CLIENT_ID="client-123",
        OIDC_CLIENT_SECRET="shh",
        OIDC_SERVER_URL="https://login.microsoftonline.com/tenant-id/v2.0",
        OIDC_NAME="Northby staff sign-in",
    )
    assert result.returncode == 0, result.stderr
    providers = json.loads(result.stdout.strip().splitlines()[-1])
    app = providers["openid_connect"]["APPS"][0]
    assert app["provider_id"] == "entra"
    assert app["name"] == "Northby staff sign-in"
    assert app["client_id"] == "client-123"
    assert app["secret"] == "shh"
    assert app["settings"]["server_url"] == "https://login.microsoftonline.com/tenant-id/v2.0"
    assert providers["openid_connect"]["OAUTH_PKCE_ENABLED"] is True


def test_oidc_without_its_secret_says_which_variable_is_missing():
    result = _settings_subprocess(
        PRINT_PROVIDERS,
        OIDC_CLIENT_ID="client-123",
        OIDC_SERVER_URL="https://login.microsoftonline.com/tenant-id/v2.0",
    )
    assert result.returncode != 0
    assert "OIDC_CLIENT_SECRET" in result.stderr


def _request():
    request = RequestFactory().get("/accounts/oidc/entra/login/callback/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = AnonymousUser()
    return request


def _fake_sociallogin(email):
    return SimpleNamespace(user=User(email=email), email_addresses=[])


@pytest.mark.parametrize(
    ("email", "open_"),
    [
        ("sam@northby.gov.uk", True),
        ("Sam@NORTHBY.gov.uk", True),
        ("sam@gmail.com", False),
        ("sam@social.northby.gov.uk", False),
        ("", False),
    ],
)
def test_sso_signup_is_open_only_for_council_domains(council, email, open_):
    adapter = SocialAccountAdapter()
    assert adapter.is_open_for_signup(_request(), _fake_sociallogin(email)) is open_


def test_sso_signup_attaches_a_staff_profile_in_the_domains_council(council, other_council):
    email = "sso.user@southby.gov.uk"
    sociallogin = SocialLogin(
        user=User(email=email, first_name="Sso", last_name="User"),
        account=SocialAccount(provider="entra", uid="oid-123"),
        email_addresses=[EmailAddress(email=email, verified=True, primary=True)],
    )
    user = SocialAccountAdapter().save_user(_request(), sociallogin)
    user.refresh_from_db()
    assert user.staff_profile.organisation == other_council
    assert not user.has_usable_password()
    assert SocialAccount.objects.get(user=user).uid == "oid-123"
    assert EmailAddress.objects.get(user=user).verified
