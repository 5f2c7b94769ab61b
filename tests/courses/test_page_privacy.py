"""Wagtail's page privacy on course and lesson pages, which read their restrictions in one
query when routing has loaded their ancestors: a restriction anywhere above a lesson
still applies to it, and an alias still takes its source page's restrictions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from courses.factories import course_index, course_with_lessons
from courses.models import CoursePage, LessonPage
from lms.records.models import LearningEvent


def _restrict(page, kind: str, *, group: Group | None = None) -> PageViewRestriction:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="open sesame"
    )
    if group is not None:
        restriction.groups.add(group)
    return restriction


@pytest.mark.parametrize("where", ["course", "catalogue", "home"])
def test_a_password_anywhere_above_a_lesson_is_asked_for(learner_client, course, where):
    lesson = course.lessons()[0]
    assert learner_client.get(lesson.url).status_code == 200
    restricted = {"course": course, "catalogue": course_index(), "home": Page.objects.get(depth=2)}
    restriction = _restrict(restricted[where], PageViewRestriction.PASSWORD)
    before = LearningEvent.objects.count()
    response = learner_client.get(lesson.url)
    assert response.status_code == 200
    assert b'name="password"' in response.content
    assert b"lms-outline" not in response.content
    # Turned away before the visit is recorded.
    assert LearningEvent.objects.count() == before
    session = learner_client.session
    session[restriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    assert b'name="password"' not in learner_client.get(lesson.url).content


def test_a_group_restriction_on_the_course_applies_to_its_lessons(learner_client, learner, course):
    lesson = course.lessons()[1]
    pilots = Group.objects.create(name="Pilot group")
    _restrict(course, PageViewRestriction.GROUPS, group=pilots)
    response = learner_client.get(lesson.url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    learner.groups.add(pilots)
    assert learner_client.get(lesson.url).status_code == 200


def test_a_restriction_on_another_course_does_not_apply(learner_client, council, course):
    other = course_with_lessons(owning_council=council, title="Safe passwords")
    _restrict(other, PageViewRestriction.PASSWORD)
    assert b'name="password"' not in learner_client.get(course.lessons()[0].url).content


def test_an_alias_of_a_lesson_takes_the_source_lessons_restrictions(council, course):
    source = course.lessons()[0]
    target = course_with_lessons(owning_council=council, title="Phishing refresher", lessons=[])
    alias = Page.objects.get(pk=source.pk).create_alias(parent=target, update_slug="from-source")
    alias = LessonPage.objects.get(pk=alias.pk)
    _restrict(source, PageViewRestriction.PASSWORD)
    # Routing leaves the chain of parents on the page: the alias is what sends it
    # Wagtail's way, to its source's restrictions.
    catalogue = course_index()
    catalogue._cached_parent_obj = Page.objects.get(depth=2)
    alias._cached_parent_obj = CoursePage.objects.get(pk=target.pk)
    alias._cached_parent_obj._cached_parent_obj = catalogue
    assert [r.page_id for r in alias.get_view_restrictions()] == [source.pk]


def test_restrictions_along_the_path_in_one_query(
    course, django_assert_num_queries, django_assert_max_num_queries
):
    lesson = LessonPage.objects.get(pk=course.lessons()[0].pk)
    home = Page.objects.get(depth=2)
    _restrict(home, PageViewRestriction.LOGIN)
    _restrict(course, PageViewRestriction.PASSWORD)
    catalogue = course_index()
    lesson._cached_parent_obj = course
    course._cached_parent_obj = catalogue
    catalogue._cached_parent_obj = home
    with django_assert_num_queries(1):
        found = {r.page_id for r in lesson.get_view_restrictions()}
    assert found == {home.pk, course.pk}
    # Without the parents routing leaves, Wagtail's own reading applies.
    alone = LessonPage.objects.get(pk=lesson.pk)
    with django_assert_max_num_queries(2):
        assert {r.page_id for r in alone.get_view_restrictions()} == found
