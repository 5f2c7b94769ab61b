"""Read-side queries on the learning record."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from lms.records.models import ActivityProgress, Enrolment, LessonProgress


def enrolment_for(user, course) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=user, course=course).first()


def lesson_progress_map(enrolment: Enrolment | None) -> dict[int, LessonProgress]:
    if enrolment is None:
        return {}
    return {p.lesson_id: p for p in LessonProgress.objects.filter(enrolment=enrolment)}


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
