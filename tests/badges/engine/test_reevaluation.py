"""Bulk re-evaluation: batches, progress, resuming, scope, signals on commit."""

from unittest import mock

import pytest
from django.core.management import call_command

from badges.engine import reevaluation
from badges.engine.errors import AwardRefused
from badges.engine.reevaluation import continue_run, start_reevaluation
from badges.engine.signals import badge_awarded
from badges.models import AuditEntry, BadgeAward, ReevaluationRun
from lms.people.factories import StaffProfileFactory
from tests.badges.engine.conftest import Kind, badge_with, complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(council, course):
    """Seven staff of the council; the odd-numbered ones completed the course."""
    people = [StaffProfileFactory(organisation=council).user for _ in range(7)]
    for person in people[1::2]:
        complete(person, course)
    return people


def test_run_awards_everyone_who_qualifies_in_batches(
    staff, council, course, hr_admin, django_capture_on_commit_callbacks
):
    badge = badge_with({"kind": Kind.COURSE_COMPLETED, "course": course}, organisation=council)
    announced = []

    def on_award(sender, award_id, **kwargs):
        announced.append(award_id)

    badge_awarded.connect(on_award)
    try:
        with (
            mock.patch.object(reevaluation, "BATCH_SIZE", 3),
            django_capture_on_commit_callbacks(execute=True),
        ):
            run = start_reevaluation(badge_class=badge, requested_by=hr_admin)
    finally:
        badge_awarded.disconnect(on_award)
    run.refresh_from_db()
    assert run.status == "done" and run.organisation == council
    assert run.total == run.processed == 8  # the seven and the HR admin
    assert run.awarded == 3 and run.percent == 100
    assert run.last_user_id == max(u.pk for u in [*staff, hr_admin])
    awarded_to = set(BadgeAward.objects.values_list("recipient_id", flat=True))
    assert awarded_to == {p.pk for p in staff[1::2]}
    assert sorted(announced) == sorted(BadgeAward.objects.values_list("pk", flat=True))
    entry = AuditEntry.objects.get(action="reevaluation")
    assert entry.actor == hr_admin and entry.detail == {"run": run.pk, "learners": 8}


def test_a_stopped_run_resumes_after_its_last_batch(staff, council, course):
    badge_with({"kind": Kind.COURSE_COMPLETED, "course": course}, organisation=council)
    run = start_reevaluation(organisation=council, queue=False)
    with mock.patch.object(reevaluation, "BATCH_SIZE", 2):
        # A time slice of zero: one batch, then the run hands over to a new task.
        with mock.patch.object(reevaluation, "enqueue_on_commit") as handover:
            assert continue_run(run_id=run.pk, time_slice=0) == "continued"
        handover.assert_called_once()
        run.refresh_from_db()
        assert (run.processed, run.status) == (2, "running")
        first_batch_awards = run.awarded
        assert continue_run(run_id=run.pk, time_slice=60) == "done"
    run.refresh_from_db()
    assert run.processed == run.total == 7
    assert run.awarded == 3 and first_batch_awards <= 1
    assert BadgeAward.objects.count() == 3
    # Running a finished run again does nothing.
    assert continue_run(run_id=run.pk) == "done"
    assert BadgeAward.objects.count() == 3


def test_a_failed_batch_marks_the_run_and_keeps_progress(staff, council, course):
    badge_with({"kind": Kind.COURSE_COMPLETED, "course": course}, organisation=council)
    run = start_reevaluation(organisation=council, queue=False)
    with (
        mock.patch.object(reevaluation, "evaluate_batch", side_effect=ValueError("bad data")),
        pytest.raises(ValueError),
    ):
        continue_run(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and "bad data" in run.error
    assert run.processed == 0 and not BadgeAward.objects.exists()


def test_whole_platform_run_covers_graduates_and_every_council(
    learner, other_learner, graduate, course
):
    badge_with({"kind": Kind.COURSE_COMPLETED, "course": course})
    for person in (learner, other_learner, graduate):
        complete(person, course)
    run = start_reevaluation(queue=False)
    assert continue_run(run_id=run.pk) == "done"
    awards = {a.recipient_id: a.organisation_id for a in BadgeAward.objects.all()}
    assert awards == {
        learner.pk: learner.staff_profile.organisation_id,
        other_learner.pk: other_learner.staff_profile.organisation_id,
        graduate.pk: None,
    }


def test_council_run_leaves_other_councils_alone(learner, other_learner, council, course):
    badge_with({"kind": Kind.COURSE_COMPLETED, "course": course})
    complete(learner, course)
    complete(other_learner, course)
    run = start_reevaluation(organisation=council, queue=False)
    continue_run(run_id=run.pk)
    assert list(BadgeAward.objects.values_list("recipient_id", flat=True)) == [learner.pk]


def test_another_councils_badge_is_refused(council, other_council):
    badge = badge_with(organisation=other_council)
    with pytest.raises(AwardRefused):
        start_reevaluation(badge_class=badge, organisation=council)
    assert not ReevaluationRun.objects.exists()


def test_command_runs_in_process(staff, council, course, capsys):
    badge = badge_with({"kind": Kind.COURSE_COMPLETED, "course": course}, organisation=council)
    call_command("reevaluate_badges", "--council", council.slug, "--badge", badge.slug, "--now")
    assert "7/7 learners, 3 awards" in capsys.readouterr().out
    assert BadgeAward.objects.count() == 3
