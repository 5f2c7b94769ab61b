"""The badge form in the Wagtail admin: council scoping, per-kind checks, loops, audit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from badges.admin import activities
from badges.factories import BadgeClassFactory, CriterionFactory
from badges.models import AuditEntry, BadgeClass, Criterion
from courses.factories import course_with_lessons
from tests.badges.admin.form_data import alignment, badge_post, criterion

ADD = "wagtailsnippets_badges_badgeclass:add"
EDIT = "wagtailsnippets_badges_badgeclass:edit"
LIST = "wagtailsnippets_badges_badgeclass:list"
INSPECT = "wagtailsnippets_badges_badgeclass:inspect"

pytestmark = pytest.mark.django_db


def errors_of(response) -> str:
    """Every error message on the page's form and its inline forms, as one string."""
    form = response.context["form"]
    parts = [str(form.errors)]
    for formset in form.formsets.values():
        parts += [str(child.errors) for child in formset.forms]
        parts.append(str(formset.non_form_errors()))
    return " ".join(parts)


@pytest.fixture
def editor_client(client_for, badge_editor):
    return client_for(badge_editor)


# --- who sees and changes what ------------------------------------------------------------------


def test_editor_lists_own_council_and_sector_badges_only(editor_client, council, other_council):
    BadgeClassFactory(name="Northby badge", organisation=council)
    BadgeClassFactory(name="Sector badge", organisation=None)
    BadgeClassFactory(name="Southby badge", organisation=other_council)

    page = editor_client.get(reverse(LIST)).content.decode()

    assert "Northby badge" in page
    assert "Sector badge" in page
    assert "Southby badge" not in page


def test_editor_cannot_open_another_councils_badge_or_edit_a_sector_badge(
    editor_client, other_council
):
    theirs = BadgeClassFactory(organisation=other_council)
    sector = BadgeClassFactory(organisation=None)

    assert editor_client.get(reverse(EDIT, args=[theirs.pk])).status_code == 404
    assert editor_client.get(reverse(INSPECT, args=[theirs.pk])).status_code == 404
    assert editor_client.get(reverse(EDIT, args=[sector.pk])).status_code == 404
    assert editor_client.get(reverse(INSPECT, args=[sector.pk])).status_code == 200
    post = badge_post(name="Hijacked", slug=sector.slug)
    assert editor_client.post(reverse(EDIT, args=[sector.pk]), post).status_code == 404
    sector.refresh_from_db()
    assert sector.name != "Hijacked"


def test_editor_without_badge_permissions_is_refused(client_for, editor):
    assert client_for(editor).get(reverse(ADD)).status_code in (302, 403)


def test_editor_creates_a_council_badge_with_criteria_and_an_audit_entry(
    editor_client, badge_editor, council, quiz_course, quiz_key, sector_scale
):
    lesson, key = quiz_key
    post = badge_post(
        criteria=[
            criterion("course_completed", course=quiz_course),
            criterion(
                "activity_score",
                activity=activities.encode(lesson.pk, key),
                min_score_percent="80",
            ),
        ],
        alignments=[alignment(sector_scale.item, sector_scale.levels[2])],
        # A forged owner is ignored: only platform admins choose one.
        organisation="",
    )

    response = editor_client.post(reverse(ADD), post)

    assert response.status_code == 302, errors_of(response)
    badge = BadgeClass.objects.get(slug="cyber-aware")
    assert badge.organisation == council
    score = badge.criteria.get(kind="activity_score")
    assert (score.lesson_id, score.activity_key) == (lesson.pk, key)
    assert str(score.min_score) == "0.8000"
    assert score.course_id == quiz_course.pk
    entry = AuditEntry.objects.get(action=AuditEntry.Action.BADGE_CREATED)
    assert entry.actor == badge_editor
    assert entry.organisation == council
    assert entry.detail["criteria"] == [
        "group 1: complete “Passwords”",
        f"group 1: score 80% or more in activity {key[:8]} of “Lesson 2”",
    ]
    assert entry.detail["alignments"] == ["digi 4.2 at level 3"]


def test_platform_admin_edits_a_sector_badge(client_for, platform_admin):
    sector = BadgeClassFactory(organisation=None, slug="sector-one")

    response = client_for(platform_admin).post(
        reverse(EDIT, args=[sector.pk]), badge_post(name="Renamed", slug="sector-one")
    )

    assert response.status_code == 302, errors_of(response)
    sector.refresh_from_db()
    assert sector.name == "Renamed"
    assert sector.organisation_id is None
    entry = AuditEntry.objects.get(action=AuditEntry.Action.BADGE_CHANGED)
    assert "name" in entry.detail["fields"]
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.CRITERIA_CHANGED).exists()


def test_slugs_are_unique_per_owner(editor_client, council, other_council):
    BadgeClassFactory(organisation=council, slug="taken")
    BadgeClassFactory(organisation=other_council, slug="free-here")

    clash = editor_client.post(reverse(ADD), badge_post(slug="taken"))
    fine = editor_client.post(reverse(ADD), badge_post(slug="free-here"))

    assert clash.status_code == 200
    assert "already exists" in errors_of(clash)
    assert fine.status_code == 302


# --- per-kind checks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (criterion("course_completed"), "Choose the course to complete."),
        (criterion("activity_score"), "Choose the quiz, H5P or SCORM activity."),
        (criterion("badge_held"), "Choose the badge the learner must hold."),
        (criterion("sign_off"), "Say what the learner should show"),
        (criterion("self_assessment"), "Choose the competence the learner assesses."),
        (criterion("course_completed", course=""), "Choose the course to complete."),
    ],
)
def test_each_kind_requires_its_fields(editor_client, row, message):
    response = editor_client.post(reverse(ADD), badge_post(criteria=[row]))

    assert response.status_code == 200
    assert message in errors_of(response)
    assert not BadgeClass.objects.exists()


def test_score_must_be_a_percentage_from_0_to_100(editor_client, quiz_key):
    lesson, key = quiz_key
    value = activities.encode(lesson.pk, key)

    for bad, message in (
        ("150", "less than or equal to 100"),
        ("-1", "greater than or equal to 0"),
        ("0.8", "Enter the score as a percentage: 80 for 80%"),
        ("eighty", "Enter a number"),
    ):
        response = editor_client.post(
            reverse(ADD),
            badge_post(
                criteria=[criterion("activity_score", activity=value, min_score_percent=bad)]
            ),
        )
        assert message in errors_of(response), bad
    assert not BadgeClass.objects.exists()


def test_an_activity_key_that_is_not_in_the_lesson_is_refused(editor_client, quiz_key):
    lesson, _ = quiz_key

    response = editor_client.post(
        reverse(ADD),
        badge_post(
            criteria=[
                criterion(
                    "activity_score",
                    activity=activities.encode(lesson.pk, "not-a-block"),
                    min_score_percent="50",
                )
            ]
        ),
    )

    assert response.status_code == 200
    assert "Select a valid choice" in errors_of(response)


def test_a_saved_rule_whose_activity_was_removed_is_shown_and_refused(
    editor_client, council, quiz_key
):
    lesson, _ = quiz_key
    badge = BadgeClassFactory(organisation=council)
    rule = CriterionFactory(
        badge_class=badge,
        kind="activity_score",
        lesson=lesson,
        activity_key="gone-block",
        min_score="0.5",
    )

    page = editor_client.get(reverse(EDIT, args=[badge.pk])).content.decode()
    assert "No longer available" in page

    row = criterion(
        "activity_score",
        activity=activities.encode(lesson.pk, "gone-block"),
        min_score_percent="50",
        id=rule.pk,
    )
    response = editor_client.post(
        reverse(EDIT, args=[badge.pk]),
        badge_post(slug=badge.slug, criteria=[row], initial_criteria=1),
    )
    assert response.status_code == 200
    assert "has no activity with the key “gone-block”" in errors_of(response)


def test_the_activity_select_offers_the_lessons_quiz(editor_client, quiz_key):
    lesson, key = quiz_key

    page = editor_client.get(reverse(ADD)).content.decode()

    assert activities.encode(lesson.pk, key) in page
    assert "Lesson 2, Quiz: Check what you know" in page


def test_a_level_from_another_framework_is_refused(editor_client, sector_scale, db):
    from badges.factories import FrameworkFactory, scale

    other = scale(FrameworkFactory(code="eds-test", title="EDS test"), ranks=2)

    response = editor_client.post(
        reverse(ADD),
        badge_post(criteria=[criterion("self_assessment", item=sector_scale.item, level=other[1])]),
    )

    assert response.status_code == 200
    assert "belongs to EDS test, not to Digi skills" in errors_of(response)


def test_irrelevant_fields_are_cleared_for_the_kind(editor_client, quiz_course, sector_scale):
    required = BadgeClassFactory(organisation=None)
    post = badge_post(
        criteria=[
            criterion(
                "course_completed",
                course=quiz_course,
                required_badge=required,
                item=sector_scale.item,
                level=sector_scale.levels[0],
            )
        ]
    )

    response = editor_client.post(reverse(ADD), post)

    assert response.status_code == 302, errors_of(response)
    rule = Criterion.objects.get()
    assert rule.course_id == quiz_course.pk
    assert (rule.required_badge_id, rule.item_id, rule.level_id, rule.lesson_id) == (
        None,
        None,
        None,
        None,
    )


# --- other councils' things ----------------------------------------------------------------------


def test_another_councils_course_framework_or_badge_is_refused(
    editor_client, other_council, other_scale
):
    their_course = course_with_lessons(title="Southby only", owning_council=other_council)
    their_badge = BadgeClassFactory(organisation=other_council, name="Southby badge")

    response = editor_client.post(
        reverse(ADD),
        badge_post(
            criteria=[
                criterion("course_completed", course=their_course),
                criterion("badge_held", required_badge=their_badge, group=2),
                criterion(
                    "self_assessment", item=other_scale.item, level=other_scale.levels[0], group=3
                ),
            ],
            alignments=[alignment(other_scale.item)],
        ),
    )

    errors = errors_of(response)
    assert "“Southby only” belongs to another council" in errors
    assert "Select a valid choice" in errors  # their badge and framework are not offered
    assert not BadgeClass.objects.filter(slug="cyber-aware").exists()


def test_a_sector_badge_may_not_use_a_council_course(client_for, platform_admin, council):
    council_course = course_with_lessons(title="Northby only", owning_council=council)

    response = client_for(platform_admin).post(
        reverse(ADD),
        badge_post(
            organisation="", criteria=[criterion("course_completed", course=council_course)]
        ),
    )

    assert "“Northby only” belongs to another council, so a sector badge" in errors_of(response)


def test_a_shared_course_may_be_used_by_a_sector_badge(client_for, platform_admin, council):
    shared = course_with_lessons(title="Shared", owning_council=council, shared_with_sector=True)

    response = client_for(platform_admin).post(
        reverse(ADD),
        badge_post(organisation="", criteria=[criterion("course_completed", course=shared)]),
    )

    assert response.status_code == 302, errors_of(response)
    assert BadgeClass.objects.get().organisation_id is None


def test_duplicate_alignments_are_refused(editor_client, sector_scale):
    response = editor_client.post(
        reverse(ADD),
        badge_post(alignments=[alignment(sector_scale.item), alignment(sector_scale.item)]),
    )

    assert "duplicate data for badge_class and item" in errors_of(response)
    assert not BadgeClass.objects.exists()


def test_recertification_needs_a_shorter_validity_window(editor_client):
    response = editor_client.post(
        reverse(ADD), badge_post(valid_for_days="365", recertify_within_days="400")
    )
    assert "must be shorter than the validity period" in errors_of(response)

    response = editor_client.post(reverse(ADD), badge_post(recertify_within_days="30"))
    assert "only applies to a badge that expires" in errors_of(response)


# --- loops ------------------------------------------------------------------------------------


def _requires(badge, required):
    return CriterionFactory(badge_class=badge, kind="badge_held", required_badge=required)


def _edit_to_require(client, badge, required):
    return client.post(
        reverse(EDIT, args=[badge.pk]),
        badge_post(
            name=badge.name,
            slug=badge.slug,
            criteria=[criterion("badge_held", required_badge=required)],
        ),
    )


def test_a_two_badge_loop_is_refused_with_the_chain_named(editor_client, council):
    first = BadgeClassFactory(organisation=council, name="First")
    second = BadgeClassFactory(organisation=council, name="Second")
    _requires(first, second)

    response = _edit_to_require(editor_client, second, first)

    assert response.status_code == 200
    assert "loop: “Second” → “First” → “Second”" in errors_of(response)
    assert not second.criteria.exists()


def test_a_longer_loop_through_a_sector_badge_is_refused(editor_client, council):
    a = BadgeClassFactory(organisation=council, name="A")
    b = BadgeClassFactory(organisation=None, name="B")
    c = BadgeClassFactory(organisation=council, name="C")
    _requires(a, b)
    _requires(b, c)

    response = _edit_to_require(editor_client, c, a)

    assert "“C” → “A” → “B” → “C”" in errors_of(response)
    assert not c.criteria.exists()


def test_a_badge_cannot_require_itself(editor_client, council):
    badge = BadgeClassFactory(organisation=council, name="Selfish")

    response = _edit_to_require(editor_client, badge, badge)

    assert "“Selfish” → “Selfish”" in errors_of(response)


def test_a_chain_without_a_loop_is_accepted(editor_client, council):
    a = BadgeClassFactory(organisation=council, name="A")
    b = BadgeClassFactory(organisation=council, name="B")
    c = BadgeClassFactory(organisation=council, name="C")
    _requires(a, b)
    _requires(b, c)

    response = _edit_to_require(editor_client, c, BadgeClassFactory(organisation=None))

    assert response.status_code == 302, errors_of(response)


# --- criteria changes ------------------------------------------------------------------------


def test_a_criteria_change_is_audited_with_a_diff_and_offers_re_evaluation(
    editor_client, council, quiz_course
):
    badge = BadgeClassFactory(organisation=council, name="Cyber aware", slug="cyber-aware")
    required = BadgeClassFactory(organisation=council, name="Basics")
    old = _requires(badge, required)

    response = editor_client.post(
        reverse(EDIT, args=[badge.pk]),
        badge_post(
            slug="cyber-aware",
            criteria=[
                {**criterion("badge_held", required_badge=required), "id": old.pk, "DELETE": "1"},
                criterion("course_completed", course=quiz_course),
            ],
            initial_criteria=1,
        ),
        follow=True,
    )

    entry = AuditEntry.objects.get(action=AuditEntry.Action.CRITERIA_CHANGED)
    assert entry.detail["added"] == ["group 1: complete “Passwords”"]
    assert entry.detail["removed"] == ["group 1: hold “Basics”"]
    page = response.content.decode()
    assert "Re-evaluate learners" in page
    assert reverse("badges_admin:reevaluate", args=[badge.pk]) in page


def test_an_image_is_sanitised_and_a_fake_one_refused(editor_client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    hostile = SimpleUploadedFile(
        "badge.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script>'
        b'<circle r="4"/></svg>',
    )
    fake = SimpleUploadedFile("badge.png", b"<html><script>alert(1)</script></html>")

    refused = editor_client.post(reverse(ADD), {**badge_post(slug="fake"), "image": fake})
    accepted = editor_client.post(reverse(ADD), {**badge_post(), "image": hostile})

    assert "not a PNG or SVG image" in errors_of(refused)
    assert accepted.status_code == 302, errors_of(accepted)
    badge = BadgeClass.objects.get()
    assert badge.image.name.startswith("badges/images/cyber-aware")
    assert badge.image.name.endswith(".svg")
    stored = badge.image.read()
    assert b"script" not in stored and b"onload" not in stored and b"<circle" in stored


def test_an_awarded_badge_keeps_its_slug_and_its_owner(
    client_for, platform_admin, council, other_council, learner
):
    from badges.factories import BadgeAwardFactory

    badge = BadgeClassFactory(organisation=council, slug="kept")
    BadgeAwardFactory(badge_class=badge, recipient=learner, organisation=council)
    client = client_for(platform_admin)

    renamed = client.post(
        reverse(EDIT, args=[badge.pk]), badge_post(slug="changed", organisation=council.pk)
    )
    moved = client.post(
        reverse(EDIT, args=[badge.pk]), badge_post(slug="kept", organisation=other_council.pk)
    )

    assert "credentials refer to the slug" in errors_of(renamed)
    assert "cannot move to another owner" in errors_of(moved)
    badge.refresh_from_db()
    assert (badge.slug, badge.organisation_id) == ("kept", council.pk)
