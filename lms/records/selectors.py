"""Read-side queries on the learning record."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from lms.records.models import ActivityProgress, Enrolment, LessonProgress


def enrolment_for(user, course) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    # One row at most (unique per user and course): no ordering to work out.
    return next(iter(Enrolment.objects.filter(user=user, course=course)[:1]), None)


def enrolment_and_statuses(user, course) -> tuple[Enrolment | None, dict[int, str]]:
    """The learner's enrolment on the course with each lesson's progress status (as
    lesson_statuses), in one query: the enrolment's row comes once per progress row."""
    if not user.is_authenticated:
        return None, {}
    fields = [f.attname for f in Enrolment._meta.concrete_fields]
    rows = Enrolment.objects.filter(user=user, course=course).values_list(
        *fields, "lessons__lesson_id", "lessons__status"
    )
    enrolment, statuses = None, {}
    for *values, lesson_id, status in rows:
        if enrolment is None:
            enrolment = Enrolment.from_db(rows.db, fields, values)
        if lesson_id is not None:
            statuses[lesson_id] = status
    return enrolment, statuses


def lesson_statuses(enrolment: Enrolment | None) -> dict[int, str]:
    """Each lesson's progress status for this enrolment, by lesson id; lessons without a
    row have not been started."""
    if enrolment is None:
        return {}
    return dict(
        LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", "status")
    )


def activity_progress_map(enrolment: Enrolment | None, lesson) -> dict[str, ActivityProgress]:
    if enrolment is None:
        return {}
    return {
        a.activity_key: a
        for a in ActivityProgress.objects.filter(enrolment=enrolment, lesson=lesson)
    }


@dataclass
class MyLearning:
    in_progress: list = field(default_factory=list)
    assigned: list = field(default_factory=list)
    completed: list = field(default_factory=list)


def my_learning(user) -> MyLearning:
    """A learner's enrolments, grouped for the My learning page, in one query."""
    grouped = MyLearning()
    rows: QuerySet[Enrolment] = (
        Enrolment.objects.filter(user=user)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related("course", "last_lesson")
        .order_by("due_on", "-updated_at")
    )
    for enrolment in rows:
        if enrolment.status == Enrolment.Status.COMPLETED:
            grouped.completed.append(enrolment)
        elif enrolment.source == Enrolment.Source.ASSIGNED:
            grouped.assigned.append(enrolment)
        else:
            grouped.in_progress.append(enrolment)
    return grouped
