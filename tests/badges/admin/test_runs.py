"""Re-evaluation from the admin: who may start one, and following a run's progress."""

from __future__ import annotations

import pytest
from django.urls import reverse

from badges.factories import BadgeClassFactory
from badges.models import ReevaluationRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def badge(council):
    return BadgeClassFactory(organisation=council, name="Cyber aware")


def test_an_editor_starts_a_run_for_their_councils_badge(
    client_for, badge_editor, badge, council, learner
):
    client = client_for(badge_editor)

    assert client.get(reverse("badges_admin:reevaluate", args=[badge.pk])).status_code == 200
    response = client.post(reverse("badges_admin:reevaluate", args=[badge.pk]))

    run = ReevaluationRun.objects.get()
    assert response["Location"] == reverse("badges_admin:run", args=[run.pk])
    assert (run.badge_class, run.organisation, run.requested_by) == (badge, council, badge_editor)
    page = client.get(reverse("badges_admin:run", args=[run.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "0 of" in page


def test_another_councils_badge_cannot_be_re_evaluated(
    client_for, badge_editor, award_admin, other_council
):
    theirs = BadgeClassFactory(organisation=other_council)

    for user in (badge_editor, award_admin):
        assert (
            client_for(user).post(reverse("badges_admin:reevaluate", args=[theirs.pk])).status_code
            == 404
        )
    assert not ReevaluationRun.objects.exists()


def test_an_editor_cannot_re_evaluate_a_sector_badge_but_an_hr_admin_can_for_their_council(
    client_for, badge_editor, award_admin, council
):
    sector = BadgeClassFactory(organisation=None)

    refused = client_for(badge_editor).post(reverse("badges_admin:reevaluate", args=[sector.pk]))
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    assert not ReevaluationRun.objects.exists()

    client_for(award_admin).post(reverse("badges_admin:reevaluate", args=[sector.pk]))
    run = ReevaluationRun.objects.get()
    assert (run.badge_class, run.organisation) == (sector, council)


def test_a_finished_run_stops_refreshing(client_for, award_admin, badge, council):
    run = ReevaluationRun.objects.create(
        badge_class=badge, organisation=council, status="done", total=4, processed=4, awarded=2
    )

    page = client_for(award_admin).get(reverse("badges_admin:run", args=[run.pk])).content.decode()

    assert "http-equiv" not in page
    assert "4 of 4 learners checked (100%)" in page


def test_runs_are_listed_per_council(
    client_for, award_admin, other_award_admin, badge, council, other_council
):
    ours = ReevaluationRun.objects.create(badge_class=badge, organisation=council)
    theirs = ReevaluationRun.objects.create(organisation=other_council)

    listed = client_for(award_admin).get(reverse("badges_admin:runs")).context["runs"]

    assert list(listed) == [ours]
    assert (
        client_for(award_admin).get(reverse("badges_admin:run", args=[theirs.pk])).status_code
        == 404
    )
    assert (
        client_for(other_award_admin).get(reverse("badges_admin:run", args=[theirs.pk])).status_code
        == 200
    )
