"""The scored activities (quiz, H5P, SCORM blocks) a criterion can point at, as choices.

An "activity score" rule names a lesson and the id of one activity block in its body.
Offering every activity of the courses a badge may use as one grouped select lets an
editor pick a real block without any script, and a typed or stale key is caught by
checking it against the lesson's StreamField.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models.functions import Length, Substr

from courses.blocks import ACTIVITY_BLOCK_TYPES
from courses.models import ContentPackage, CoursePage, LessonPage

KIND_LABELS = {"quiz": "Quiz", "h5p": "H5P", "scorm": "SCORM"}
SEPARATOR = ":"


@dataclass(frozen=True)
class Activity:
    lesson_id: int
    key: str
    label: str
    course_id: int
    course_title: str

    @property
    def value(self) -> str:
        return encode(self.lesson_id, self.key)


def encode(lesson_id: int, key: str) -> str:
    return f"{lesson_id}{SEPARATOR}{key}"


def decode(value: str) -> tuple[int, str] | None:
    lesson, sep, key = (value or "").partition(SEPARATOR)
    if not sep or not lesson.isdigit() or not key:
        return None
    return int(lesson), key


def _label(block: dict, packages: dict[int, str]) -> str:
    kind = block.get("type")
    value = block.get("value") or {}
    if kind == "quiz":
        title = value.get("title") or "untitled"
    else:
        title = packages.get(value.get("package"), "package removed")
    return f"{KIND_LABELS.get(kind, kind)}: {title} [{str(block.get('id', ''))[:8]}]"


def activities_in(courses) -> list[Activity]:
    """Every activity block in the lessons of `courses` (a CoursePage queryset), in order.

    Three queries whatever the number of courses: courses, lessons, package titles.
    """
    course_rows = {
        path: (pk, title) for pk, path, title in courses.values_list("pk", "path", "title")
    }
    if not course_rows:
        return []
    steplen = CoursePage.steplen
    lessons = (
        LessonPage.objects.annotate(parent_path=Substr("path", 1, Length("path") - steplen))
        .filter(parent_path__in=list(course_rows))
        .order_by("path")
        .only("pk", "path", "title", "body")
    )
    found: list[tuple[LessonPage, tuple[int, str], list[dict]]] = []
    package_ids: set[int] = set()
    for lesson in lessons.iterator():
        course = course_rows.get(lesson.path[:-steplen])
        if course is None:
            continue
        blocks = [b for b in lesson.body.raw_data if b.get("type") in ACTIVITY_BLOCK_TYPES]
        for block in blocks:
            package = (block.get("value") or {}).get("package")
            if isinstance(package, int):
                package_ids.add(package)
        if blocks:
            found.append((lesson, course, blocks))
    packages = dict(ContentPackage.objects.filter(pk__in=package_ids).values_list("pk", "title"))
    return [
        Activity(
            lesson_id=lesson.pk,
            key=str(block["id"]),
            label=f"{lesson.title}, {_label(block, packages)}",
            course_id=course_pk,
            course_title=course_title,
        )
        for lesson, (course_pk, course_title), blocks in found
        for block in blocks
        if block.get("id")
    ]


def grouped_choices(activities: list[Activity]) -> list:
    """Choices for a select: one option group per course."""
    by_course: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for activity in activities:
        by_course[activity.course_title].append((activity.value, activity.label))
    return [("", "Choose an activity")] + [(title, opts) for title, opts in by_course.items()]


def lesson_activity_keys(lesson: LessonPage) -> dict[str, str]:
    """The lesson's activity keys with a label each, read from its body."""
    return {
        str(block["id"]): block.get("type", "")
        for block in lesson.body.raw_data
        if block.get("type") in ACTIVITY_BLOCK_TYPES and block.get("id")
    }
