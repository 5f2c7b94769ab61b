"""Which courses a person may see and take."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from courses.models import CourseIndexPage, CoursePage
from courses.models.pages import Audience
from lms.people.permissions import Viewer


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


def can_take(viewer: Viewer, course: CoursePage) -> bool:
    if not viewer.is_authenticated:
        return False
    return catalogue_for(viewer).filter(pk=course.pk).exists()


def catalogue_page() -> CourseIndexPage | None:
    return CourseIndexPage.objects.live().first()
