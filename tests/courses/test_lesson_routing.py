"""A lesson URL is routed to its course and lesson in one query: it must find exactly the
page Wagtail's level-by-level routing would, and nothing else."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from courses.factories import course_with_lessons, text_block
from courses.models import LessonPage
from lms.records import services as records


def test_a_lesson_is_only_found_under_its_own_course(learner_client, learner, council, course):
    other = course_with_lessons(
        owning_council=council, title="Safe passwords", lessons=[[text_block()]] * 3
    )
    records.enrol(user=learner, course=other)
    only_in_other = other.lessons()[2]
    assert learner_client.get(only_in_other.url).status_code == 200
    assert learner_client.get(f"{course.url}{only_in_other.slug}/").status_code == 404
    response = learner_client.get(course.lessons()[1].url)
    assert response.status_code == 200 and response.context["page"].pk == course.lessons()[1].pk


@pytest.mark.parametrize(
    "suffix", ["no-such-lesson/", "lesson-1/extra/", "lesson-1/extra/more/"], ids=str
)
def test_unknown_paths_under_a_course_are_not_found(learner_client, course, suffix):
    assert learner_client.get(f"{course.url}{suffix}").status_code == 404


def test_an_unknown_course_is_not_found(learner_client, course):
    assert learner_client.get(course.url.replace(course.slug, "no-such-course")).status_code == 404
    lesson_url = course.lessons()[0].url
    assert learner_client.get(lesson_url.replace(course.slug, "no-such-course")).status_code == 404


def test_unpublished_lessons_and_courses_are_not_served(learner_client, course):
    first, second = course.lessons()
    second.unpublish()
    assert learner_client.get(second.url).status_code == 404
    assert learner_client.get(first.url).status_code == 200
    Page.objects.get(pk=course.pk).specific.unpublish()
    assert learner_client.get(first.url).status_code == 404


def test_a_lesson_whose_url_path_is_out_of_date_is_still_routed_by_slug(learner_client, course):
    lesson = course.lessons()[0]
    url = lesson.url
    LessonPage.objects.filter(pk=lesson.pk).update(url_path="/somewhere/else/")
    response = learner_client.get(url)
    assert response.status_code == 200 and response.context["page"].pk == lesson.pk
