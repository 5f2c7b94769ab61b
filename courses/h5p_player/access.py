"""Who may play, or report on, which H5P activity: checked on every request."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from courses.h5p_player import selectors
from courses.h5p_player.tokens import PlayerGrant
from courses.models import ContentPackage, LessonPage
from courses.selectors import is_visible_to
from courses.services import find_activity
from lms.people.permissions import Viewer, viewer_for
from lms.records.models import Enrolment


@dataclass(frozen=True)
class LearnerActivity:
    lesson: LessonPage
    enrolment: Enrolment
    activity_key: str
    package: ContentPackage
    pass_mark: int


def _activity(lesson: LessonPage, enrolment: Enrolment, activity_key: str) -> LearnerActivity:
    try:
        block = find_activity(lesson, activity_key, kind="h5p")
    except ValidationError as exc:
        raise Http404("That activity is not part of this lesson.") from exc
    package = block.value.get("package")
    if package is None or package.kind != ContentPackage.Kind.H5P or not package.is_ready:
        raise Http404("This activity is not available yet.")
    return LearnerActivity(
        lesson=lesson,
        enrolment=enrolment,
        activity_key=activity_key,
        package=package,
        pass_mark=int(block.value.get("pass_mark") or 0),
    )


def _enrolled_lesson(*, viewer: Viewer, user, lesson_id: int) -> selectors.EnrolledLesson:
    """The lesson and the learner's active enrolment on its course, if they may still see
    the course: by the catalogue's rule, as on the course pages, and not behind page
    privacy. Only a refusal asks the database again, to tell "no such lesson" (404, so
    another council's course does not reveal it exists) from "enrol first" (403)."""
    found = selectors.enrolled_lesson(user=user, lesson_id=lesson_id)
    if found is not None:
        enrolment = found.enrolment
        visible = is_visible_to(viewer, enrolment.course) and not found.course_restricted
        if visible and enrolment.is_active:
            return found
    else:
        lesson = selectors.live_lesson(lesson_id)
        course = selectors.course_of(lesson) if lesson is not None else None
        visible = course is not None and is_visible_to(viewer, course) and not course.restricted
    if not visible:
        raise Http404("No such lesson.")
    raise PermissionDenied("Enrol on the course first.")


def activity_for_request(request, *, lesson_id: int, activity_key: str) -> LearnerActivity:
    """The signed-in learner's activity; 404 if they may not see the course or it has no
    such activity, 403 if they have not enrolled (or have left)."""
    if not request.user.is_authenticated:
        raise PermissionDenied("Sign in to take part in this activity.")
    found = _enrolled_lesson(viewer=viewer_for(request), user=request.user, lesson_id=lesson_id)
    return _activity(found.lesson, found.enrolment, activity_key)


def activity_for_grant(grant: PlayerGrant) -> LearnerActivity:
    """What a player grant opens, checked again now: the learner may have left the course,
    lost access to it, or the editor may have changed the activity since it was issued."""
    user = get_user_model().objects.filter(pk=grant.user_id, is_active=True).first()
    if user is None:
        raise PermissionDenied("This activity link is not valid.")
    found = _enrolled_lesson(viewer=Viewer(user), user=user, lesson_id=grant.lesson_id)
    activity = _activity(found.lesson, found.enrolment, grant.activity_key)
    if activity.package.pk != grant.package_id:
        raise Http404("This activity has changed. Reload the lesson.")
    return activity
