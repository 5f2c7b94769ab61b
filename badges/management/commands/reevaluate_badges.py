"""Re-evaluate learners for badges after criteria change, in batches with progress."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from badges.engine.reevaluation import continue_run, start_reevaluation
from badges.models import BadgeClass, ReevaluationRun
from lms.people.models import Organisation


class Command(BaseCommand):
    help = (
        "Start a re-evaluation run (all badges, a council's, or one badge). With --now it "
        "runs here rather than on a worker; --resume N carries on a stopped run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--council", help="Only this council's staff and badges (slug).")
        parser.add_argument("--badge", help="Only this badge (slug; with --council for theirs).")
        parser.add_argument("--now", action="store_true", help="Run in this process.")
        parser.add_argument("--resume", type=int, help="Carry on run number N in this process.")

    def handle(self, *args, council=None, badge=None, now=False, resume=None, **options):
        if resume is not None:
            run = ReevaluationRun.objects.filter(pk=resume).first()
            if run is None:
                raise CommandError(f"No re-evaluation run {resume}.")
            if run.status == ReevaluationRun.Status.FAILED:
                ReevaluationRun.objects.filter(pk=run.pk).update(
                    status=ReevaluationRun.Status.RUNNING, error=""
                )
            return self._run_here(run.pk)
        organisation = None
        if council:
            organisation = Organisation.objects.filter(slug=council).first()
            if organisation is None:
                raise CommandError(f"No council with slug {council!r}.")
        badge_class = None
        if badge:
            owner = Q(organisation=organisation) if organisation else Q(organisation__isnull=True)
            badge_class = BadgeClass.objects.filter(owner, slug=badge).first()
            if badge_class is None:
                raise CommandError(f"No badge {badge!r}.")
        run = start_reevaluation(badge_class=badge_class, organisation=organisation, queue=not now)
        if now:
            return self._run_here(run.pk)
        self.stdout.write(f"Queued re-evaluation run {run.pk} for {run.total} learners.")

    def _run_here(self, run_id: int) -> None:
        status = continue_run(run_id=run_id, time_slice=float("inf"))
        run = ReevaluationRun.objects.get(pk=run_id)
        self.stdout.write(
            f"Run {run.pk} {status}: {run.processed}/{run.total} learners, {run.awarded} awards."
        )
