"""Learner and manager badge pages, as the conftest personas see them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from badges.factories import (
    BadgeAlignmentFactory,
    BadgeAwardFactory,
    BadgeClassFactory,
    CriterionFactory,
    FrameworkFactory,
    RoleRequirementFactory,
    scale,
)
from badges.models import Criterion, EvidenceSubmission, SelfAssessment, ShareLink
from badges.portfolio import services
from courses.factories import course_with_lessons
from courses.models.pages import CourseCompetence
from lms.people.factories import StaffProfileFactory
from tests.badges.portfolio.files import PDF_BYTES, pdf, upload


def _text(response) -> str:
    return response.content.decode()


# --- wallet and badge pages -----------------------------------------------------------------------


def test_wallet_sorts_awards_into_current_expired_and_revoked(client_for, learner, other_learner):
    now = timezone.now()
    BadgeAwardFactory(recipient=learner, badge_class=BadgeClassFactory(name="Safe online"))
    BadgeAwardFactory(
        recipient=learner,
        badge_class=BadgeClassFactory(name="Old badge"),
        expires_at=now - datetime.timedelta(days=2),
    )
    BadgeAwardFactory(
        recipient=learner,
        badge_class=BadgeClassFactory(name="Taken back"),
        revoked_at=now,
        revocation_reason="Awarded in error",
    )
    BadgeAwardFactory(recipient=other_learner, badge_class=BadgeClassFactory(name="Not yours"))

    response = client_for(learner).get(reverse("portfolio:wallet"))

    page = _text(response)
    assert response.status_code == 200
    current, rest = page.split("Expired badges", 1)
    assert "Safe online" in current
    assert "Old badge" in rest.split("Revoked badges")[0]
    assert "Taken back" in rest.split("Revoked badges")[1]
    assert "Awarded in error" in page
    # Another person's award is not in the wallet (the badge is still there to earn).
    assert "Not yours" not in page.split("Badges you can work towards")[0]


def test_wallet_offers_badges_to_earn_from_the_sector_and_own_council_only(
    client_for, learner, council, other_council
):
    BadgeClassFactory(name="Sector badge")
    BadgeClassFactory(name="Northby badge", organisation=council)
    BadgeClassFactory(name="Southby badge", organisation=other_council)
    BadgeClassFactory(name="Retired badge", is_active=False)

    page = _text(client_for(learner).get(reverse("portfolio:wallet")))

    assert "Sector badge" in page and "Northby badge" in page
    assert "Southby badge" not in page and "Retired badge" not in page


def test_badge_page_shows_progress_per_rule(client_for, learner, manager, council):
    course = course_with_lessons(title="Safe at work", owning_council=council)
    badge = BadgeClassFactory(organisation=council, name="Safe worker")
    CriterionFactory(badge_class=badge, kind=Criterion.Kind.COURSE_COMPLETED, course=course)
    sign_off = CriterionFactory(badge_class=badge, kind=Criterion.Kind.SIGN_OFF)
    CriterionFactory(badge_class=badge, kind=Criterion.Kind.COURSE_COMPLETED, course=None)

    page = _text(client_for(learner).get(reverse("portfolio:badge", args=[badge.pk])))

    assert "Complete Safe at work" in page
    assert "Not completed yet" in page
    assert "Cannot be met" in page
    assert reverse("portfolio:submit_evidence", args=[badge.pk, sign_off.pk]) in page


def test_another_councils_badge_is_not_found(client_for, learner, other_council):
    badge = BadgeClassFactory(organisation=other_council)
    retired = BadgeClassFactory(is_active=False)
    client = client_for(learner)

    assert client.get(reverse("portfolio:badge", args=[badge.pk])).status_code == 404
    assert client.get(reverse("portfolio:badge", args=[retired.pk])).status_code == 404


# --- evidence -------------------------------------------------------------------------------------


def _evidence_url(badge, criterion=None):
    return reverse("portfolio:submit_evidence", args=[badge.pk, (criterion or badge.sign_off).pk])


def test_learner_sends_evidence_with_a_file(client_for, learner, manager, sign_off_badge):
    response = client_for(learner).post(
        _evidence_url(sign_off_badge),
        {"statement": "I redacted a file for a SAR.", "file": pdf()},
    )

    assert response.status_code == 302
    submission = EvidenceSubmission.objects.get()
    assert (submission.learner, submission.status) == (learner, "pending")
    assert submission.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"statement": ""}, "Enter what you did"),
        (
            {"statement": "Done.", "file": ("evil.pdf", b"<script>alert(1)</script>\xff\xfe")},
            "must be a PDF, PNG, JPEG, Word (.docx) or plain text",
        ),
        ({"statement": "Done.", "file": ("empty.txt", b"")}, "The submitted file is empty"),
    ],
)
def test_bad_evidence_gets_a_clear_error_and_saves_nothing(
    data, message, client_for, learner, manager, sign_off_badge
):
    if "file" in data:
        data = {**data, "file": upload(*data["file"])}

    response = client_for(learner).post(_evidence_url(sign_off_badge), data)

    assert response.status_code == 200
    assert message in _text(response)
    assert "There is a problem" in _text(response)
    assert not EvidenceSubmission.objects.exists()


def test_an_oversized_file_is_refused(client_for, learner, manager, sign_off_badge, monkeypatch):
    monkeypatch.setattr("badges.portfolio.files.MAX_EVIDENCE_BYTES", 100)

    response = client_for(learner).post(
        _evidence_url(sign_off_badge),
        {"statement": "Done.", "file": upload("big.pdf", PDF_BYTES + b"0" * 200)},
    )

    assert "must be smaller than" in _text(response)
    assert not EvidenceSubmission.objects.exists()


def test_evidence_only_for_sign_off_rules_of_visible_badges(
    client_for, learner, manager, sign_off_badge, other_council
):
    course_rule = CriterionFactory(badge_class=sign_off_badge, kind=Criterion.Kind.COURSE_COMPLETED)
    southby = BadgeClassFactory(organisation=other_council)
    southby_rule = CriterionFactory(badge_class=southby, kind=Criterion.Kind.SIGN_OFF)
    client = client_for(learner)
    data = {"statement": "Forged."}

    assert client.post(_evidence_url(sign_off_badge, course_rule), data).status_code == 404
    assert client.post(_evidence_url(southby, southby_rule), data).status_code == 404
    # A criterion id of one badge under another badge's id is not found either.
    assert client.post(_evidence_url(southby, sign_off_badge.sign_off), data).status_code == 404
    assert not EvidenceSubmission.objects.exists()


def test_a_refused_submission_is_shown_on_the_form(client_for, learner, sign_off_badge):
    response = client_for(learner).post(_evidence_url(sign_off_badge), {"statement": "Done."})

    assert response.status_code == 200
    assert "has no line manager" in _text(response)


def test_learner_withdraws_their_evidence(client_for, learner, manager, sign_off_badge):
    submission = services.submit_evidence(
        learner=learner, criterion=sign_off_badge.sign_off, statement="Done."
    )
    url = reverse("portfolio:withdraw_evidence", args=[submission.pk])

    assert client_for(manager).post(url).status_code == 404
    assert client_for(learner).post(url).status_code == 302
    assert EvidenceSubmission.objects.get().status == "withdrawn"


# --- competency profile and self-assessment -------------------------------------------------------


def test_profile_shows_targets_gaps_and_courses(client_for, learner, role, comp, level, council):
    RoleRequirementFactory(
        job_role=role, item=comp("4.2", "Protecting personal data"), target_level=level(4)
    )
    course = course_with_lessons(title="Personal data at work", owning_council=council)
    CourseCompetence.objects.create(
        course=course, framework="digcomp", competence_id="4.2", target_level=4
    )

    response = client_for(learner).get(reverse("portfolio:profile"))

    page = _text(response)
    assert response.status_code == 200
    assert "4.2 Protecting personal data" in page
    assert "Gap: 4 levels" in page
    assert "Personal data at work" in page
    assert reverse("portfolio:self_assess", args=[comp("4.2").pk]) in page


PROFILE_PAGE_MAX_QUERIES = 12


@pytest.mark.parametrize("size", [2, 12])
def test_profile_page_query_count(
    size, client_for, learner, role, comp, level, council, django_assert_max_num_queries
):
    from tests.badges.portfolio.test_selectors import _profile_world

    _profile_world(learner, role, comp, level, council, size)
    client = client_for(learner)
    client.get(reverse("portfolio:profile"))  # the site's settings rows are made on first use

    with django_assert_max_num_queries(PROFILE_PAGE_MAX_QUERIES):
        response = client.get(reverse("portfolio:profile"))

    assert response.status_code == 200
    assert "Course from 0" in _text(response)


def test_learner_rates_themselves(client_for, learner, manager, comp, level):
    url = reverse("portfolio:self_assess", args=[comp("4.2").pk])
    client = client_for(learner)

    page = _text(client.get(url))
    response = client.post(url, {"level": level(4).pk, "note": "I run the SAR log."})

    assert "Level 4" in page and "How well can you do this?" in page
    assert response.status_code == 302
    assessment = SelfAssessment.objects.get()
    assert (assessment.level, assessment.status) == (level(4), "declared")


def test_a_forged_level_from_another_scale_is_refused(client_for, learner, comp):
    other_level = scale(FrameworkFactory(code="eds"), 3)[2]

    response = client_for(learner).post(
        reverse("portfolio:self_assess", args=[comp("4.2").pk]), {"level": other_level.pk}
    )

    assert response.status_code == 200
    assert "Select one of the levels shown" in _text(response)
    assert 'href="#id_level_0"' in _text(response)  # the error summary reaches the radios
    assert not SelfAssessment.objects.exists()


def test_another_councils_framework_is_not_found(client_for, learner, other_council):
    from badges.factories import FrameworkItemFactory

    local = FrameworkFactory(code="southby-ict", organisation=other_council)
    item = FrameworkItemFactory(framework=local)

    response = client_for(learner).get(reverse("portfolio:self_assess", args=[item.pk]))

    assert response.status_code == 404


# --- share links ----------------------------------------------------------------------------------


def test_share_link_shows_name_and_current_badges_only(client_for, learner):
    BadgeAwardFactory(recipient=learner, badge_class=BadgeClassFactory(name="Safe online"))
    BadgeAwardFactory(
        recipient=learner,
        badge_class=BadgeClassFactory(name="Long gone"),
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    client = client_for(learner)

    client.post(reverse("portfolio:share_create"))
    link = ShareLink.objects.get()
    wallet = _text(client.get(reverse("portfolio:wallet")))
    shared = client_for(None).get(reverse("portfolio:shared", args=[link.token]))

    assert link.token in wallet
    page = _text(shared)
    assert shared.status_code == 200
    assert "Lena Learner" in page and "Safe online" in page
    assert "Long gone" not in page
    assert learner.email not in page
    assert shared["X-Robots-Tag"].startswith("noindex")


def test_a_revoked_or_unknown_share_link_is_not_found(client_for, learner):
    client = client_for(learner)
    client.post(reverse("portfolio:share_create"))
    token = ShareLink.objects.get().token

    client.post(reverse("portfolio:share_revoke"))

    anonymous = client_for(None)
    assert anonymous.get(reverse("portfolio:shared", args=[token])).status_code == 404
    assert anonymous.get(reverse("portfolio:shared", args=[token[:-1] + "x"])).status_code == 404


# --- manager: sign-off queue and decisions --------------------------------------------------------


@pytest.fixture
def pending(learner, manager, sign_off_badge):
    return services.submit_evidence(
        learner=learner,
        criterion=sign_off_badge.sign_off,
        statement="Handled a SAR.",
        file=pdf(),
    )


def test_queue_shows_the_teams_evidence_and_self_assessments(
    client_for, manager, learner, pending, comp, level, council
):
    stranger = StaffProfileFactory(organisation=council)
    services.declare_self_assessment(learner=learner, item=comp("4.2"), level=level(4))
    services.declare_self_assessment(learner=stranger.user, item=comp("4.2"), level=level(5))

    page = _text(client_for(manager).get(reverse("portfolio:sign_off_queue")))

    assert reverse("portfolio:decide_evidence", args=[pending.pk]) in page
    assert "Lena Learner: 4.2" in page
    assert stranger.user.get_full_name() not in page


def test_hr_admin_does_not_see_manager_only_sign_offs(client_for, hr_admin, pending):
    page = _text(client_for(hr_admin).get(reverse("portfolio:sign_off_queue")))

    assert reverse("portfolio:decide_evidence", args=[pending.pk]) not in page
    assert "No evidence is waiting for you" in page


def test_manager_approves_evidence(client_for, manager, pending, evaluations):
    response = client_for(manager).post(
        reverse("portfolio:decide_evidence", args=[pending.pk]),
        {"decision": "approve", "observation": "Watched it done.", "file": pdf()},
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "approved" and pending.observation_file
    assert evaluations == [pending.learner_id]


def test_a_decision_without_an_observation_is_refused(client_for, manager, pending):
    response = client_for(manager).post(
        reverse("portfolio:decide_evidence", args=[pending.pk]), {"decision": "approve"}
    )

    assert "Enter your observation" in _text(response)
    assert EvidenceSubmission.objects.get().status == "pending"


@pytest.mark.parametrize("persona", ["hr_admin", "other_hr_admin", "learner"])
def test_people_outside_the_line_cannot_open_or_decide(persona, request, client_for, pending):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("portfolio:decide_evidence", args=[pending.pk])

    get = client.get(url)
    post = client.post(url, {"decision": "approve", "observation": "Forged."})

    assert (get.status_code, post.status_code) in ((404, 404), (403, 403))
    assert EvidenceSubmission.objects.get().status == "pending"


def test_another_manager_in_the_council_gets_not_found(client_for, council, pending):
    other_manager = StaffProfileFactory(organisation=council)
    StaffProfileFactory(organisation=council, manager=other_manager)

    response = client_for(other_manager.user).get(
        reverse("portfolio:decide_evidence", args=[pending.pk])
    )

    assert response.status_code == 404


def test_manager_confirms_a_self_assessment(client_for, manager, learner, comp, level, evaluations):
    declared = services.declare_self_assessment(learner=learner, item=comp("4.2"), level=level(4))

    response = client_for(manager).post(
        reverse("portfolio:decide_self_assessment", args=[declared.pk]), {"decision": "confirm"}
    )

    assert response.status_code == 302
    assert SelfAssessment.objects.get().status == "confirmed"
    assert evaluations == [learner.pk]


def test_a_forged_self_assessment_decision_changes_nothing(
    client_for, manager, learner, other_learner, comp, level
):
    declared = services.declare_self_assessment(learner=learner, item=comp("4.2"), level=level(4))
    url = reverse("portfolio:decide_self_assessment", args=[declared.pk])

    client_for(manager).post(url, {"decision": "approve-everything"})

    assert SelfAssessment.objects.get().status == "declared"


# --- evidence files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("learner", 200),
        ("manager", 200),
        ("hr_admin", 200),
        ("other_learner", 404),
        ("other_hr_admin", 404),
        ("editor", 404),
        ("graduate", 404),
        ("platform_admin", 404),
    ],
)
def test_evidence_files_are_served_only_to_the_learner_their_line_and_hr(
    persona, status, request, client_for, pending
):
    client = client_for(request.getfixturevalue(persona))

    response = client.get(reverse("portfolio:evidence_file", args=[pending.pk, "evidence"]))

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_missing_observation_file_is_not_found(client_for, learner, pending):
    response = client_for(learner).get(
        reverse("portfolio:evidence_file", args=[pending.pk, "observation"])
    )

    assert response.status_code == 404


# --- team matrix ----------------------------------------------------------------------------------


def test_matrix_shows_the_team_in_words_and_downloads_as_csv(
    client_for, manager, learner, role, comp, level, council
):
    RoleRequirementFactory(job_role=role, item=comp("4.2"), target_level=level(4))
    sneaky = StaffProfileFactory(
        organisation=council,
        manager=manager.staff_profile,
        job_role=role,
        user__first_name="=HYPERLINK(1)",
        user__last_name="Smith",
    )
    badge = BadgeClassFactory()
    BadgeAlignmentFactory(badge_class=badge, item=comp("4.2"), level=level(5))
    BadgeAwardFactory(badge_class=badge, recipient=sneaky.user)
    client = client_for(manager)

    page = _text(client.get(reverse("portfolio:team_matrix")))
    csv = client.get(reverse("portfolio:team_matrix_csv"))

    assert "Lena Learner" in page
    assert "Gap" in page and "Met" in page
    body = csv.content.decode()
    assert csv["Content-Type"].startswith("text/csv")
    assert "Lena Learner" in body and "gap: none, target 4" in body
    assert "'=HYPERLINK(1) Smith" in body and "met: level 5, target 4" in body


# --- navigation -----------------------------------------------------------------------------------


def test_navigation_links_for_learners_and_managers(client_for, learner, manager):
    learner_page = _text(client_for(learner).get(reverse("portfolio:wallet")))
    manager_page = _text(client_for(manager).get(reverse("portfolio:wallet")))

    assert 'aria-current="page">' in learner_page.split('href="/badges/"', 1)[1][:40]
    assert f'href="{reverse("portfolio:profile")}"' in learner_page
    assert reverse("portfolio:sign_off_queue") not in learner_page
    assert reverse("portfolio:sign_off_queue") in manager_page


def test_assessor_evidence_reaches_the_whole_line_and_hr_but_not_others(
    client_for, learner, manager, hr_admin, other_hr_admin, council
):
    senior = StaffProfileFactory(organisation=council)
    profile = manager.staff_profile
    profile.manager = senior
    profile.save(update_fields=["manager"])
    side_manager = StaffProfileFactory(organisation=council)
    StaffProfileFactory(organisation=council, manager=side_manager)
    badge = BadgeClassFactory(organisation=council)
    rule = CriterionFactory(
        badge_class=badge, kind=Criterion.Kind.SIGN_OFF, signer=Criterion.Signer.ASSESSOR
    )
    submission = services.submit_evidence(learner=learner, criterion=rule, statement="Done.")
    review = reverse("portfolio:decide_evidence", args=[submission.pk])
    queue = reverse("portfolio:sign_off_queue")

    for user in (manager, senior.user, hr_admin):
        client = client_for(user)
        assert review in _text(client.get(queue))
        assert client.get(review).status_code == 200
    for user in (side_manager.user, other_hr_admin):
        client = client_for(user)
        assert review not in _text(client.get(queue))
        assert client.get(review).status_code == 404


def test_unanswered_questions_say_select(client_for, manager, learner, pending, comp):
    decision = client_for(manager).post(
        reverse("portfolio:decide_evidence", args=[pending.pk]), {"observation": "Seen."}
    )
    rating = client_for(learner).post(reverse("portfolio:self_assess", args=[comp("4.2").pk]), {})

    assert 'href="#id_decision_0">Select whether you sign this off' in _text(decision)
    assert 'href="#id_level_0">Select how well you can do this' in _text(rating)
    assert EvidenceSubmission.objects.get().status == "pending"
    assert not SelfAssessment.objects.exists()
