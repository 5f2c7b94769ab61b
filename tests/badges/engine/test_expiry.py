"""Expiry is recorded once per award, and holders are re-checked for the next cycle."""

from unittest import mock

import pytest
from django.core.management import call_command

from badges.engine.expiry import record_expiries
from badges.models import AuditEntry, BadgeAward
from badges.tasks import expire_awards_task
from tests.badges.engine.conftest import Kind, badge_with, complete, days_ago

pytestmark = pytest.mark.django_db


def _award(learner, badge, *, expires_days_ago, revoked=False):
    return BadgeAward.objects.create(
        badge_class=badge,
        recipient=learner,
        organisation_id=learner.staff_profile.organisation_id,
        awarded_at=days_ago(400),
        expires_at=days_ago(expires_days_ago) if expires_days_ago is not None else None,
        revoked_at=days_ago(1) if revoked else None,
    )


def test_expired_awards_are_recorded_once_each(learner, other_learner):
    badge = badge_with(valid_for_days=30)
    expired = _award(learner, badge, expires_days_ago=2)
    other = _award(other_learner, badge, expires_days_ago=1)
    _award(learner, badge_with(), expires_days_ago=-5)  # still current
    _award(learner, badge_with(), expires_days_ago=None)  # never expires
    _award(other_learner, badge_with(), expires_days_ago=3, revoked=True)  # revoked instead
    with mock.patch("badges.engine.expiry.queue_evaluation") as queued:
        assert record_expiries() == 2
        assert record_expiries() == 0
    entries = AuditEntry.objects.filter(action="expired")
    assert {e.award_id for e in entries} == {expired.pk, other.pk}
    entry = entries.get(award=expired)
    assert entry.subject == learner and entry.organisation_id == expired.organisation_id
    assert {call.args[0] for call in queued.call_args_list} == {learner.pk, other_learner.pk}


def test_expiry_lets_evidence_from_before_it_renew_the_badge(
    learner, course, django_capture_on_commit_callbacks
):
    badge = badge_with({"kind": Kind.COURSE_COMPLETED, "course": course}, valid_for_days=365)
    _award(learner, badge, expires_days_ago=1)
    complete(learner, course, at=days_ago(30))  # before expiry, with no renewal window
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_awards_task.apply().get() == 1
    assert BadgeAward.objects.get(badge_class=badge, cycle=2).is_current()


def test_command(learner, capsys):
    _award(learner, badge_with(), expires_days_ago=1)
    call_command("expire_badges")
    assert "1 awards expired." in capsys.readouterr().out
