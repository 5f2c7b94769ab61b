"""Registering interest: consent, retention, spam protection, HR access and deletion."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from cms.careers import factories as f
from cms.careers.consent import CONSENT_VERSION, describe_period
from cms.careers.models import InterestSubmission
from cms.careers.services import CareersRefused, purge_expired_interest, register_interest
from cms.careers.tasks import purge_interest_submissions_task
from cms.models import SiteOrganisation

URL = "/register-interest/"


@pytest.fixture
def index(council):
    return f.careers_index(council=council)


@pytest.fixture
def role(index):
    return f.role_page(index=index, title="Data analyst")


def valid(**overrides) -> dict:
    return {
        "name": "  Gus   Graduate ",
        "email": "gus@example.com",
        "role": "",
        "message": "I could start in September.",
        "consent": "on",
        **overrides,
    }


def test_the_form_states_the_council_and_how_long_details_are_kept(client, index, role):
    response = client.get(f"{URL}?role={role.pk}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "We keep what you send for 12 months" in html
    assert "Northby City Council may keep my name" in html
    # Consent is never given for someone: the box starts unticked.
    assert 'name="consent" type="checkbox" checked' not in html
    assert response.context["form"].initial["role"] == role
    assert "council" not in response.context["form"].fields


def test_interest_is_stored_for_the_pages_council_with_the_consent_given(client, index, role):
    before = timezone.now()

    response = client.post(URL, valid(role=role.pk))

    assert response.status_code == 302
    assert response["Location"] == reverse("careers:interest_thanks")
    submission = InterestSubmission.objects.get()
    assert submission.organisation == index.council
    assert submission.role == role and submission.role_title == "Data analyst"
    assert submission.name == "Gus Graduate"
    assert submission.consent_text_version == CONSENT_VERSION
    kept = submission.retain_until - before
    assert datetime.timedelta(days=364) < kept <= datetime.timedelta(days=365, seconds=5)
    assert "12 months" in client.get(response["Location"]).content.decode()


def test_no_consent_no_record(client, index):
    response = client.post(URL, valid(consent=""))

    assert response.status_code == 400
    assert "Tick the box to agree" in response.content.decode()
    assert not InterestSubmission.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter a valid email address"),
        ("name", "   ", "Enter your name"),
        ("message", "x" * 1001, "at most 1000 characters"),
        ("role", "987654", "Choose one of the listed roles"),
        ("role", "draft", "Choose one of the listed roles"),
    ],
)
def test_bad_input_is_named_and_nothing_is_stored(client, index, field, value, message):
    if value == "draft":
        value = f.role_page(index=index, publish=False).pk

    response = client.post(URL, valid(**{field: value}))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not InterestSubmission.objects.exists()


def test_the_honeypot_looks_like_success_and_stores_nothing(client, index):
    response = client.post(URL, valid(website="http://spam.example"))

    assert response.status_code == 302
    assert not InterestSubmission.objects.exists()


def test_too_many_attempts_from_one_address_are_refused(client, index, settings):
    settings.CAREERS_INTEREST_RATE_LIMIT = (2, 3600)
    client.post(URL, valid(email="one@example.com"))
    client.post(URL, valid(email="two@example.com"))

    refused = client.post(URL, valid(email="three@example.com"))
    elsewhere = client.post(URL, valid(email="four@example.com"), REMOTE_ADDR="10.0.0.9")

    assert refused.status_code == 429
    assert "too many attempts" in refused.content.decode()
    assert elsewhere.status_code == 302
    assert sorted(InterestSubmission.objects.values_list("email", flat=True)) == [
        "four@example.com",
        "one@example.com",
        "two@example.com",
    ]


def test_the_limit_counts_clients_behind_a_trusted_proxy_apart_and_ignores_forged_headers(
    client, index, settings
):
    settings.CAREERS_INTEREST_RATE_LIMIT = (1, 3600)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    # Without a trusted proxy configured, a forwarded address is the client's own claim.
    client.post(URL, valid(email="one@example.com"), HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy)
    forged = client.post(
        URL, valid(email="two@example.com"), HTTP_X_FORWARDED_FOR="192.0.2.2", **proxy
    )
    assert forged.status_code == 429

    # Behind one trusted proxy, each visitor it forwards is counted on their own.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    first = client.post(
        URL, valid(email="three@example.com"), HTTP_X_FORWARDED_FOR="192.0.2.3", **proxy
    )
    second = client.post(
        URL, valid(email="four@example.com"), HTTP_X_FORWARDED_FOR="192.0.2.4", **proxy
    )
    again = client.post(
        URL, valid(email="five@example.com"), HTTP_X_FORWARDED_FOR="192.0.2.4", **proxy
    )
    assert (first.status_code, second.status_code, again.status_code) == (302, 302, 429)


def test_a_careers_index_may_set_its_own_retention_period(client, council):
    f.careers_index(council=council, retention_days=90)

    html = client.get(URL).content.decode()
    client.post(URL, valid())

    assert "We keep what you send for 3 months" in html
    kept = InterestSubmission.objects.get().retain_until - timezone.now()
    assert datetime.timedelta(days=89) < kept <= datetime.timedelta(days=90)


@pytest.mark.parametrize(
    ("days", "said"), [(365, "12 months"), (730, "2 years"), (90, "3 months"), (45, "45 days")]
)
def test_retention_periods_are_said_as_people_say_them(days, said):
    assert describe_period(days) == said


def test_without_a_council_on_the_page_or_site_the_visitor_chooses(client, council, other_council):
    f.careers_index()
    other_council.is_active = False
    other_council.save()

    form = client.get(URL).context["form"]
    forged = client.post(URL, valid(council=other_council.pk))
    chosen = client.post(URL, valid(council=council.pk))

    assert list(form.fields["council"].queryset) == [council]
    assert forged.status_code == 400
    assert "Choose one of the listed councils" in forged.content.decode()
    assert chosen.status_code == 302
    assert InterestSubmission.objects.get().organisation == council


def test_the_sites_council_receives_interest_when_the_page_names_none(client, other_council):
    f.careers_index()
    SiteOrganisation.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"organisation": other_council}
    )

    client.post(URL, valid())

    assert InterestSubmission.objects.get().organisation == other_council


def test_the_service_refuses_an_inactive_council_or_odd_retention(council):
    council.is_active = False
    for kwargs in ({"organisation": council}, {"organisation": None}):
        with pytest.raises(CareersRefused):
            register_interest(
                name="A", email="a@example.com", role=None, message="", retention_days=30, **kwargs
            )
    council.is_active = True
    with pytest.raises(CareersRefused):
        register_interest(
            organisation=council,
            name="A",
            email="a@example.com",
            role=None,
            message="",
            retention_days=0,
        )


# --- HR admins --------------------------------------------------------------------------------


def _submission(organisation, **fields):
    return register_interest(
        organisation=organisation,
        name=fields.pop("name", "Ada"),
        email=fields.pop("email", "ada@example.com"),
        role=None,
        message=fields.pop("message", ""),
        retention_days=365,
    )


def test_hr_admins_see_their_own_councils_interest_only(
    client_for, hr_admin, council, other_council
):
    _submission(council, name="Ours")
    _submission(other_council, name="Theirs")

    response = client_for(hr_admin).get(reverse("careers:interest_list", args=[council.slug]))
    other = client_for(hr_admin).get(reverse("careers:interest_list", args=[other_council.slug]))

    html = response.content.decode()
    assert "Ours" in html and "Theirs" not in html
    assert other.status_code == 403


@pytest.mark.parametrize("view", ["careers:interest_list", "careers:interest_csv"])
def test_another_councils_interest_is_refused_in_the_list_and_the_export(
    view, client, client_for, hr_admin, learner, council, other_council
):
    _submission(other_council, name="Theirs")

    as_other_hr = client_for(hr_admin).get(reverse(view, args=[other_council.slug]))
    as_learner = client_for(learner).get(reverse(view, args=[council.slug]))
    anonymous = client.get(reverse(view, args=[council.slug]))

    assert as_other_hr.status_code == 403 and b"Theirs" not in as_other_hr.content
    assert as_learner.status_code == 403
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_csv_export_has_the_councils_rows_with_formulas_defused(
    client_for, hr_admin, council, other_council
):
    _submission(council, name='=HYPERLINK("http://x")', message="+44 7700 900000")
    _submission(other_council, name="Theirs")

    response = client_for(hr_admin).get(reverse("careers:interest_csv", args=[council.slug]))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Received", "Name", "Email"]
    assert len(rows) == 2
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert rows[1][4] == "'+44 7700 900000"


# --- deletion ---------------------------------------------------------------------------------


def test_expired_interest_is_deleted_by_the_command_and_the_task(council):
    old = _submission(council, name="Old")
    InterestSubmission.objects.filter(pk=old.pk).update(
        retain_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    current = _submission(council, name="Current")
    out = io.StringIO()

    call_command("purge_interest_submissions", stdout=out)

    assert "Deleted 1 expired" in out.getvalue()
    assert list(InterestSubmission.objects.all()) == [current]
    assert purge_interest_submissions_task.apply().get() == 0
    later = current.retain_until + datetime.timedelta(seconds=1)
    assert purge_expired_interest(now=later) == 1
