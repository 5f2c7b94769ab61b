"""Which courses a person may see and take."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from courses.models import CourseIndexPage, CoursePage
from courses.models.pages import Audience
from courses.outline_cache import live_lessons
from lms.people.permissions import Viewer
from lms.records.models import ProgressStatus


def catalogue_for(viewer: Viewer) -> QuerySet[CoursePage]:
    """Live courses this person may see: their council's own, the sector library and
    courses other councils share; public tasters for everyone signed in or not."""
    courses = CoursePage.objects.live().public()
    visible = Q(audience=Audience.PUBLIC)
    if viewer.is_platform_admin:
        return courses
    if viewer.staff is not None:
        visible |= Q(audience=Audience.STAFF) & (
            Q(owning_council__isnull=True)
            | Q(owning_council=viewer.staff.organisation_id)
            | Q(shared_with_sector=True)
        )
    return courses.filter(visible)


def is_visible_to(viewer: Viewer, course: CoursePage) -> bool:
    """catalogue_for's rule for one loaded course, without a query. (Page privacy is
    Wagtail's to check when it serves the page.)"""
    if not course.live:
        return False
    if course.audience == Audience.PUBLIC or viewer.is_platform_admin:
        return True
    staff = viewer.staff
    return staff is not None and (
        course.owning_council_id is None
        or course.owning_council_id == staff.organisation_id
        or course.shared_with_sector
    )


def can_take(viewer: Viewer, course: CoursePage) -> bool:
    return viewer.is_authenticated and is_visible_to(viewer, course)


def catalogue_page() -> CourseIndexPage | None:
    return CourseIndexPage.objects.live().first()


def outline_rows(course: CoursePage, statuses: dict[int, str]) -> list[tuple]:
    """The course's live lessons in order as (id, title, slug, is_required, status), with
    the learner's status for each (from lesson_statuses) and the lesson list from the
    cache, whatever the course's size."""
    return [
        (*lesson, statuses.get(lesson.pk, ProgressStatus.NOT_STARTED))
        for lesson in live_lessons(course)
    ]
