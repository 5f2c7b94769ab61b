"""The xAPI statement and resume-state endpoints: who may post, what is refused, what is kept."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from courses.factories import course_with_lessons, quiz_block
from courses.h5p_player.statements import MAX_STATE_BYTES, MAX_STATEMENT_BYTES
from lms.records import services as records
from lms.records.models import (
    ActivityProgress,
    CourseCompletion,
    Enrolment,
    LearningEvent,
    ProgressStatus,
)
from tests.courses.h5p_player.builders import (
    COMPLETED,
    CSRF_SECRET,
    INTERACTED,
    post_json,
    ready_package,
    statement,
)

pytestmark = pytest.mark.django_db


def test_a_passing_statement_is_recorded_for_the_signed_in_learner_not_the_claimed_actor(
    learner_client, learner, other_learner, h5p_lesson, enrolled
):
    claimed = {"mbox": f"mailto:{other_learner.email}", "name": "Olly Learner"}
    body = {"statement": statement(h5p_lesson.iri, actor=claimed), "state": '{"answer":false}'}

    response = post_json(learner_client, h5p_lesson.url("h5p_statement"), body)

    assert response.status_code == 200
    assert response.json() == {
        "status": "passed",
        "status_label": "Passed",
        "course_completed": True,
    }
    activity = ActivityProgress.objects.get()
    assert activity.enrolment == enrolled
    assert (activity.status, activity.score, activity.attempts) == ("passed", 1, 1)
    assert activity.resume_state == {
        "h5p_state": '{"answer":false}',
        "package": str(h5p_lesson.package.uid),
    }
    event = LearningEvent.objects.get(source="h5p", verb="passed")
    assert event.user == learner
    assert event.result["verb"] == "answered"
    assert not LearningEvent.objects.filter(user=other_learner).exists()


def test_the_course_completes_once_however_often_the_statement_arrives(
    learner_client, h5p_lesson, enrolled
):
    for _ in range(3):
        response = post_json(
            learner_client,
            h5p_lesson.url("h5p_statement"),
            {"statement": statement(h5p_lesson.iri)},
        )
        assert response.status_code == 200

    assert CourseCompletion.objects.filter(enrolment=enrolled).count() == 1
    course_events = LearningEvent.objects.filter(enrolment=enrolled, result__course=True)
    assert course_events.count() == 1
    assert ActivityProgress.objects.get().attempts == 3


@pytest.mark.parametrize(
    ("score", "completion", "expected"),
    [
        ({"min": 0, "max": 10, "raw": 8, "scaled": 0.8}, True, ProgressStatus.PASSED),
        ({"min": 0, "max": 10, "raw": 7, "scaled": 0.7}, True, ProgressStatus.FAILED),
        ({"min": 0, "max": 10, "raw": 7}, None, ProgressStatus.FAILED),
        ({"min": 0, "max": 10, "raw": 3}, False, ProgressStatus.IN_PROGRESS),
    ],
)
def test_the_blocks_pass_mark_decides_not_the_contents_own_verdict(
    learner_client, h5p_lesson, enrolled, score, completion, expected
):
    body = statement(h5p_lesson.iri, score=score, success=True, completion=completion)

    response = post_json(learner_client, h5p_lesson.url("h5p_statement"), {"statement": body})

    assert response.status_code == 200
    assert ActivityProgress.objects.get().status == expected
    completed = expected == ProgressStatus.PASSED
    assert Enrolment.objects.get().status == ("completed" if completed else "active")


def test_a_completed_statement_without_a_score_completes_the_activity(learner_client, h5p_lesson):
    body = statement(h5p_lesson.iri, verb=COMPLETED)
    del body["result"]

    response = post_json(learner_client, h5p_lesson.url("h5p_statement"), {"statement": body})

    assert response.json()["status"] == "completed"
    assert ActivityProgress.objects.get().score is None


def _with(iri: str, **changes) -> dict:
    body = statement(iri)
    for path, value in changes.items():
        target = body
        *parents, last = path.split("__")
        for name in parents:
            target = target[name]
        target[last] = value
    return body


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"verb__id": INTERACTED}, "verb_not_accepted"),
        ({"verb__id": "http://adlnet.gov/expapi/verbs/passed"}, "verb_not_accepted"),
        ({"verb": "answered"}, "verb_not_accepted"),
        ({"result__score": {"min": 0, "max": 1, "raw": 2, "scaled": 1}}, "invalid_score"),
        ({"result__score": {"min": 0, "max": 1, "raw": -1}}, "invalid_score"),
        ({"result__score": {"min": 0, "max": 5, "raw": 5, "scaled": 1.5}}, "invalid_score"),
        ({"result__score": {"scaled": -1.01}}, "invalid_score"),
        ({"result__score": {"min": 0, "max": 10, "raw": 2, "scaled": 0.9}}, "invalid_score"),
        ({"result__score": {"min": 5, "max": 5, "raw": 5}}, "invalid_score"),
        ({"result__score": {"raw": "10", "max": 10}}, "invalid_score"),
        ({"result__score": {"raw": True, "max": 1}}, "invalid_score"),
        ({"result__score": {"raw": 3}}, "invalid_score"),
        ({"result__score": [1]}, "invalid_score"),
        ({"result__success": "yes"}, "invalid_result"),
        ({"result": "passed"}, "invalid_result"),
        ({"object__objectType": "Agent"}, "wrong_activity"),
    ],
)
def test_inconsistent_or_unaccepted_statements_are_refused_whole(
    learner_client, h5p_lesson, changes, code
):
    body = _with(h5p_lesson.iri, **changes)

    response = post_json(learner_client, h5p_lesson.url("h5p_statement"), {"statement": body})

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not ActivityProgress.objects.exists()


@pytest.mark.parametrize(
    "object_id",
    [
        "http://elsewhere.example/activity",
        "{iri}?subContentId=0a1b2c",
        None,
    ],
)
def test_a_statement_about_another_activity_is_refused(learner_client, h5p_lesson, object_id):
    body = statement(h5p_lesson.iri)
    body["object"]["id"] = object_id.format(iri=h5p_lesson.iri) if object_id else None

    response = post_json(learner_client, h5p_lesson.url("h5p_statement"), {"statement": body})

    assert response.status_code == 400
    assert response.json()["code"] == "wrong_activity"


def test_a_statement_for_another_lessons_activity_is_refused(learner_client, h5p_lesson):
    other = course_with_lessons(
        lessons=[[("h5p", {"package": h5p_lesson.package, "pass_mark": 0})]]
    )
    other_lesson = other.lessons()[0]
    other_iri = statement(h5p_lesson.iri)
    other_iri["object"]["id"] = h5p_lesson.iri.replace(
        f"/lessons/{h5p_lesson.lesson.pk}/", f"/lessons/{other_lesson.pk}/"
    )

    response = post_json(learner_client, h5p_lesson.url("h5p_statement"), {"statement": other_iri})

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (b"[1, 2]", 400),
        (json.dumps({"statement": "answered"}).encode(), 400),
        (json.dumps({"state": "{}"}).encode(), 400),
    ],
)
def test_malformed_messages_are_refused(learner_client, h5p_lesson, body, status):
    response = learner_client.post(
        h5p_lesson.url("h5p_statement"), data=body, content_type="application/json"
    )
    assert response.status_code == status
    assert not ActivityProgress.objects.exists()


def test_an_oversized_statement_is_refused(learner_client, h5p_lesson):
    body = statement(h5p_lesson.iri)
    body["result"]["response"] = "x" * MAX_STATEMENT_BYTES

    response = post_json(learner_client, h5p_lesson.url("h5p_statement"), {"statement": body})

    assert response.status_code == 413
    assert not ActivityProgress.objects.exists()


def test_an_oversized_message_is_refused_before_it_is_parsed(learner_client, h5p_lesson):
    huge = b'{"statement": {}, "padding": "' + b"x" * 200_000 + b'"}'
    response = learner_client.post(
        h5p_lesson.url("h5p_statement"), data=huge, content_type="application/json"
    )
    assert response.status_code == 413


def test_an_activity_that_is_not_in_the_lesson_is_not_found(learner_client, h5p_lesson):
    url = h5p_lesson.url("h5p_statement").replace(h5p_lesson.key, "0" * 8)
    assert post_json(learner_client, url, {"statement": statement(h5p_lesson.iri)}).status_code == (
        404
    )


def test_a_quiz_block_is_not_an_h5p_activity(client_for, learner, council):
    course = course_with_lessons(owning_council=council, lessons=[[quiz_block()]])
    records.enrol(user=learner, course=course)
    lesson = course.lessons()[0]
    key = lesson.activities()[0][0]
    url = f"/learn/lessons/{lesson.pk}/h5p/{key}/statements/"

    response = post_json(client_for(learner), url, {"statement": {}})

    assert response.status_code == 404


def test_a_learner_who_has_not_enrolled_is_refused(client_for, manager, h5p_lesson):
    response = post_json(
        client_for(manager),
        h5p_lesson.url("h5p_statement"),
        {"statement": statement(h5p_lesson.iri)},
    )
    assert response.status_code == 403
    assert not ActivityProgress.objects.exists()


def test_a_learner_who_has_left_the_course_is_refused(learner_client, h5p_lesson, enrolled):
    records.withdraw(enrolment=enrolled)
    response = post_json(
        learner_client, h5p_lesson.url("h5p_statement"), {"statement": statement(h5p_lesson.iri)}
    )
    assert response.status_code == 403


def test_another_councils_learner_cannot_see_the_activity(client_for, other_learner, h5p_lesson):
    response = post_json(
        client_for(other_learner),
        h5p_lesson.url("h5p_statement"),
        {"statement": statement(h5p_lesson.iri)},
    )
    assert response.status_code == 404


def test_a_graduate_cannot_post_to_a_staff_course(client_for, graduate, h5p_lesson):
    response = post_json(
        client_for(graduate),
        h5p_lesson.url("h5p_statement"),
        {"statement": statement(h5p_lesson.iri)},
    )
    assert response.status_code == 404


def test_signing_in_is_required(client, h5p_lesson):
    response = post_json(client, h5p_lesson.url("h5p_statement"), {"statement": {}})
    assert response.status_code == 403


def test_only_post_is_allowed(learner_client, h5p_lesson):
    assert learner_client.get(h5p_lesson.url("h5p_statement")).status_code == 405


def test_the_csrf_token_is_required(learner, h5p_lesson, enrolled):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    client.cookies["csrftoken"] = CSRF_SECRET
    body = {"statement": statement(h5p_lesson.iri)}

    refused = post_json(client, h5p_lesson.url("h5p_statement"), body)
    accepted = post_json(
        client, h5p_lesson.url("h5p_statement"), body, HTTP_X_CSRFTOKEN=CSRF_SECRET
    )

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert ActivityProgress.objects.get().attempts == 1


def test_resume_state_is_kept_and_an_unchanged_state_writes_nothing(
    learner_client, h5p_lesson, enrolled
):
    url = h5p_lesson.url("h5p_state")

    first = post_json(learner_client, url, {"state": '{"answer":true}'})
    events_after_first = LearningEvent.objects.count()
    again = post_json(learner_client, url, {"state": '{"answer":true}'})

    assert (first.status_code, again.status_code) == (204, 204)
    assert LearningEvent.objects.count() == events_after_first
    activity = ActivityProgress.objects.get()
    assert activity.resume_state["h5p_state"] == '{"answer":true}'
    assert (activity.status, activity.attempts) == ("in_progress", 0)


def test_saving_state_never_undoes_a_pass(learner_client, h5p_lesson):
    post_json(
        learner_client, h5p_lesson.url("h5p_statement"), {"statement": statement(h5p_lesson.iri)}
    )
    post_json(learner_client, h5p_lesson.url("h5p_state"), {"state": '{"answer":true}'})

    assert ActivityProgress.objects.get().status == "passed"


@pytest.mark.parametrize(
    ("state", "status"),
    [
        ({"answer": True}, 400),
        ("{not json", 400),
        ('"' + "x" * MAX_STATE_BYTES + '"', 413),
    ],
)
def test_bad_resume_state_is_refused(learner_client, h5p_lesson, state, status):
    response = post_json(learner_client, h5p_lesson.url("h5p_state"), {"state": state})
    assert response.status_code == status
    assert not ActivityProgress.objects.exists()


def test_the_state_endpoint_checks_access_too(client_for, other_learner, manager, h5p_lesson):
    url = h5p_lesson.url("h5p_state")
    assert post_json(client_for(other_learner), url, {"state": "{}"}).status_code == 404
    assert post_json(client_for(manager), url, {"state": "{}"}).status_code == 403


def test_another_package_in_the_block_gets_a_fresh_start(learner_client, h5p_lesson):
    from courses.h5p_player.services import resume_state_for

    post_json(learner_client, h5p_lesson.url("h5p_state"), {"state": '{"answer":true}'})
    enrolment = Enrolment.objects.get()

    same = resume_state_for(
        enrolment=enrolment, activity_key=h5p_lesson.key, package_uid=str(h5p_lesson.package.uid)
    )
    other = resume_state_for(
        enrolment=enrolment, activity_key=h5p_lesson.key, package_uid=str(ready_package().uid)
    )

    assert (same, other) == ('{"answer":true}', None)


def _restrict(page, restriction: str) -> None:
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    rule = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction, password="secret"
    )
    if restriction == "groups":
        rule.groups.add(Group.objects.create(name="Pilot group"))


@pytest.mark.parametrize("restriction", ["password", "groups", "login"])
@pytest.mark.parametrize("restricted", ["course", "catalogue"])
def test_page_privacy_on_the_course_or_above_it_keeps_statements_out(
    learner_client, h5p_lesson, enrolled, restriction, restricted
):
    page = h5p_lesson.course if restricted == "course" else h5p_lesson.course.get_parent()
    _restrict(page, restriction)

    response = post_json(
        learner_client, h5p_lesson.url("h5p_statement"), {"statement": statement(h5p_lesson.iri)}
    )

    assert response.status_code == 404
    assert not ActivityProgress.objects.exists()


def test_privacy_on_another_course_changes_nothing(learner_client, h5p_lesson, enrolled):
    _restrict(course_with_lessons(title="Pilot course"), "password")

    response = post_json(
        learner_client, h5p_lesson.url("h5p_statement"), {"statement": statement(h5p_lesson.iri)}
    )

    assert response.status_code == 200


@pytest.mark.parametrize("unpublished", ["lesson", "course"])
def test_an_unpublished_lesson_or_course_takes_no_statements(
    learner_client, h5p_lesson, enrolled, unpublished
):
    page = h5p_lesson.lesson if unpublished == "lesson" else h5p_lesson.course
    page.unpublish()

    response = post_json(
        learner_client, h5p_lesson.url("h5p_statement"), {"statement": statement(h5p_lesson.iri)}
    )

    assert response.status_code == 404
    assert not ActivityProgress.objects.exists()


def test_an_enrolment_on_a_course_no_longer_shared_stops_counting(
    client_for, other_learner, h5p_lesson
):
    course = h5p_lesson.course
    course.shared_with_sector = True
    course.save()
    records.enrol(user=other_learner, course=course)
    course.shared_with_sector = False
    course.save()

    response = post_json(
        client_for(other_learner),
        h5p_lesson.url("h5p_statement"),
        {"statement": statement(h5p_lesson.iri)},
    )

    assert response.status_code == 404
    assert not ActivityProgress.objects.exists()
