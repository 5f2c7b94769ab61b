"""Domain actions on the learning record.

Every change writes the current-state row(s) and one LearningEvent in the same
transaction, under a lock on the enrolment row so that two requests for the same
learner and course (two browser tabs, a retried beacon) cannot interleave. The one
exception is reopening a lesson already started (record_lesson_revisit): it changes no
progress, so it has nothing to serialise and writes its event alone.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lms.jobs import enqueue_on_commit
from lms.records.models import (
    DONE_STATUSES,
    ActivityProgress,
    CourseCompletion,
    Enrolment,
    LearningEvent,
    LessonProgress,
    ProgressStatus,
)

# When an activity reports again, its status may only move this way: a pass is never
# undone by a later, worse attempt.
_STATUS_RANK = {
    ProgressStatus.NOT_STARTED: 0,
    ProgressStatus.IN_PROGRESS: 1,
    ProgressStatus.FAILED: 2,
    ProgressStatus.COMPLETED: 3,
    ProgressStatus.PASSED: 4,
}
MAX_TIME_STEP_SECONDS = 60 * 60


def _event(
    enrolment: Enrolment,
    *,
    verb: str,
    source: str,
    lesson=None,
    activity_key: str = "",
    result: dict | None = None,
) -> LearningEvent:
    return LearningEvent.objects.create(
        user_id=enrolment.user_id,
        organisation_id=enrolment.organisation_id,
        enrolment=enrolment,
        course_id=enrolment.course_id,
        lesson=lesson,
        activity_key=activity_key,
        verb=verb,
        source=source,
        result=result or {},
    )


def _locked(enrolment: Enrolment) -> Enrolment:
    return Enrolment.objects.select_for_update().get(pk=enrolment.pk)


def _organisation_id_for(user) -> int | None:
    from lms.people.models import StaffProfile

    return (
        StaffProfile.objects.filter(user=user, is_active=True)
        .values_list("organisation_id", flat=True)
        .first()
    )


@transaction.atomic
def enrol(
    *,
    user,
    course,
    source: str = Enrolment.Source.SELF,
    assigned_by=None,
    due_on: datetime.date | None = None,
) -> Enrolment:
    """Enrol a person on a course they may take; enrolling again reopens a withdrawal.

    Assignment (by HR or a manager) calls this too, with source=ASSIGNED and a due date.
    """
    from courses.selectors import can_take
    from lms.people.permissions import Viewer

    if not can_take(Viewer(user), course):
        raise PermissionDenied("This course is not available to you.")
    if course.is_public_taster and source == Enrolment.Source.SELF:
        source = Enrolment.Source.TASTER
    enrolment, created = Enrolment.objects.get_or_create(
        user=user,
        course=course,
        defaults={
            "organisation_id": _organisation_id_for(user),
            "source": source,
            "assigned_by": assigned_by,
            "due_on": due_on,
        },
    )
    if created:
        _event(
            enrolment,
            verb=LearningEvent.Verb.ENROLLED,
            source=LearningEvent.Source.SYSTEM,
            result={"source": source},
        )
        return enrolment
    enrolment = _locked(enrolment)
    changed = []
    if enrolment.status == Enrolment.Status.WITHDRAWN:
        enrolment.status = (
            Enrolment.Status.COMPLETED if enrolment.completed_at else Enrolment.Status.ACTIVE
        )
        enrolment.withdrawn_at = None
        changed += ["status", "withdrawn_at"]
        _event(
            enrolment,
            verb=LearningEvent.Verb.ENROLLED,
            source=LearningEvent.Source.SYSTEM,
            result={"source": source, "reopened": True},
        )
    if source == Enrolment.Source.ASSIGNED and due_on and enrolment.due_on != due_on:
        enrolment.due_on, enrolment.assigned_by = due_on, assigned_by
        enrolment.source = Enrolment.Source.ASSIGNED
        changed += ["due_on", "assigned_by", "source"]
    if changed:
        enrolment.save(update_fields=[*changed, "updated_at"])
    return enrolment


@transaction.atomic
def withdraw(*, enrolment: Enrolment) -> Enrolment:
    """Leave a course. Progress and events stay; enrolling again picks up where they were."""
    enrolment = _locked(enrolment)
    if enrolment.status == Enrolment.Status.WITHDRAWN:
        return enrolment
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.withdrawn_at = timezone.now()
    enrolment.save(update_fields=["status", "withdrawn_at", "updated_at"])
    _event(enrolment, verb=LearningEvent.Verb.WITHDRAWN, source=LearningEvent.Source.SYSTEM)
    return enrolment


@transaction.atomic
def start_again(*, enrolment: Enrolment) -> Enrolment:
    """Take a completed course again (a refresher, or to recertify): its lessons and
    activities start from nothing, and finishing them records the next completion.

    The completions already recorded stay, and so does what follows from them (badges,
    the certificate, which stays current until the next completion supersedes it). The
    progress rows are current state only, so they are reset rather than kept: the event
    log holds the first run. Time spent adds up across runs.
    """
    enrolment = _locked(enrolment)
    if enrolment.status != Enrolment.Status.COMPLETED:
        raise ValidationError("Only a course you have completed can be taken again.")
    LessonProgress.objects.filter(enrolment=enrolment).update(
        status=ProgressStatus.NOT_STARTED,
        score=None,
        last_position="",
        started_at=None,
        completed_at=None,
        updated_at=timezone.now(),
    )
    ActivityProgress.objects.filter(enrolment=enrolment).update(
        status=ProgressStatus.NOT_STARTED,
        score=None,
        best_score=None,
        attempts=0,
        resume_state={},
        updated_at=timezone.now(),
    )
    # completed_at stays: it is when they last completed it (and a withdrawal then
    # re-enrolment before finishing again leaves them completed, as they were).
    enrolment.status = Enrolment.Status.ACTIVE
    enrolment.last_lesson = None
    enrolment.save(update_fields=["status", "last_lesson", "updated_at"])
    _event(
        enrolment,
        verb=LearningEvent.Verb.ENROLLED,
        source=LearningEvent.Source.SYSTEM,
        result={"restarted": True, "run": enrolment.completions.count() + 1},
    )
    return enrolment


def _require_active(enrolment: Enrolment) -> None:
    if enrolment.status == Enrolment.Status.WITHDRAWN:
        raise ValidationError("You have left this course. Enrol again to carry on.")


def _lesson_progress(enrolment: Enrolment, lesson) -> LessonProgress:
    progress, _ = LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    return progress


@transaction.atomic
def record_lesson_view(
    *, enrolment: Enrolment, lesson, time_spent_seconds: int = 0
) -> LessonProgress:
    """A learner opened a lesson: it is now in progress and where they carry on from."""
    enrolment = _locked(enrolment)
    _require_active(enrolment)
    progress = _lesson_progress(enrolment, lesson)
    step = max(0, min(int(time_spent_seconds), MAX_TIME_STEP_SECONDS))
    # A revisit changes nothing on the progress row: only the event is written.
    if progress.status == ProgressStatus.NOT_STARTED or step:
        if progress.status == ProgressStatus.NOT_STARTED:
            progress.status = ProgressStatus.IN_PROGRESS
            progress.started_at = timezone.now()
        progress.time_spent_seconds += step
        progress.save()
    if enrolment.last_lesson_id != lesson.pk:
        enrolment.last_lesson = lesson
        enrolment.save(update_fields=["last_lesson", "updated_at"])
    _event(
        enrolment, verb=LearningEvent.Verb.VIEWED, source=LearningEvent.Source.PAGE, lesson=lesson
    )
    return progress


def record_lesson_revisit(*, enrolment: Enrolment, lesson) -> None:
    """A learner opened again a lesson they have already started.

    Its progress row has nothing to change, so there is nothing to serialise: no lock and
    no transaction, only the view event and, if they had moved on to another lesson, where
    they carry on from. The caller read the lesson's status (anything but not started)
    and the enrolment in this request; record_lesson_view is the way for any other lesson.
    """
    _require_active(enrolment)
    if enrolment.last_lesson_id == lesson.pk:
        _event(
            enrolment,
            verb=LearningEvent.Verb.VIEWED,
            source=LearningEvent.Source.PAGE,
            lesson=lesson,
        )
        return
    with transaction.atomic():
        moved = (
            Enrolment.objects.filter(pk=enrolment.pk)
            .exclude(status=Enrolment.Status.WITHDRAWN)
            .update(last_lesson=lesson, updated_at=timezone.now())
        )
        if not moved:
            raise ValidationError("You have left this course. Enrol again to carry on.")
        enrolment.last_lesson = lesson
        _event(
            enrolment,
            verb=LearningEvent.Verb.VIEWED,
            source=LearningEvent.Source.PAGE,
            lesson=lesson,
        )


@transaction.atomic
def complete_reading_lesson(*, enrolment: Enrolment, lesson) -> LessonProgress:
    """Mark a lesson without tracked activities as done (the learner says they have read it)."""
    enrolment = _locked(enrolment)
    _require_active(enrolment)
    if lesson.activities():
        raise ValidationError("This lesson is completed by finishing its activities.")
    progress = _lesson_progress(enrolment, lesson)
    if not progress.is_done:
        now = timezone.now()
        progress.status = ProgressStatus.COMPLETED
        progress.started_at = progress.started_at or now
        progress.completed_at = now
        progress.save()
        _event(
            enrolment,
            verb=LearningEvent.Verb.COMPLETED,
            source=LearningEvent.Source.PAGE,
            lesson=lesson,
        )
        _maybe_complete_course(enrolment)
    return progress


@transaction.atomic
def record_activity_outcome(
    *,
    enrolment: Enrolment,
    lesson,
    activity_key: str,
    kind: str,
    status: str,
    score: Decimal | float | None,
    source: str,
    result: dict | None = None,
    resume_state: dict | None = None,
    counts_as_attempt: bool = True,
) -> ActivityProgress:
    """Record what an activity reported, after the caller has decided how far to trust it.

    `status` and `score` (0..1) must already be the server's reading: quiz scores are
    computed here on the server, SCORM and H5P results are checked against the data
    model before they reach this function.
    """
    enrolment = _locked(enrolment)
    _require_active(enrolment)
    if activity_key not in {key for key, _ in lesson.activities()}:
        raise ValidationError("That activity is not part of this lesson.")
    if score is not None:
        score = Decimal(str(score)).quantize(Decimal("0.0001"))
        if not Decimal(0) <= score <= Decimal(1):
            raise ValidationError("A score must be between 0 and 1.")
    activity, _ = ActivityProgress.objects.get_or_create(
        enrolment=enrolment,
        activity_key=activity_key,
        defaults={"lesson": lesson, "kind": kind},
    )
    status = ProgressStatus(status)
    if _STATUS_RANK[status] >= _STATUS_RANK[ProgressStatus(activity.status)]:
        activity.status = status
    if score is not None:
        activity.score = score
        activity.best_score = max(score, activity.best_score or Decimal(0))
    if counts_as_attempt and status in (*DONE_STATUSES, ProgressStatus.FAILED):
        activity.attempts += 1
    if resume_state is not None:
        activity.resume_state = resume_state
    activity.save()

    verb = {
        ProgressStatus.PASSED: LearningEvent.Verb.PASSED,
        ProgressStatus.FAILED: LearningEvent.Verb.FAILED,
        ProgressStatus.COMPLETED: LearningEvent.Verb.COMPLETED,
    }.get(status, LearningEvent.Verb.PROGRESSED)
    payload = {"status": status.value, **({"score": str(score)} if score is not None else {})}
    _event(
        enrolment,
        verb=verb,
        source=source,
        lesson=lesson,
        activity_key=activity_key,
        result={**payload, **(result or {})},
    )
    # The course can only become complete when one of its lessons just did.
    if _refresh_lesson(enrolment, lesson, just_saved=activity):
        _maybe_complete_course(enrolment)
    return activity


def _refresh_lesson(enrolment: Enrolment, lesson, *, just_saved: ActivityProgress) -> bool:
    """Derive a lesson's status and score from its activities; True if it has just become
    done. The activity just saved is reused, so a one-activity lesson reads nothing more."""
    keys = [key for key, _ in lesson.activities()]
    rows = {just_saved.activity_key: just_saved}
    others = [key for key in keys if key != just_saved.activity_key]
    if others:
        rows.update(
            (row.activity_key, row)
            for row in ActivityProgress.objects.filter(enrolment=enrolment, activity_key__in=others)
        )
    statuses = [rows[key].status if key in rows else ProgressStatus.NOT_STARTED for key in keys]
    if all(s in DONE_STATUSES for s in statuses):
        new_status = (
            ProgressStatus.PASSED
            if any(s == ProgressStatus.PASSED for s in statuses)
            else ProgressStatus.COMPLETED
        )
    elif any(s == ProgressStatus.FAILED for s in statuses):
        new_status = ProgressStatus.FAILED
    else:
        new_status = ProgressStatus.IN_PROGRESS
    scores = [
        row.best_score for key, row in rows.items() if key in keys and row.best_score is not None
    ]
    new_score = (sum(scores) / len(scores)).quantize(Decimal("0.0001")) if scores else None
    progress = _lesson_progress(enrolment, lesson)
    became_done = new_status in DONE_STATUSES and progress.completed_at is None
    unchanged = (
        progress.status == new_status
        and progress.score == new_score
        and progress.started_at is not None
        and not became_done
    )
    if unchanged:
        return False
    now = timezone.now()
    progress.status = new_status
    progress.score = new_score
    progress.started_at = progress.started_at or now
    if became_done:
        progress.completed_at = now
        _event(
            enrolment,
            verb=LearningEvent.Verb.COMPLETED,
            source=LearningEvent.Source.SYSTEM,
            lesson=lesson,
            result={"status": new_status.value},
        )
    progress.save()
    return became_done


def _maybe_complete_course(enrolment: Enrolment) -> CourseCompletion | None:
    """Complete the course when every required lesson is done; announce it after commit.

    Called with the enrolment row locked, so one completion is recorded however many
    requests finish the last lesson at the same moment.
    """
    from courses.models import LessonPage

    if enrolment.status == Enrolment.Status.COMPLETED:
        return None
    required = list(
        LessonPage.objects.child_of(enrolment.course)
        .live()
        .filter(is_required=True)
        .values_list("pk", flat=True)
    )
    if not required:
        return None
    done = LessonProgress.objects.filter(
        enrolment=enrolment, lesson_id__in=required, status__in=DONE_STATUSES
    ).count()
    if done < len(required):
        return None
    scores = [
        s
        for s in LessonProgress.objects.filter(enrolment=enrolment, lesson_id__in=required)
        .exclude(score=None)
        .values_list("score", flat=True)
    ]
    now = timezone.now()
    completion = CourseCompletion.objects.create(
        enrolment=enrolment,
        user_id=enrolment.user_id,
        organisation_id=enrolment.organisation_id,
        course_id=enrolment.course_id,
        number=enrolment.completions.count() + 1,
        score=(sum(scores) / len(scores)).quantize(Decimal("0.0001")) if scores else None,
        completed_at=now,
    )
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.completed_at = now
    enrolment.save(update_fields=["status", "completed_at", "updated_at"])
    _event(
        enrolment,
        verb=LearningEvent.Verb.COMPLETED,
        source=LearningEvent.Source.SYSTEM,
        result={"course": True, "completion": completion.number},
    )

    from lms.records.tasks import announce_completion

    enqueue_on_commit(announce_completion, completion.pk)
    return completion
