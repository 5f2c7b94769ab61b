"""Award screens in the admin: manual and backdated awards, revocation, lists, audit log.

Personas: `award_admin` is Northby's HR admin with admin access, `other_award_admin`
Southby's. Other councils' ids in URLs and forms must be a 404 or a clear error.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from badges.engine.awarding import award_badge
from badges.factories import BadgeAwardFactory, BadgeClassFactory
from badges.models import AuditEntry, BadgeAward

pytestmark = pytest.mark.django_db

AWARD_URLS = (
    "badges_admin:awards",
    "badges_admin:award",
    "badges_admin:award_csv",
    "badges_admin:runs",
    "badges_admin:audit",
)


@pytest.fixture
def admin_client(client_for, award_admin):
    return client_for(award_admin)


@pytest.fixture
def badge(council):
    return BadgeClassFactory(organisation=council, name="Cyber aware", slug="cyber-aware")


def give(badge, user, **kwargs):
    return award_badge(badge_class=badge, recipient=user, method="manual", **kwargs)


# --- who gets in ------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", AWARD_URLS)
def test_editors_who_are_not_hr_admins_are_refused(client_for, badge_editor, url_name):
    response = client_for(badge_editor).get(reverse(url_name))

    # Wagtail turns a refusal inside the admin into a message on the admin home page.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize("url_name", AWARD_URLS)
def test_hr_admins_and_platform_admins_get_in(client_for, award_admin, platform_admin, url_name):
    assert client_for(award_admin).get(reverse(url_name)).status_code == 200
    assert client_for(platform_admin).get(reverse(url_name)).status_code == 200


def test_the_badges_menu_shows_award_screens_only_to_award_admins(
    client_for, award_admin, badge_editor
):
    awards_url = reverse("badges_admin:awards")

    assert awards_url in client_for(award_admin).get(reverse("wagtailadmin_home")).content.decode()
    assert (
        awards_url
        not in client_for(badge_editor).get(reverse("wagtailadmin_home")).content.decode()
    )


# --- awarding by hand -------------------------------------------------------------------------


def test_award_a_badge_to_a_learner_by_email(admin_client, award_admin, badge, learner, council):
    response = admin_client.post(
        reverse("badges_admin:award"),
        {"learner": learner.email.upper(), "badge_class": badge.pk, "note": "Ran the drill"},
    )

    assert response.status_code == 302
    award = BadgeAward.objects.get()
    assert (award.recipient, award.method, award.awarded_by) == (learner, "manual", award_admin)
    assert award.organisation == council
    assert award.note == "Ran the drill"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.AWARDED)
    assert entry.actor == award_admin


def test_a_backdated_award_counts_as_prior_learning(admin_client, badge, learner):
    day = timezone.localdate() - datetime.timedelta(days=200)

    admin_client.post(
        reverse("badges_admin:award"),
        {
            "learner": learner.email,
            "badge_class": badge.pk,
            "awarded_on": day.isoformat(),
            "note": "Certificate from previous employer",
        },
    )

    award = BadgeAward.objects.get()
    assert award.method == BadgeAward.Method.PRIOR_LEARNING
    assert timezone.localtime(award.awarded_at).date() == day


def test_a_refusal_from_the_engine_shows_as_a_form_error(admin_client, council, learner):
    short = BadgeClassFactory(organisation=council, name="Short", valid_for_days=30)
    day = timezone.localdate() - datetime.timedelta(days=365)

    response = admin_client.post(
        reverse("badges_admin:award"),
        {
            "learner": learner.email,
            "badge_class": short.pk,
            "awarded_on": day.isoformat(),
            "note": "Old course",
        },
    )

    assert response.status_code == 200
    assert "would already have expired" in str(response.context["form"].non_field_errors())
    assert not BadgeAward.objects.exists()


def test_another_councils_learner_is_not_found(admin_client, badge, other_learner):
    response = admin_client.post(
        reverse("badges_admin:award"),
        {"learner": other_learner.email, "badge_class": badge.pk, "note": "x"},
    )

    assert response.status_code == 200
    assert "No current member of staff in your council" in str(response.context["form"].errors)
    assert not BadgeAward.objects.exists()


def test_another_councils_badge_id_is_refused(admin_client, other_council, learner):
    theirs = BadgeClassFactory(organisation=other_council)

    response = admin_client.post(
        reverse("badges_admin:award"),
        {"learner": learner.email, "badge_class": theirs.pk, "note": "x"},
    )

    assert "Select a valid choice" in str(response.context["form"].errors)
    assert not BadgeAward.objects.exists()


def test_a_future_date_and_a_missing_note_are_refused(admin_client, badge, learner):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = admin_client.post(
        reverse("badges_admin:award"),
        {"learner": learner.email, "badge_class": badge.pk, "awarded_on": tomorrow.isoformat()},
    )

    errors = response.context["form"].errors
    assert "cannot be in the future" in str(errors["awarded_on"])
    assert "note" in errors
    assert not BadgeAward.objects.exists()


def test_an_employee_id_finds_the_learner(admin_client, badge, learner):
    learner.staff_profile.employee_id = "NB-0042"
    learner.staff_profile.save()

    admin_client.post(
        reverse("badges_admin:award"),
        {"learner": "NB-0042", "badge_class": badge.pk, "note": "x"},
    )

    assert BadgeAward.objects.get().recipient == learner


def test_awarding_twice_awards_once(admin_client, badge, learner):
    data = {"learner": learner.email, "badge_class": badge.pk, "note": "x"}

    admin_client.post(reverse("badges_admin:award"), data)
    response = admin_client.post(reverse("badges_admin:award"), data, follow=True)

    assert BadgeAward.objects.count() == 1
    assert "already holds" in response.content.decode()


# --- revoking -------------------------------------------------------------------------------


def test_revoke_with_a_reason(admin_client, award_admin, badge, learner):
    award = give(badge, learner)

    response = admin_client.post(
        reverse("badges_admin:revoke", args=[award.pk]), {"reason": "Wrong person"}
    )

    assert response.status_code == 302
    award.refresh_from_db()
    assert award.revoked_by == award_admin
    assert award.revocation_reason == "Wrong person"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVOKED, award=award).exists()


def test_revoke_needs_a_reason(admin_client, badge, learner):
    award = give(badge, learner)

    response = admin_client.post(reverse("badges_admin:revoke", args=[award.pk]), {"reason": "   "})

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    award.refresh_from_db()
    assert award.revoked_at is None


def test_revoking_twice_is_a_clear_error(admin_client, badge, learner, award_admin):
    award = give(badge, learner)
    url = reverse("badges_admin:revoke", args=[award.pk])
    admin_client.post(url, {"reason": "Wrong person"})

    response = admin_client.post(url, {"reason": "Again"})

    assert "already been revoked" in response.content.decode()
    award.refresh_from_db()
    assert award.revocation_reason == "Wrong person"


def test_another_councils_award_cannot_be_revoked(admin_client, other_council, other_learner):
    theirs = give(BadgeClassFactory(organisation=other_council), other_learner)
    url = reverse("badges_admin:revoke", args=[theirs.pk])

    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, {"reason": "Mischief"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


# --- listing ---------------------------------------------------------------------------------


def test_awards_list_shows_only_own_council_with_filters(
    admin_client, badge, learner, manager, other_council, other_learner
):
    sector = BadgeClassFactory(organisation=None, name="Sector skills")
    give(badge, learner)
    revoked = give(sector, manager)
    revoked.revoked_at = timezone.now()
    revoked.save()
    give(sector, other_learner)

    everything = admin_client.get(reverse("badges_admin:awards")).context["awards"]
    revoked_only = admin_client.get(reverse("badges_admin:awards"), {"status": "revoked"}).context[
        "awards"
    ]
    by_badge = admin_client.get(reverse("badges_admin:awards"), {"badge_class": badge.pk}).context[
        "awards"
    ]
    by_name = admin_client.get(reverse("badges_admin:awards"), {"q": "max manager"}).context[
        "awards"
    ]

    assert {a.recipient for a in everything} == {learner, manager}
    assert [a.recipient for a in revoked_only] == [manager]
    assert [a.recipient for a in by_badge] == [learner]
    assert [a.recipient for a in by_name] == [manager]


def test_expired_awards_are_filtered_as_expired(admin_client, badge, learner, council):
    BadgeAwardFactory(
        badge_class=badge,
        recipient=learner,
        organisation=council,
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )

    expired = admin_client.get(reverse("badges_admin:awards"), {"status": "expired"}).context[
        "awards"
    ]
    valid = admin_client.get(reverse("badges_admin:awards"), {"status": "valid"}).context["awards"]

    assert len(expired) == 1
    assert len(valid) == 0


def test_platform_admin_sees_every_council_and_can_filter_by_one(
    client_for, platform_admin, badge, learner, other_council, other_learner
):
    give(badge, learner)
    give(BadgeClassFactory(organisation=other_council), other_learner)
    client = client_for(platform_admin)

    assert len(client.get(reverse("badges_admin:awards")).context["awards"]) == 2
    one = client.get(reverse("badges_admin:awards"), {"organisation": other_council.pk})
    assert [a.recipient for a in one.context["awards"]] == [other_learner]


# --- audit log -------------------------------------------------------------------------------


def test_audit_log_is_scoped_and_filterable(
    admin_client, badge, learner, other_council, other_learner
):
    give(badge, learner)
    give(BadgeClassFactory(organisation=other_council), other_learner)

    rows = admin_client.get(reverse("badges_admin:audit")).context["rows"]
    revoked = admin_client.get(reverse("badges_admin:audit"), {"action": "revoked"}).context["rows"]

    assert [entry.subject for entry, _ in rows] == [learner]
    assert revoked == []


def test_audit_log_is_read_only(admin_client):
    assert admin_client.post(reverse("badges_admin:audit")).status_code == 405


def test_an_hr_admin_without_admin_access_is_kept_out_by_the_admin(client_for, hr_admin):
    response = client_for(hr_admin).get(reverse("badges_admin:awards"))

    assert response.status_code in (302, 403)
    assert response.get("Location", "") != reverse("badges_admin:awards")
