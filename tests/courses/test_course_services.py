import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from courses import services
from courses.factories import course_with_lessons, quiz_block, text_block
from lms.records import services as records
from lms.records.models import ActivityProgress, CourseCompletion, LearningEvent


def answers(value):
    data = QueryDict(mutable=True)
    data["q0"] = value
    return data


@pytest.fixture
def quiz_lesson_enrolment(learner, council):
    course = course_with_lessons(
        owning_council=council, lessons=[[text_block(), quiz_block(pass_mark=100, max_attempts=2)]]
    )
    lesson = next(iter(course.lessons()))
    [(key, _)] = lesson.activities()
    return records.enrol(user=learner, course=course), lesson, key


def test_quiz_is_scored_on_the_server_and_completes_the_course(quiz_lesson_enrolment):
    enrolment, lesson, key = quiz_lesson_enrolment
    result = services.submit_quiz(
        enrolment=enrolment, lesson=lesson, activity_key=key, data=answers("1")
    )
    assert result.passed
    assert CourseCompletion.objects.filter(enrolment=enrolment).count() == 1
    event = LearningEvent.objects.filter(verb="passed").get()
    assert event.result["correct"] == 1 and event.source == "quiz"


def test_attempt_limit_is_enforced(quiz_lesson_enrolment):
    enrolment, lesson, key = quiz_lesson_enrolment
    for _ in range(2):
        assert not services.submit_quiz(
            enrolment=enrolment, lesson=lesson, activity_key=key, data=answers("0")
        ).passed
    with pytest.raises(ValidationError, match="used all 2 attempts"):
        services.submit_quiz(
            enrolment=enrolment, lesson=lesson, activity_key=key, data=answers("1")
        )
    assert ActivityProgress.objects.get(activity_key=key).attempts == 2
    assert not CourseCompletion.objects.exists()


def test_a_quiz_key_from_another_lesson_or_type_is_refused(quiz_lesson_enrolment):
    enrolment, lesson, _ = quiz_lesson_enrolment
    with pytest.raises(ValidationError):
        services.submit_quiz(
            enrolment=enrolment, lesson=lesson, activity_key="made-up", data=answers("1")
        )
