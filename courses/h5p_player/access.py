"""Who may play, or report on, which H5P activity: checked on every request."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from courses.h5p_player.tokens import PlayerGrant
from courses.models import ContentPackage, LessonPage
from courses.selectors import catalogue_for
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


def _live_lesson(lesson_id: int) -> LessonPage:
    # Only what the checks and the record need: the tree path finds the course, and the
    # body holds the activity.
    lesson = LessonPage.objects.live().filter(pk=lesson_id).only("path", "body").first()
    if lesson is None:
        raise Http404("No such lesson.")
    return lesson


def _enrolment(*, viewer: Viewer, user, lesson: LessonPage) -> Enrolment:
    """The learner's active enrolment on the lesson's course, if they may still see it.

    The course is found through the catalogue's own rule, as the course pages find it, in
    the same query as the enrolment; only a refusal asks again to say which it was.
    """
    visible = catalogue_for(viewer).filter(path=lesson.path[: -lesson.steplen])
    enrolment = Enrolment.objects.filter(user=user, course__in=visible.values("pk")).first()
    if enrolment is not None and enrolment.is_active:
        return enrolment
    if enrolment is None and not visible.exists():
        # As on the course pages: another council's course does not reveal it exists.
        raise Http404("No such lesson.")
    raise PermissionDenied("Enrol on the course first.")


def activity_for_request(request, *, lesson_id: int, activity_key: str) -> LearnerActivity:
    """The signed-in learner's activity; 404 if they may not see the course or it has no
    such activity, 403 if they have not enrolled (or have left)."""
    if not request.user.is_authenticated:
        raise PermissionDenied("Sign in to take part in this activity.")
    lesson = _live_lesson(lesson_id)
    enrolment = _enrolment(viewer=viewer_for(request), user=request.user, lesson=lesson)
    return _activity(lesson, enrolment, activity_key)


def activity_for_grant(grant: PlayerGrant) -> LearnerActivity:
    """What a player grant opens, checked again now: the learner may have left the course,
    lost access to it, or the editor may have changed the activity since it was issued."""
    user = get_user_model().objects.filter(pk=grant.user_id, is_active=True).first()
    if user is None:
        raise PermissionDenied("This activity link is not valid.")
    lesson = _live_lesson(grant.lesson_id)
    enrolment = _enrolment(viewer=Viewer(user), user=user, lesson=lesson)
    activity = _activity(lesson, enrolment, grant.activity_key)
    if activity.package.pk != grant.package_id:
        raise Http404("This activity has changed. Reload the lesson.")
    return activity
