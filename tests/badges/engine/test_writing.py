"""Saving decided awards: both write paths skip a taken cycle and write evidence and audit.

The COPY path only exists on PostgreSQL (run with DATABASE_URL=postgres://...h5_db).
"""

from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from badges.engine import writing
from badges.engine.signals import badge_awarded
from badges.engine.writing import PendingAward, save_pending_awards
from badges.models import AuditEntry, AwardEvidence, BadgeAward
from tests.badges.engine.conftest import Kind, badge_with, complete

pytestmark = pytest.mark.django_db

PATHS = [
    pytest.param(10**6, id="insert-values"),
    pytest.param(
        1,
        id="copy",
        marks=pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY: PostgreSQL"),
    ),
]


@pytest.mark.parametrize("copy_from", PATHS)
def test_saving_twice_creates_once_with_evidence_audit_and_signals(
    copy_from, learner, other_learner, course, django_capture_on_commit_callbacks
):
    badge = badge_with({"kind": Kind.COURSE_COMPLETED, "course": course}, valid_for_days=30)
    held_badge = badge_with({"kind": Kind.BADGE_HELD, "required_badge": badge})
    completion = complete(learner, course)
    criterion = badge.criteria.get()
    now = timezone.now()

    def decided():
        first = PendingAward(
            badge_id=badge.pk,
            recipient_id=learner.pk,
            organisation_id=learner.staff_profile.organisation_id,
            cycle=1,
            awarded_at=now,
            valid_from=now,
            expires_at=now + timezone.timedelta(days=30),
            evidence=[
                {
                    "criterion_id": criterion.pk,
                    "course_completion_id": completion.pk,
                    "summary": "Completed it",
                }
            ],
        )
        chained = PendingAward(
            badge_id=held_badge.pk,
            recipient_id=learner.pk,
            organisation_id=first.organisation_id,
            cycle=1,
            awarded_at=now,
            valid_from=now,
            expires_at=None,
            evidence=[{"pending_held_badge_id": badge.pk, "summary": "Holds it"}],
        )
        other = PendingAward(
            badge_id=badge.pk,
            recipient_id=other_learner.pk,
            organisation_id=None,
            cycle=1,
            awarded_at=now,
            valid_from=now,
            expires_at=None,
        )
        return [first, chained, other]

    sent = []

    def on_award(sender, award_id, **kwargs):
        sent.append(award_id)

    badge_awarded.connect(on_award)
    try:
        with (
            mock.patch.object(writing, "COPY_FROM", copy_from),
            django_capture_on_commit_callbacks(execute=True),
        ):
            assert save_pending_awards(decided(), as_models=False) == 3
            assert save_pending_awards(decided()) == []  # every cycle already taken
    finally:
        badge_awarded.disconnect(on_award)
    award = BadgeAward.objects.get(badge_class=badge, recipient=learner)
    assert award.method == "automatic" and award.note == "" and award.revocation_reason == ""
    assert award.expires_at == now + timezone.timedelta(days=30)
    chained = BadgeAward.objects.get(badge_class=held_badge)
    assert AwardEvidence.objects.get(award=award).course_completion == completion
    assert AwardEvidence.objects.get(award=chained).held_award == award
    assert AwardEvidence.objects.count() == 2
    entries = AuditEntry.objects.filter(action="awarded")
    assert entries.count() == 3
    assert entries.get(award=award).detail == {
        "method": "automatic",
        "cycle": 1,
        "evidence": ["Completed it"],
    }
    assert sorted(sent) == sorted(BadgeAward.objects.values_list("pk", flat=True))
