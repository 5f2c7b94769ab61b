"""Each course's list of live lessons, kept in the cache between requests.

Every course and lesson page shows the course outline, and the lessons in it change
only when an editor saves, publishes, unpublishes, moves or deletes a page. The list is
kept per course, under the course's tree path, and dropped on any of those events for
the page and its parent, so a change shows on the next request. (The in-process cache
of `make run` without Redis is per process: other processes keep their copy until
CACHE_SECONDS pass. Production's Redis cache is shared.)
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import post_page_move

from courses.models import CoursePage, LessonPage
from lms import caching

CACHE_SECONDS = 10 * 60
KEY = "courses:lessons:v1:{path}"


class CachedLesson(NamedTuple):
    pk: int
    title: str
    slug: str
    is_required: bool


def live_lessons(course: CoursePage) -> list[CachedLesson]:
    """The course's live lessons in tree order."""
    key = KEY.format(path=course.path)
    lessons = caching.read(key)
    if lessons is None:
        lessons = [
            CachedLesson(*row)
            for row in LessonPage.objects.child_of(course)
            .live()
            .order_by("path")
            .values_list("pk", "title", "slug", "is_required")
        ]
        caching.keep(key, lessons, CACHE_SECONDS)
    return lessons


def forget(*paths: str) -> None:
    caching.forget(*(KEY.format(path=path) for path in paths if path))


def _parent_path(page: Page) -> str:
    return page.path[: -page.steplen]


def page_saved_or_deleted(sender, instance, **kwargs) -> None:
    # The page may be a course (its own list) or a lesson (its course's list); it costs
    # nothing to drop both and needs no query to tell which it is.
    forget(instance.path, _parent_path(instance))


def page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs) -> None:
    forget(instance.path, parent_page_before.path, parent_page_after.path)


def connect() -> None:
    # Wagtail saves a moved page as a plain Page and sends post_page_move with its type;
    # deleting a page deletes its Page row and its typed row.
    for model in (Page, CoursePage, LessonPage):
        label = model._meta.label_lower
        post_save.connect(page_saved_or_deleted, sender=model, dispatch_uid=f"outline-save-{label}")
        post_delete.connect(
            page_saved_or_deleted, sender=model, dispatch_uid=f"outline-delete-{label}"
        )
    post_page_move.connect(page_moved, dispatch_uid="outline-move")
