"""Graduate accounts: tasters earn pre-application badges, the self-check, saved roles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from badges.models import BadgeAward
from cms.careers import factories as f
from cms.careers.models import SavedRole
from courses.factories import course_with_lessons
from courses.models import CourseCompetence, LessonPage
from lms.records.services import complete_reading_lesson, enrol


@pytest.fixture
def index(db):
    return f.careers_index()


@pytest.fixture
def finish(django_capture_on_commit_callbacks):
    """`finish(user, course)`: enrol and read every lesson; the badge engine runs on commit."""

    def run(user, course):
        with django_capture_on_commit_callbacks(execute=True):
            enrolment = enrol(user=user, course=course)
            for lesson in LessonPage.objects.child_of(course).live():
                complete_reading_lesson(enrolment=enrolment, lesson=lesson)

    return run


@pytest.fixture
def taster(index):
    return f.public_taster(title="Working with data", competences=(("1.3", 3),))


@pytest.fixture
def role(index, taster):
    _, badge = taster
    return f.role_page(
        index=index, title="Data analyst", skills=(("1.3", 3), ("4.2", 5)), badges=[badge]
    )


def self_check_url(role_id) -> str:
    return f"{reverse('careers:self_check')}?role={role_id}"


# --- pre-application badges -------------------------------------------------------------------


def test_a_graduate_finishing_a_public_taster_earns_its_sector_badge(graduate, taster, finish):
    course, badge = taster

    finish(graduate, course)

    award = BadgeAward.objects.get(recipient=graduate)
    assert award.badge_class == badge
    assert award.organisation is None


def test_my_careers_shows_badges_earned_and_still_to_earn(
    graduate, client_for, taster, index, finish
):
    course, badge = taster
    other_course, other_badge = f.public_taster(title="Design taster", badge_slug="designer")
    finish(graduate, course)

    html = client_for(graduate).get(reverse("careers:my_careers")).content.decode()

    earned, _, to_earn = html.partition("Badges you can earn now")
    assert badge.name in earned
    assert other_badge.name in to_earn and other_course.url in to_earn


def test_a_staff_courses_badge_is_not_offered_before_applying(index, council):
    from cms.careers.selectors import pre_application_badges

    f.public_taster(title="Staff only", badge_slug="staff-badge", audience="staff")
    _, badge = f.public_taster(title="Open to all", badge_slug="open-badge")

    assert [offer.badge for offer in pre_application_badges()] == [badge]


# --- the self-check ---------------------------------------------------------------------------


def test_self_check_shows_each_gap_and_the_taster_and_badge_that_close_it(
    graduate, client_for, role, taster
):
    course, badge = taster

    response = client_for(graduate).get(self_check_url(role.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Your badges show 0 of the 2 skills" in html
    assert course.title in html and "closes the gap" in html and badge.name in html
    # Nothing public develops 4.2 yet: said plainly, not left blank.
    assert "learned on the job" in html


def test_a_badge_earned_from_a_taster_meets_the_skill_it_is_aligned_to(
    graduate, client_for, role, taster, finish
):
    course, _ = taster
    finish(graduate, course)

    check = client_for(graduate).get(self_check_url(role.pk)).context["check"]

    rows = {row.skill.item.code: row for row in check.rows}
    assert rows["1.3"].is_met and rows["1.3"].held_rank == 3
    assert not rows["4.2"].is_met
    assert check.met_count == 1


def test_the_self_check_offers_a_graduate_no_staff_course(graduate, client_for, role, council):
    staff_course = course_with_lessons(title="Council data deep dive", owning_council=council)
    CourseCompetence.objects.create(
        course=staff_course, framework="digcomp", competence_id="4.2", target_level=6
    )

    html = client_for(graduate).get(self_check_url(role.pk)).content.decode()

    assert "Council data deep dive" not in html


@pytest.mark.parametrize("bad", ["not-a-number", "987654", "draft", "pathway", ""])
def test_the_self_check_refuses_anything_but_a_live_role(bad, graduate, client_for, index):
    draft = f.role_page(index=index, publish=False)
    pathway = f.pathway_page(index=index)
    role_id = {"draft": draft.pk, "pathway": pathway.pk}.get(bad, bad)

    response = client_for(graduate).get(self_check_url(role_id))

    assert response.status_code == 400
    assert response.context["check"] is None
    assert "Choose" in response.content.decode()


def test_the_self_check_without_a_choice_just_asks(graduate, client_for, role):
    response = client_for(graduate).get(reverse("careers:self_check"))

    assert response.status_code == 200
    assert response.context["check"] is None
    assert role.title in response.content.decode()


# --- saved roles ------------------------------------------------------------------------------


def test_saving_a_role_twice_keeps_one(graduate, client_for, role):
    client = client_for(graduate)
    url = reverse("careers:save_role", args=[role.pk])

    first = client.post(url)
    second = client.post(url)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == role.url
    assert SavedRole.objects.filter(user=graduate, role=role).count() == 1
    html = client.get(reverse("careers:my_careers")).content.decode()
    assert role.title in html


def test_saving_goes_back_to_the_page_asked_for_but_never_off_site(graduate, client_for, role):
    client = client_for(graduate)
    url = reverse("careers:save_role", args=[role.pk])

    assert client.post(url, {"next": self_check_url(role.pk)})["Location"] == self_check_url(
        role.pk
    )
    assert client.post(url, {"next": "https://evil.example/"})["Location"] == role.url


@pytest.mark.parametrize("bad", ["draft", "pathway", "missing"])
def test_only_live_roles_can_be_saved(bad, graduate, client_for, index):
    target = {
        "draft": lambda: f.role_page(index=index, publish=False).pk,
        "pathway": lambda: f.pathway_page(index=index).pk,
        "missing": lambda: 987654,
    }[bad]()

    response = client_for(graduate).post(reverse("careers:save_role", args=[target]))

    assert response.status_code == 404
    assert not SavedRole.objects.exists()


def test_removing_takes_away_only_your_own_saved_role(graduate, learner, client_for, role):
    theirs = SavedRole.objects.create(user=learner, role=role)

    refused = client_for(graduate).post(reverse("careers:remove_role", args=[role.pk]))
    SavedRole.objects.create(user=graduate, role=role)
    removed = client_for(graduate).post(reverse("careers:remove_role", args=[role.pk]))

    assert refused.status_code == 404
    assert removed.status_code == 302
    assert list(SavedRole.objects.all()) == [theirs]


def test_a_role_taken_down_drops_out_of_saved_roles(graduate, client_for, role):
    SavedRole.objects.create(user=graduate, role=role)
    role.unpublish()

    html = client_for(graduate).get(reverse("careers:my_careers")).content.decode()

    assert role.title not in html
    assert "You have not saved any roles yet" in html


def test_the_role_page_offers_saving_to_people_signed_in_only(graduate, client_for, role):
    anonymous = client_for(None).get(role.url).content.decode()
    signed_in = client_for(graduate).get(role.url).content.decode()

    assert "Create a free account to save this role" in anonymous
    assert "csrfmiddlewaretoken" not in anonymous
    assert "Save this role" in signed_in
    SavedRole.objects.create(user=graduate, role=role)
    assert "Remove from saved roles" in client_for(graduate).get(role.url).content.decode()
