"""Publishing a course through the real page editor: refused until a lesson is live."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from courses.factories import course_with_lessons, text_block
from courses.models import CoursePage, LessonPage

pytestmark = pytest.mark.django_db


def publish_form(course: CoursePage) -> dict:
    """What the course editor posts when someone presses Publish, fields unchanged."""
    return nested_form_data(
        {
            "title": course.title,
            "slug": course.slug,
            "summary": course.summary,
            "outcomes": streamfield([]),
            "duration_minutes": course.duration_minutes,
            "level": course.level,
            "format": course.format,
            "audience": course.audience,
            "competences": inline_formset([]),
            "owning_council": course.owning_council_id or "",
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )


@pytest.fixture
def draft_course(council):
    course = course_with_lessons(title="Data basics", owning_council=council, publish=False)
    # The factory's lessons are drafts; start from a course with none at all.
    for lesson in LessonPage.objects.child_of(course):
        lesson.delete()
    return CoursePage.objects.get(pk=course.pk)


def test_a_course_without_live_lessons_is_not_published(client_for, platform_admin, draft_course):
    client = client_for(platform_admin)
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft_course.pk])
    response = client.post(edit_url, publish_form(draft_course))
    assert response.status_code == 302 and response["Location"] == edit_url
    draft_course.refresh_from_db()
    assert not draft_course.live
    page = client.get(edit_url).content.decode()
    assert "A course needs at least one published lesson" in page


def test_a_draft_lesson_is_not_enough(client_for, platform_admin, draft_course):
    draft_course.add_child(instance=LessonPage(title="Draft", slug="draft", live=False))
    client = client_for(platform_admin)
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft_course.pk])
    client.post(edit_url, publish_form(draft_course))
    draft_course.refresh_from_db()
    assert not draft_course.live


def test_the_course_publishes_once_a_lesson_is_live(client_for, platform_admin, draft_course):
    lesson = LessonPage(title="First", slug="first", body=[text_block()], live=False)
    draft_course.add_child(instance=lesson)
    lesson.save_revision().publish()
    client = client_for(platform_admin)
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft_course.pk])
    response = client.post(edit_url, publish_form(draft_course))
    assert response.status_code == 302 and response["Location"] != edit_url, response
    draft_course.refresh_from_db()
    assert draft_course.live
