"""Courses with a SCORM lesson, built from the real test packages, for unit and browser tests."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile

from courses.factories import course_with_lessons
from courses.models import ContentPackage, CoursePage, LessonPage
from courses.packages.intake import receive_package
from courses.packages.processing import process_package
from tests.courses.scorm_fixtures import build_scorm12_package, build_scorm2004_package


@dataclass
class ScormCourse:
    course: CoursePage
    lesson: LessonPage
    package: ContentPackage
    activity_key: str


def ready_package(data: bytes, *, filename: str) -> ContentPackage:
    """A package stored and processed in this process, whatever the test's transactions do."""
    package = receive_package(upload=ContentFile(data, name=filename), filename=filename)
    process_package(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == ContentPackage.Status.READY, package.error
    return package


def scorm_course(*, version: str, council, title: str = "Working safely online") -> ScormCourse:
    """A published course of one lesson whose only activity is a SCORM package.

    ``version`` "1.2" plays the two-SCO SCORM 1.2 package (mastery score 80); "2004" the
    one-SCO SCORM 2004 4th edition package (passing score 0.8).
    """
    if version == "1.2":
        package = ready_package(build_scorm12_package(), filename="shared-files.zip")
    else:
        package = ready_package(build_scorm2004_package(), filename="staying-safe.zip")
    course = course_with_lessons(
        title=title, owning_council=council, lessons=[[("scorm", {"package": package})]]
    )
    lesson = course.lessons()[0]
    ((activity_key, _block),) = lesson.activities()
    return ScormCourse(course=course, lesson=lesson, package=package, activity_key=activity_key)
