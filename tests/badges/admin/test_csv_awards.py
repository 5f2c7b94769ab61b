"""Awarding by CSV in the admin: a dry run first, then exactly what was previewed."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from badges.admin.csv_views import make_token
from badges.factories import BadgeClassFactory
from badges.models import BadgeAward

pytestmark = pytest.mark.django_db
URL = "badges_admin:award_csv"


@pytest.fixture
def admin_client(client_for, award_admin):
    return client_for(award_admin)


@pytest.fixture
def badge(council):
    return BadgeClassFactory(organisation=council, name="Cyber aware")


def csv_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("awards.csv", text.encode(), content_type="text/csv")


def token_in(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "no confirmation form"
    return match.group(1)


def test_dry_run_reports_each_row_and_awards_nothing(admin_client, badge, learner, other_learner):
    text = (
        "email,awarded_on,note\n"
        f"{learner.email},,Drill\n"
        f"{other_learner.email},,Not ours\n"
        "nobody@northby.gov.uk,,\n"
        f"{learner.email},,Twice\n"
        ",,\n"
    )

    response = admin_client.post(reverse(URL), {"badge_class": badge.pk, "file": csv_file(text)})

    assert response.status_code == 200
    report = response.context["report"]
    assert report.dry_run
    outcomes = {row.line: (row.status, row.error) for row in report.rows}
    assert outcomes[2] == ("would_award", "")
    assert outcomes[3][1].startswith("Not on the staff of")
    assert outcomes[4][1] == "No account has this email address."
    assert outcomes[5][1] == "Duplicate of row 2."
    assert not BadgeAward.objects.exists()
    page = response.content.decode()
    assert "Award to 1 person" in page
    assert "Not on the staff of" in page


def test_confirming_awards_what_was_previewed(admin_client, badge, learner, manager):
    text = f"email\n{learner.email}\n{manager.email}\n"
    preview = admin_client.post(reverse(URL), {"badge_class": badge.pk, "file": csv_file(text)})

    response = admin_client.post(reverse(URL), {"token": token_in(preview)})

    assert response.context["report"].awarded_count == 2
    awards = BadgeAward.objects.all()
    assert {a.recipient for a in awards} == {learner, manager}
    assert {a.method for a in awards} == {BadgeAward.Method.IMPORT}

    again = admin_client.post(reverse(URL), {"token": token_in(preview)})
    assert BadgeAward.objects.count() == 2
    assert {row.error for row in again.context["report"].rows} == {"Already holds this badge."}


def test_a_file_that_is_not_csv_text_is_a_clear_error(admin_client, badge):
    binary = SimpleUploadedFile("awards.csv", b"\xff\xfe\x00\x81garbage")

    response = admin_client.post(reverse(URL), {"badge_class": badge.pk, "file": binary})

    assert "not UTF-8 text" in response.content.decode()
    assert "token" not in response.context or not response.context["token"]


def test_a_forged_or_foreign_token_awards_nothing(
    client_for, admin_client, other_award_admin, badge, learner, council
):
    forged = admin_client.post(reverse(URL), {"token": "not-a-token"})
    assert "expired or is not yours" in forged.content.decode()

    # A real token, but made for someone else: it is not theirs to replay.
    token = make_token(
        user=other_award_admin, badge=badge, organisation=council, text=f"email\n{learner.email}\n"
    )
    stolen = admin_client.post(reverse(URL), {"token": token})
    assert "expired or is not yours" in stolen.content.decode()

    # Southby's admin with their own token for Northby's badge and council.
    theirs = client_for(other_award_admin).post(reverse(URL), {"token": token})
    assert "expired or is not yours" in theirs.content.decode()
    assert not BadgeAward.objects.exists()


def test_another_councils_badge_is_refused(admin_client, other_council, learner):
    theirs = BadgeClassFactory(organisation=other_council)

    response = admin_client.post(
        reverse(URL), {"badge_class": theirs.pk, "file": csv_file(f"email\n{learner.email}\n")}
    )

    assert "Select a valid choice" in str(response.context["form"].errors)
    assert not BadgeAward.objects.exists()


def test_platform_admin_chooses_the_council(
    client_for, platform_admin, badge, council, other_council, learner
):
    client = client_for(platform_admin)
    data = {"badge_class": badge.pk, "file": csv_file(f"email\n{learner.email}\n")}

    missing = client.post(reverse(URL), data)
    assert "organisation" in missing.context["form"].errors

    wrong = client.post(
        reverse(URL),
        {**data, "file": csv_file(f"email\n{learner.email}\n"), "organisation": other_council.pk},
    )
    assert "belongs to another council" in wrong.content.decode()

    right = client.post(
        reverse(URL),
        {**data, "file": csv_file(f"email\n{learner.email}\n"), "organisation": council.pk},
    )
    assert right.context["report"].awarded_count == 1
