from __future__ import annotations

import pytest

from courses.factories import course_with_lessons
from lms.records import services as records
from tests.courses.h5p_player.builders import H5PLesson, ready_package


@pytest.fixture
def h5p_lesson(council) -> H5PLesson:
    """A council course (not shared) whose one lesson holds an H5P block, pass mark 80%."""
    package = ready_package()
    course = course_with_lessons(
        owning_council=council,
        title="Spotting scams",
        lessons=[[("h5p", {"package": package, "pass_mark": 80})]],
    )
    lesson = course.lessons()[0]
    key = lesson.activities()[0][0]
    return H5PLesson(course=course, lesson=lesson, key=key, package=package)


@pytest.fixture
def enrolled(learner, h5p_lesson):
    return records.enrol(user=learner, course=h5p_lesson.course)


@pytest.fixture
def learner_client(client_for, learner, enrolled):
    return client_for(learner)
