import pytest
from django.urls import reverse

from courses.factories import course_index, course_with_lessons, quiz_block, text_block
from lms.records import services as records
from lms.records.models import CourseCompletion, Enrolment, LessonProgress


@pytest.fixture
def course(council):
    return course_with_lessons(owning_council=council, title="Spotting phishing")


def test_catalogue_shows_own_sector_and_shared_courses_only(
    learner_client, council, other_council, course
):
    course_with_lessons(owning_council=other_council, title="Southby only")
    course_with_lessons(
        owning_council=other_council, title="Shared by Southby", shared_with_sector=True
    )
    course_with_lessons(owning_council=None, title="Sector library course")
    course_with_lessons(owning_council=council, title="Draft course", publish=False)
    page = learner_client.get(course_index().url)
    assert page.status_code == 200
    titles = {c.title for c in page.context["courses"]}
    assert titles == {"Spotting phishing", "Shared by Southby", "Sector library course"}


def test_catalogue_filters_and_search(learner_client, council, course):
    course_with_lessons(owning_council=council, title="Spreadsheets for finance")
    index = course_index()
    found = learner_client.get(index.url, {"q": "phishing"})
    assert [c.title for c in found.context["courses"]] == ["Spotting phishing"]
    bad = learner_client.get(index.url, {"level": "not-a-level"})
    assert bad.status_code == 200 and list(bad.context["courses"]) == []


def test_enrol_is_post_only_and_leads_to_the_first_lesson(learner_client, learner, course):
    url = reverse("course_enrol", args=[course.pk])
    assert learner_client.get(url).status_code == 405
    assert not Enrolment.objects.exists()
    response = learner_client.post(url)
    first = next(iter(course.lessons()))
    assert response.status_code == 302 and response.url == first.url
    assert Enrolment.objects.get().user == learner


def test_lesson_needs_an_enrolment_then_records_the_visit(learner_client, course):
    first = next(iter(course.lessons()))
    response = learner_client.get(first.url)
    assert response.status_code == 302 and response.url == course.url
    learner_client.post(reverse("course_enrol", args=[course.pk]))
    page = learner_client.get(first.url)
    assert page.status_code == 200
    assert LessonProgress.objects.get(lesson=first).status == "in_progress"
    assert b"Mark as complete" in page.content


def test_other_council_course_is_not_found_and_anonymous_must_sign_in(
    client_for, other_learner, course
):
    first = next(iter(course.lessons()))
    assert client_for(other_learner).get(course.url).status_code == 404
    assert client_for(other_learner).get(first.url).status_code == 404
    assert (
        client_for(other_learner).post(reverse("course_enrol", args=[course.pk])).status_code == 404
    )
    anonymous = client_for(None).get(course.url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url


def test_reading_lessons_complete_the_course_and_continue_resumes(learner_client, course):
    learner_client.post(reverse("course_enrol", args=[course.pk]))
    first, second = course.lessons()
    response = learner_client.post(reverse("lesson_complete", args=[first.pk]))
    assert response.url == second.url
    # Coming back to the course offers the lesson not yet done.
    assert learner_client.get(course.url).context["outline"].continue_lesson.pk == second.pk
    response = learner_client.post(reverse("lesson_complete", args=[second.pk]))
    assert response.url == course.url
    assert CourseCompletion.objects.count() == 1
    page = learner_client.get(course.url)
    assert b"Course complete" in page.content


def test_quiz_result_is_shown_once_after_redirect(learner_client, learner, council):
    course = course_with_lessons(owning_council=council, lessons=[[text_block(), quiz_block()]])
    lesson = next(iter(course.lessons()))
    [(key, _)] = lesson.activities()
    learner_client.post(reverse("course_enrol", args=[course.pk]))
    response = learner_client.post(reverse("lesson_quiz", args=[lesson.pk, key]), {"q0": "1"})
    assert response.status_code == 302 and response.url.endswith(f"#activity-{key}")
    page = learner_client.get(lesson.url)
    assert b"You passed" in page.content
    assert CourseCompletion.objects.filter(enrolment__user=learner).count() == 1


def test_a_forged_quiz_answer_is_an_error_not_a_score(learner_client, council):
    course = course_with_lessons(owning_council=council, lessons=[[quiz_block()]])
    lesson = next(iter(course.lessons()))
    [(key, _)] = lesson.activities()
    learner_client.post(reverse("course_enrol", args=[course.pk]))
    learner_client.post(reverse("lesson_quiz", args=[lesson.pk, key]), {"q0": "99", "score": "1"})
    page = learner_client.get(lesson.url)
    assert b"not one of the choices" in page.content
    assert not CourseCompletion.objects.exists()


def test_my_learning_groups_enrolments(learner_client, learner, council, course):
    assigned = course_with_lessons(owning_council=council, title="Data protection")
    records.enrol(user=learner, course=course)
    records.enrol(user=learner, course=assigned, source="assigned", due_on="2027-01-31")
    page = learner_client.get(reverse("my_learning"))
    learning = page.context["learning"]
    assert [e.course.title for e in learning.in_progress] == ["Spotting phishing"]
    assert [e.course.title for e in learning.assigned] == ["Data protection"]
    assert b"31 January 2027" in page.content


def test_dashboard_invites_to_the_catalogue_then_lists_learning(learner_client, learner, course):
    page = learner_client.get(reverse("dashboard"))
    assert b"You have not started a course yet" in page.content
    assert b"No courses yet" not in page.content
    records.enrol(user=learner, course=course)
    page = learner_client.get(reverse("dashboard"))
    assert b"Spotting phishing" in page.content


def test_seeded_demo_courses_are_complete_and_takeable(client_for, council, learner):
    from courses.demo import seed_demo_courses

    assert seed_demo_courses(council=council) == 3
    assert seed_demo_courses(council=council) == 0
    catalogue = client_for(learner).get(course_index().url)
    titles = {c.title for c in catalogue.context["courses"]}
    assert "Staying safe online at work" in titles
    assert "Handling personal data with care" in titles


@pytest.mark.parametrize("restriction", ["password", "groups"])
def test_a_private_course_cannot_be_entered_around_wagtails_privacy(
    learner_client, course, restriction
):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    rule = PageViewRestriction.objects.create(
        page=course, restriction_type=restriction, password="secret"
    )
    if restriction == "groups":
        rule.groups.add(Group.objects.create(name="Pilot group"))
    response = learner_client.post(reverse("course_enrol", args=[course.pk]))
    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def test_a_completed_course_can_be_taken_again_without_last_runs_quiz_result(
    learner_client, council
):
    course = course_with_lessons(owning_council=council, lessons=[[text_block(), quiz_block()]])
    lesson = next(iter(course.lessons()))
    [(key, _)] = lesson.activities()
    learner_client.post(reverse("course_enrol", args=[course.pk]))
    # Not completed yet: nothing to take again.
    response = learner_client.post(reverse("course_take_again", args=[course.pk]), follow=True)
    assert b"Only a course you have completed" in response.content
    learner_client.post(reverse("lesson_quiz", args=[lesson.pk, key]), {"q0": "1"})
    page = learner_client.get(course.url)
    assert b"Take this course again" in page.content

    response = learner_client.post(reverse("course_take_again", args=[course.pk]))

    assert response.url == lesson.url
    page = learner_client.get(lesson.url)
    assert b"You passed" not in page.content
    assert b"Submit answers" in page.content
    assert Enrolment.objects.get().status == Enrolment.Status.ACTIVE
    learner_client.post(reverse("lesson_quiz", args=[lesson.pk, key]), {"q0": "1"})
    assert list(CourseCompletion.objects.values_list("number", flat=True).order_by("number")) == [
        1,
        2,
    ]
