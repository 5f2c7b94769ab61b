"""Builders for course content in tests and benchmarks.

Pages are created through the tree API and published through revisions, as an
editor's would be, so lessons get real StreamField block ids.
"""

from __future__ import annotations

import uuid

from wagtail.models import Page

from courses.models import CourseIndexPage, CoursePage, LessonPage


def course_index(*, title: str = "Courses") -> CourseIndexPage:
    existing = CourseIndexPage.objects.first()
    if existing is not None:
        return existing
    home = Page.objects.get(depth=2)
    index = CourseIndexPage(title=title, slug="courses", introduction="Our courses.")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def quiz_block(*, pass_mark: int = 80, max_attempts: int = 3) -> tuple[str, dict]:
    return (
        "quiz",
        {
            "title": "Check what you know",
            "pass_mark": pass_mark,
            "max_attempts": max_attempts,
            "shuffle": False,
            "questions": [
                {
                    "text": "Which password is strongest?",
                    "kind": "single",
                    "answers": [
                        {"text": "Password1", "is_correct": False, "feedback": "Too common."},
                        {"text": "three random words", "is_correct": True, "feedback": "Yes."},
                    ],
                }
            ],
        },
    )


def text_block(text: str = "Read this carefully.") -> tuple[str, str]:
    from wagtail.rich_text import RichText

    return ("text", RichText(f"<p>{text}</p>"))


def course_with_lessons(
    *,
    title: str = "Staying safe online",
    lessons: list[list[tuple]] | None = None,
    owning_council=None,
    shared_with_sector: bool = False,
    audience: str = "staff",
    publish: bool = True,
) -> CoursePage:
    """A published course whose lessons have the given StreamField bodies.

    `lessons` defaults to two reading lessons; pass e.g. [[text_block()], [quiz_block()]].
    """
    index = course_index()
    course = CoursePage(
        title=title,
        slug=f"course-{uuid.uuid4().hex[:8]}",
        summary=f"About {title}.",
        owning_council=owning_council,
        shared_with_sector=shared_with_sector,
        audience=audience,
        live=publish,
    )
    index.add_child(instance=course)
    for number, body in enumerate(lessons or [[text_block()], [text_block("And this.")]], 1):
        lesson = LessonPage(
            title=f"Lesson {number}", slug=f"lesson-{number}", body=body, live=publish
        )
        course.add_child(instance=lesson)
        if publish:
            lesson.save_revision().publish()
    if publish:
        course.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)
