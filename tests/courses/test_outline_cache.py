"""The course outline's lesson list is cached per course: every way an editor changes the
lessons must show on the next page view, on the course page and on its lesson pages."""

from __future__ import annotations

from django.core.cache import cache
from wagtail.models import Page

from courses import outline_cache
from courses.factories import course_with_lessons, text_block
from courses.models import LessonPage
from lms.records import services as records


def _outline(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [entry.lesson.title for entry in response.context["outline"].entries]


def _first_lesson(course) -> LessonPage:
    return course.lessons()[0]


def _add_lesson(course, title: str, *, publish: bool = True) -> LessonPage:
    lesson = LessonPage(title=title, slug=title.lower().replace(" ", "-"), body=[text_block()])
    lesson.live = False
    course.add_child(instance=lesson)
    if publish:
        lesson.save_revision().publish()
    return lesson


def test_the_list_is_served_from_the_cache_once_read(learner_client, course):
    assert _outline(learner_client, course.url) == ["Lesson 1", "Lesson 2"]
    assert cache.get(outline_cache.KEY.format(path=course.path)) is not None
    # Written behind the cache's back, so only a cached list would still say Lesson 1.
    LessonPage.objects.filter(pk=_first_lesson(course).pk).update(title="Changed quietly")
    assert _outline(learner_client, course.url) == ["Lesson 1", "Lesson 2"]


def test_publishing_a_new_lesson_adds_it_to_the_outline(learner_client, course):
    first_url = _first_lesson(course).url
    assert _outline(learner_client, first_url) == ["Lesson 1", "Lesson 2"]
    draft = _add_lesson(course, "Lesson 3", publish=False)
    assert _outline(learner_client, first_url) == ["Lesson 1", "Lesson 2"]
    draft.save_revision().publish()
    assert _outline(learner_client, first_url) == ["Lesson 1", "Lesson 2", "Lesson 3"]
    assert _outline(learner_client, course.url) == ["Lesson 1", "Lesson 2", "Lesson 3"]


def test_unpublishing_renaming_and_deleting_lessons_show_at_once(learner_client, course):
    first, second = course.lessons()
    assert _outline(learner_client, course.url) == ["Lesson 1", "Lesson 2"]
    second.unpublish()
    assert _outline(learner_client, course.url) == ["Lesson 1"]
    first.title = "Reading a sender's address"
    first.save_revision().publish()
    assert _outline(learner_client, course.url) == ["Reading a sender's address"]
    third = _add_lesson(course, "Lesson 3")
    assert _outline(learner_client, course.url) == ["Reading a sender's address", "Lesson 3"]
    Page.objects.get(pk=third.pk).delete()
    assert _outline(learner_client, course.url) == ["Reading a sender's address"]


def test_moving_a_lesson_updates_both_courses(learner_client, learner, council, course):
    other = course_with_lessons(owning_council=council, title="Safe passwords")
    records.enrol(user=learner, course=other)
    assert _outline(learner_client, course.url) == ["Lesson 1", "Lesson 2"]
    assert _outline(learner_client, other.url) == ["Lesson 1", "Lesson 2"]
    moving = course.lessons()[1]
    moving.slug = "moved-lesson"
    moving.save_revision().publish()
    Page.objects.get(pk=moving.pk).move(other, pos="last-child")
    assert _outline(learner_client, course.url) == ["Lesson 1"]
    assert _outline(learner_client, other.url) == ["Lesson 1", "Lesson 2", "Lesson 2"]
    # Reordering within a course is a move too.
    Page.objects.get(pk=moving.pk).move(other, pos="first-child")
    assert _outline(learner_client, other.url) == ["Lesson 2", "Lesson 1", "Lesson 2"]


def test_lesson_links_follow_the_course_url(learner_client, course):
    response = learner_client.get(course.url)
    urls = [entry.lesson.url for entry in response.context["outline"].entries]
    assert urls == [lesson.url for lesson in course.lessons()]
    course.slug = "spotting-phishing-emails"
    course.save_revision().publish()
    course.refresh_from_db()
    response = learner_client.get(course.url)
    urls = [entry.lesson.url for entry in response.context["outline"].entries]
    assert urls == [f"{course.url}lesson-1/", f"{course.url}lesson-2/"]
    assert learner_client.get(urls[1]).status_code == 200


def test_a_new_course_on_a_reused_path_starts_with_its_own_lessons(client_for, other_learner):
    # Sector courses nobody has enrolled on, so the first can be deleted outright.
    first = course_with_lessons(title="First")
    client = client_for(other_learner)
    assert _outline(client, first.url) == ["Lesson 1", "Lesson 2"]
    path = first.path
    Page.objects.get(pk=first.pk).delete()
    replacement = course_with_lessons(title="Replacement", lessons=[[text_block()]])
    assert replacement.path == path
    assert _outline(client, replacement.url) == ["Lesson 1"]
