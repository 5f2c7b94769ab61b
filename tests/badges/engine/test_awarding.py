import datetime

import pytest
from django.utils import timezone

from badges.engine.awarding import award_badge, revoke_award
from badges.engine.errors import AwardRefused
from badges.engine.signals import badge_awarded, badge_revoked
from badges.factories import BadgeClassFactory
from badges.models import AuditEntry, AwardEvidence, BadgeAward

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    got = []

    def on_award(sender, award_id, **kwargs):
        got.append(("awarded", award_id))

    def on_revoke(sender, award_id, **kwargs):
        got.append(("revoked", award_id))

    badge_awarded.connect(on_award)
    badge_revoked.connect(on_revoke)
    yield got
    badge_awarded.disconnect(on_award)
    badge_revoked.disconnect(on_revoke)


def test_manual_award_writes_award_evidence_audit_and_signal_on_commit(
    learner, hr_admin, council, django_capture_on_commit_callbacks, received
):
    badge = BadgeClassFactory(organisation=council)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        award = award_badge(
            badge_class=badge,
            recipient=learner,
            method=BadgeAward.Method.MANUAL,
            awarded_by=hr_admin,
            note="Ran the digital champions network",
            evidence=[{"summary": "Observed at work"}],
        )
    assert received == []  # nothing before commit
    for callback in callbacks:
        callback()
    assert received == [("awarded", award.pk)]
    assert award.organisation == council and award.cycle == 1
    assert AwardEvidence.objects.get(award=award).summary == "Observed at work"
    entry = AuditEntry.objects.get(award=award)
    assert entry.action == AuditEntry.Action.AWARDED
    assert entry.actor == hr_admin and entry.subject == learner
    assert entry.detail["note"] == "Ran the digital champions network"


def test_second_award_in_the_same_cycle_is_none(learner):
    badge = BadgeClassFactory()
    assert award_badge(badge_class=badge, recipient=learner, method="manual") is not None
    assert award_badge(badge_class=badge, recipient=learner, method="manual") is None
    assert BadgeAward.objects.filter(badge_class=badge).count() == 1
    assert AuditEntry.objects.filter(action="awarded").count() == 1


def test_other_councils_learner_is_refused(other_learner, council):
    badge = BadgeClassFactory(organisation=council)
    with pytest.raises(AwardRefused, match="not on the staff"):
        award_badge(badge_class=badge, recipient=other_learner, method="manual")
    assert not BadgeAward.objects.exists()


def test_graduate_may_hold_sector_badge_but_not_a_councils(graduate, council):
    assert award_badge(badge_class=BadgeClassFactory(), recipient=graduate, method="manual")
    with pytest.raises(AwardRefused):
        award_badge(
            badge_class=BadgeClassFactory(organisation=council), recipient=graduate, method="manual"
        )


def test_backdated_award_runs_validity_from_its_date(learner):
    badge = BadgeClassFactory(valid_for_days=365)
    when = timezone.now() - datetime.timedelta(days=100)
    award = award_badge(
        badge_class=badge, recipient=learner, method="prior_learning", awarded_at=when
    )
    assert award.awarded_at == when and award.valid_from == when
    assert award.expires_at == when + datetime.timedelta(days=365)


def test_backdated_award_that_would_have_expired_is_refused(learner):
    badge = BadgeClassFactory(valid_for_days=30)
    with pytest.raises(AwardRefused, match="already have expired"):
        award_badge(
            badge_class=badge,
            recipient=learner,
            method="prior_learning",
            awarded_at=timezone.now() - datetime.timedelta(days=31),
        )
    assert not BadgeAward.objects.exists()


def test_future_dated_award_is_refused(learner):
    with pytest.raises(AwardRefused, match="future"):
        award_badge(
            badge_class=BadgeClassFactory(),
            recipient=learner,
            method="manual",
            awarded_at=timezone.now() + datetime.timedelta(days=2),
        )


def test_revoked_award_opens_the_next_cycle(learner, hr_admin):
    badge = BadgeClassFactory()
    first = award_badge(badge_class=badge, recipient=learner, method="manual")
    revoke_award(award=first, by=hr_admin, reason="Awarded in error")
    second = award_badge(badge_class=badge, recipient=learner, method="manual")
    assert second.cycle == 2


def test_revocation_needs_a_reason_and_happens_once(
    learner, hr_admin, django_capture_on_commit_callbacks, received
):
    award = award_badge(badge_class=BadgeClassFactory(), recipient=learner, method="manual")
    with pytest.raises(AwardRefused, match="reason"):
        revoke_award(award=award, by=hr_admin, reason="   ")
    award.refresh_from_db()
    assert award.revoked_at is None
    with django_capture_on_commit_callbacks(execute=True):
        revoke_award(award=award, by=hr_admin, reason="Evidence was not theirs")
    award.refresh_from_db()
    assert award.status == "revoked" and award.revoked_by == hr_admin
    assert ("revoked", award.pk) in received
    with pytest.raises(AwardRefused, match="already revoked"):
        revoke_award(award=award, by=hr_admin, reason="again")
    entries = AuditEntry.objects.filter(award=award, action="revoked")
    assert entries.count() == 1 and entries.get().detail["reason"] == "Evidence was not theirs"
