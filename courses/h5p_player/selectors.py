"""The reads behind every H5P request: the lesson, and the learner's enrolment on its course.

A learner playing H5P content posts a statement or a resume state every few seconds, so
the common case is a single query: the lesson, found by id; its course, found by its
place in the page tree (a lesson's parent); the learner's enrolment on that course; and
whether page privacy covers the course. It is written out in SQL because building and
compiling it with the ORM (three subqueries on the lesson and one on the restrictions)
cost several times what the database takes to answer it, on the endpoint that runs most.
Refusals are rare, and ask again with the ORM to say which refusal it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db.models import Exists, OuterRef
from django.db.models.functions import Left, Length
from wagtail.models import Page, PageViewRestriction

from courses.models import CoursePage, LessonPage
from lms.records.models import Enrolment

# What courses.selectors.is_visible_to reads from a course.
_COURSE_FIELDS = ("live", "audience", "owning_council", "shared_with_sector", "path")


@dataclass(frozen=True)
class EnrolledLesson:
    enrolment: Enrolment  # its course loaded with the fields is_visible_to reads
    course_restricted: bool  # page privacy covers the course
    lesson: LessonPage  # its path and body loaded


@cache
def _enrolled_lesson_sql() -> str:
    enrolment_columns = ", ".join(
        f"enrolment.{field.column}" for field in Enrolment._meta.concrete_fields
    )
    # A page's path is its parent's path and one step more. The restriction test reads
    # as Wagtail's PageQuerySet.public(): a restriction on the course or any page above.
    return f"""
        SELECT {enrolment_columns},
            course.path AS course_path,
            course.live AS course_live,
            course_page.audience AS course_audience,
            course_page.owning_council_id AS course_owning_council_id,
            course_page.shared_with_sector AS course_shared_with_sector,
            EXISTS (
                SELECT 1 FROM {PageViewRestriction._meta.db_table} restriction
                JOIN {Page._meta.db_table} restricted ON restricted.id = restriction.page_id
                WHERE restricted.path = SUBSTR(course.path, 1, LENGTH(restricted.path))
            ) AS course_restricted,
            lesson.path AS lesson_path,
            lesson_page.body AS lesson_body
        FROM {LessonPage._meta.db_table} lesson_page
        JOIN {Page._meta.db_table} lesson ON lesson.id = lesson_page.page_ptr_id
        JOIN {Page._meta.db_table} course
            ON course.path = SUBSTR(lesson.path, 1, LENGTH(lesson.path) - %s)
        JOIN {CoursePage._meta.db_table} course_page ON course_page.page_ptr_id = course.id
        JOIN {Enrolment._meta.db_table} enrolment
            ON enrolment.course_id = course_page.page_ptr_id AND enrolment.user_id = %s
        WHERE lesson_page.page_ptr_id = %s AND lesson.live
    """


def _loaded(model, db: str, **values):
    """An instance as a query loading only these fields would build it: the others are
    deferred, and read from the database if anything asks for them."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


def enrolled_lesson(*, user, lesson_id: int) -> EnrolledLesson | None:
    """The live lesson `lesson_id` and the user's enrolment on its course, whatever its
    status; None when there is no such lesson or no such enrolment."""
    rows = Enrolment.objects.raw(_enrolled_lesson_sql(), [LessonPage.steplen, user.pk, lesson_id])
    enrolment = next(iter(rows), None)
    if enrolment is None:
        return None
    db = enrolment._state.db
    # Extra columns come as the database gives them (SQLite's booleans are 0 and 1).
    enrolment.course = _loaded(
        CoursePage,
        db,
        id=enrolment.course_id,
        page_ptr_id=enrolment.course_id,
        path=enrolment.course_path,
        live=bool(enrolment.course_live),
        audience=enrolment.course_audience,
        owning_council_id=enrolment.course_owning_council_id,
        shared_with_sector=bool(enrolment.course_shared_with_sector),
    )
    # The body arrives as stored JSON; the StreamField makes it a lazy StreamValue.
    lesson = _loaded(
        LessonPage,
        db,
        id=lesson_id,
        page_ptr_id=lesson_id,
        path=enrolment.lesson_path,
        body=enrolment.lesson_body,
    )
    return EnrolledLesson(
        enrolment=enrolment,
        course_restricted=bool(enrolment.course_restricted),
        lesson=lesson,
    )


def live_lesson(lesson_id: int) -> LessonPage | None:
    return LessonPage.objects.live().filter(pk=lesson_id).only("path").first()


def course_of(lesson: LessonPage) -> CoursePage | None:
    """The lesson's course with its visibility fields, and `restricted` set."""
    restrictions = PageViewRestriction.objects.filter(
        page__path=Left(OuterRef("path"), Length("page__path"))
    )
    return (
        CoursePage.objects.filter(path=lesson.path[: -lesson.steplen])
        .only(*_COURSE_FIELDS)
        .annotate(restricted=Exists(restrictions))
        .first()
    )
