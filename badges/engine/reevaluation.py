"""Bulk re-evaluation after criteria change: batches of learners with resumable progress.

A run walks learners in id order, BATCH_SIZE at a time. Each batch loads the facts of
all its learners with one query per kind of fact, decides in Python, saves awards in
bulk and moves the run's progress on in the same transaction, so a run that dies
resumes after the last batch that committed and awards nothing twice.
"""

from __future__ import annotations

import gc
import time

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from badges.engine.errors import AwardRefused
from badges.engine.evaluate import decide_awards
from badges.engine.facts import load_facts
from badges.engine.rules import RuleBook, load_rulebook
from badges.engine.writing import save_pending_awards
from badges.models import AuditEntry, BadgeClass, ReevaluationRun
from lms.jobs import enqueue_on_commit
from lms.people.models import StaffProfile

# Big enough that each batch's fixed costs (a handful of queries, a sequential scan
# where the planner prefers one) are spread thin; small enough to commit in about a second.
BATCH_SIZE = 1000
# A task hands over to a fresh one after this long, well inside Celery's time limits.
TIME_SLICE_SECONDS = 120


def _learners(run: ReevaluationRun):
    """(user id, council id) of the learners the run covers, in id order."""
    if run.organisation_id is not None:
        return (
            StaffProfile.objects.filter(
                organisation_id=run.organisation_id, is_active=True, user__is_active=True
            )
            .order_by("user_id")
            .values_list("user_id", "organisation_id")
        )
    # Everyone, graduates included; a leaver's profile no longer gives them a council.
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", "staff_profile__organisation_id", "staff_profile__is_active")
    )


def _batch(run: ReevaluationRun) -> list[tuple[int, int | None]]:
    learners = _learners(run)
    if run.organisation_id is not None:
        return list(learners.filter(user_id__gt=run.last_user_id)[:BATCH_SIZE])
    return [
        (pk, organisation_id if active else None)
        for pk, organisation_id, active in learners.filter(pk__gt=run.last_user_id)[:BATCH_SIZE]
    ]


def start_reevaluation(
    *,
    badge_class: BadgeClass | None = None,
    organisation=None,
    requested_by=None,
    queue: bool = True,
) -> ReevaluationRun:
    """Create a run over the learners who could earn `badge_class` (or any badge of
    `organisation`, or any badge at all) and queue it once this transaction commits.

    `queue=False` leaves the run for the caller to drive with continue_run.
    """
    if badge_class is not None and badge_class.organisation_id is not None:
        if organisation is not None and organisation.pk != badge_class.organisation_id:
            raise AwardRefused("That badge belongs to another council.")
        organisation = badge_class.organisation
    run = ReevaluationRun(
        organisation=organisation, badge_class=badge_class, requested_by=requested_by
    )
    run.total = _learners(run).count()
    run.save()
    AuditEntry.objects.create(
        organisation=organisation,
        actor=requested_by,
        action=AuditEntry.Action.REEVALUATION,
        badge_class=badge_class,
        detail={"run": run.pk, "learners": run.total},
    )
    if queue:
        from badges.tasks import reevaluate_task

        enqueue_on_commit(reevaluate_task, run.pk)
    return run


def rulebook_for(run: ReevaluationRun) -> RuleBook:
    if run.badge_class_id is not None and run.organisation_id is None:
        # A sector badge's chains can only run through sector badges.
        return load_rulebook(sector_only=True)
    return load_rulebook(organisation_id=run.organisation_id)


def evaluate_batch(*, learners: list[tuple[int, int | None]], rulebook: RuleBook, only=None) -> int:
    """Evaluate a batch of (user id, council id); returns how many awards were made."""
    # A batch makes some hundred thousand short-lived objects and no reference cycles;
    # the cyclic collector's repeated passes over them cost a third of the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        facts = load_facts(user_ids=[uid for uid, _ in learners], rulebook=rulebook)
        now = timezone.now()
        pending = []
        for user_id, organisation_id in learners:
            learner = facts[user_id]
            learner.organisation_id = organisation_id
            pending.extend(decide_awards(rulebook=rulebook, facts=learner, now=now, only=only))
        return save_pending_awards(pending, as_models=False)
    finally:
        if collecting:
            gc.enable()


def continue_run(*, run_id: int, time_slice: float = TIME_SLICE_SECONDS) -> str:
    """Process batches until the run is done or the time slice is used up."""
    run = ReevaluationRun.objects.filter(pk=run_id).first()
    if run is None or run.status in (ReevaluationRun.Status.DONE, ReevaluationRun.Status.FAILED):
        return run.status if run else "missing"
    ReevaluationRun.objects.filter(pk=run_id, started_at__isnull=True).update(
        started_at=timezone.now()
    )
    ReevaluationRun.objects.filter(pk=run_id).filter(~Q(status="running")).update(
        status=ReevaluationRun.Status.RUNNING
    )
    rulebook = rulebook_for(run)
    only = {run.badge_class_id} if run.badge_class_id else None
    deadline = time.monotonic() + time_slice
    try:
        while True:
            with transaction.atomic():
                # The row lock makes a duplicated task wait and then carry on after
                # the batch this one committed, instead of redoing it.
                run = ReevaluationRun.objects.select_for_update().get(pk=run_id)
                if run.status != ReevaluationRun.Status.RUNNING:
                    return run.status
                learners = _batch(run)
                if not learners:
                    run.status = ReevaluationRun.Status.DONE
                    run.finished_at = timezone.now()
                    run.save(update_fields=["status", "finished_at"])
                    return run.status
                run.awarded += evaluate_batch(learners=learners, rulebook=rulebook, only=only)
                run.processed += len(learners)
                run.last_user_id = learners[-1][0]
                run.save(update_fields=["awarded", "processed", "last_user_id"])
            if time.monotonic() > deadline:
                from badges.tasks import reevaluate_task

                enqueue_on_commit(reevaluate_task, run_id)
                return "continued"
    except Exception as error:
        from lms.celery import RetryingTask

        if not isinstance(error, RetryingTask.autoretry_for):
            ReevaluationRun.objects.filter(pk=run_id).update(
                status=ReevaluationRun.Status.FAILED,
                error=f"{type(error).__name__}: {error}"[:2000],
                finished_at=timezone.now(),
            )
        raise
