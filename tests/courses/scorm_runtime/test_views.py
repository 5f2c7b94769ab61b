"""The player page and the commit endpoint over HTTP: who may open and commit, and answers."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import ScormAttempt
from courses.scorm_runtime import tokens, views
from lms.records import services as records
from lms.records.models import ActivityProgress, CourseCompletion, ProgressStatus

PASS_2004 = {
    "cmi.completion_status": "completed",
    "cmi.success_status": "passed",
    "cmi.score.scaled": "0.95",
    "cmi.exit": "normal",
    "cmi.session_time": "PT1M30S",
}


def player_url(subject, position=None):
    kwargs = {"lesson_id": subject.lesson.pk, "activity_key": subject.activity_key}
    if position is None:
        return reverse("scorm_player", kwargs=kwargs)
    return reverse("scorm_player_part", kwargs={**kwargs, "position": position})


def open_player(client, subject, position=1):
    response = client.get(player_url(subject, position))
    assert response.status_code == 200, response.content[:500]
    return response


def post(client, url, payload, *, content_type="application/json"):
    body = payload if isinstance(payload, bytes | str) else json.dumps(payload)
    return client.post(url, data=body, content_type=content_type)


@pytest.fixture
def enrolled(learner):
    def make(subject):
        return records.enrol(user=learner, course=subject.course)

    return make


# --- the player page -----------------------------------------------------------------------


def test_the_player_page_sets_up_the_runtime_for_the_attempt(
    learner_client, learner, scorm2004, enrolled
):
    enrolled(scorm2004)

    response = open_player(learner_client, scorm2004)

    config = response.context["player_config"]
    attempt = ScormAttempt.objects.get()
    assert config["version"] == "2004"
    assert config["cmi"]["cmi.learner_id"] == str(learner.pk)
    assert config["cmi"]["cmi.entry"] == "ab-initio"
    assert config["cmi"]["cmi.scaled_passing_score"] == "0.8"
    assert config["commitUrl"].startswith(
        reverse("scorm_commit", kwargs={"attempt_id": attempt.pk}) + "?token="
    )
    frame_src = response.context["frame_src"]
    assert frame_src.startswith("/packages/") and frame_src.endswith("/sco/index.html")
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert 'id="scorm-player-config"' in html
    assert f'data-src="{frame_src}"' in html
    assert "courses/js/scorm-player.mjs" in html
    assert " style=" not in html


def test_the_frame_address_serves_the_scos_launch_file(learner_client, scorm12, enrolled):
    enrolled(scorm12)

    frame_src = open_player(learner_client, scorm12).context["frame_src"]

    served = Client().get(frame_src)  # the grant in the address is all a frame needs
    assert served.status_code == 200
    assert b"Finding a shared file" in b"".join(served.streaming_content)


def test_the_player_opens_the_first_part_not_yet_done(learner_client, scorm12, enrolled):
    enrolled(scorm12)
    response = learner_client.get(player_url(scorm12))
    assert response.status_code == 302 and response.url == player_url(scorm12, 1)

    first = open_player(learner_client, scorm12, 1)
    post(
        learner_client,
        first.context["player_config"]["commitUrl"],
        {"cmi.core.lesson_status": "completed", "commitSequence": 1},
    )

    response = learner_client.get(player_url(scorm12))
    assert response.status_code == 302 and response.url == player_url(scorm12, 2)
    second = open_player(learner_client, scorm12, 2)
    assert second.context["sco"].identifier == "item_2"
    assert second.context["previous_url"] == player_url(scorm12, 1)
    assert second.context["next_url"] == ""
    assert learner_client.get(player_url(scorm12, 3)).status_code == 404


def test_only_enrolled_learners_of_a_council_that_sees_the_course_may_play(
    client_for, learner, other_learner, manager, scorm12, enrolled
):
    url = player_url(scorm12, 1)
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url
    assert client_for(other_learner).get(url).status_code == 404
    assert client_for(manager).get(url).status_code == 403  # same council, not enrolled
    enrolment = enrolled(scorm12)
    assert client_for(learner).get(url).status_code == 200
    records.withdraw(enrolment=enrolment)
    assert client_for(learner).get(url).status_code == 403
    assert not ScormAttempt.objects.exclude(enrolment=enrolment).exists()


def test_an_activity_that_is_not_a_ready_scorm_block_is_not_found(
    learner_client, scorm12, enrolled
):
    enrolled(scorm12)
    wrong_key = reverse(
        "scorm_player_part",
        kwargs={"lesson_id": scorm12.lesson.pk, "activity_key": "not-a-block", "position": 1},
    )
    assert learner_client.get(wrong_key).status_code == 404
    scorm12.package.status = "processing"
    scorm12.package.save(update_fields=["status"])
    assert learner_client.get(player_url(scorm12, 1)).status_code == 404


def test_the_lesson_page_offers_start_then_resume(learner_client, scorm12, enrolled):
    enrolled(scorm12)
    lesson_page = learner_client.get(scorm12.lesson.url).content.decode()
    assert player_url(scorm12) in lesson_page
    assert "Start<span" in lesson_page
    assert "This activity has 2 parts" in lesson_page

    first = open_player(learner_client, scorm12)
    post(
        learner_client,
        first.context["player_config"]["commitUrl"],
        {"cmi.core.lesson_status": "incomplete", "commitSequence": 1},
    )

    assert "Resume<span" in learner_client.get(scorm12.lesson.url).content.decode()


# --- the commit endpoint -------------------------------------------------------------------


def commit_url_for(client, subject, position=1):
    return open_player(client, subject, position).context["player_config"]["commitUrl"]


def test_a_good_commit_answers_as_scorm_again_expects(learner_client, scorm2004, enrolled):
    enrolment = enrolled(scorm2004)
    url = commit_url_for(learner_client, scorm2004)

    response = post(learner_client, url, {**PASS_2004, "commitSequence": 1})

    assert response.status_code == 200
    assert response.json() == {"result": True, "errorCode": 0}
    assert ActivityProgress.objects.get().status == ProgressStatus.PASSED
    assert CourseCompletion.objects.filter(enrolment=enrolment).count() == 1


def test_the_unload_beacon_is_accepted_as_text_without_a_csrf_token(learner, scorm12, enrolled):
    enrolled(scorm12)
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    url = commit_url_for(client, scorm12)

    response = post(
        client,
        url,
        {"cmi.core.lesson_status": "incomplete", "cmi.core.exit": "suspend", "commitSequence": 1},
        content_type="text/plain;charset=UTF-8",
    )

    assert response.status_code == 200, response.content
    assert ScormAttempt.objects.get().state["cmi"]["cmi.core.exit"] == "suspend"


def test_a_commit_without_a_valid_token_is_refused(learner_client, learner, scorm12, enrolled):
    enrolled(scorm12)
    url = commit_url_for(learner_client, scorm12)
    bare = url.split("?")[0]
    payload = {"cmi.core.lesson_status": "passed", "commitSequence": 1}

    cases = {
        "missing_token": bare,
        "invalid_token": bare + "?token=not-a-token",
        "invalid_token ": url[:-3] + "abc",
    }
    for error, address in cases.items():
        response = post(learner_client, address, payload)
        assert response.status_code == 403
        assert response.json()["result"] is False
        assert response.json()["error"] == error.strip()
    assert ScormAttempt.objects.get().state["session"] == 0


def test_a_token_for_another_attempt_is_refused(learner_client, scorm12, enrolled):
    enrolled(scorm12)
    first_url = commit_url_for(learner_client, scorm12, 1)
    second_url = commit_url_for(learner_client, scorm12, 2)
    first_token = first_url.split("?")[1]

    response = post(
        learner_client,
        second_url.split("?")[0] + "?" + first_token,
        {"cmi.core.lesson_status": "passed", "commitSequence": 1},
    )

    assert response.status_code == 403
    assert response.json()["error"] == "wrong_attempt"


def test_another_learner_or_nobody_cannot_use_a_learners_token(
    client_for, learner, other_learner, scorm12, enrolled
):
    enrolled(scorm12)
    url = commit_url_for(client_for(learner), scorm12)
    payload = {"cmi.core.lesson_status": "passed", "commitSequence": 1}

    for someone, error in ((other_learner, "wrong_user"), (None, "not_signed_in")):
        response = post(client_for(someone), url, payload)
        assert response.status_code == 403
        assert response.json()["error"] == error
    assert not ActivityProgress.objects.exists()


def test_an_expired_token_is_refused(learner_client, scorm12, enrolled, monkeypatch):
    enrolled(scorm12)
    url = commit_url_for(learner_client, scorm12)
    monkeypatch.setattr(tokens, "MAX_AGE_SECONDS", -1)

    response = post(learner_client, url, {"cmi.core.lesson_status": "passed", "commitSequence": 1})

    assert response.status_code == 403
    assert response.json()["error"] == "token_expired"


def test_broken_and_oversized_bodies_get_clear_errors(learner_client, scorm12, enrolled):
    enrolled(scorm12)
    url = commit_url_for(learner_client, scorm12)

    cases = [
        (b"{not json", 400, "malformed_json"),
        (b"\xff\xfe{}", 400, "malformed_json"),
        ('["cmi.core.lesson_status"]', 400, "malformed_json"),
        ('{"cmi.core.score.raw": NaN, "commitSequence": 1}', 400, "malformed_json"),
        ('{"cmi.core.lesson_status": "passed"}', 400, "bad_commit_key"),
        ('{"cmi.core.lesson_status": true, "commitSequence": 1}', 400, "malformed_payload"),
        (
            json.dumps({"cmi.suspend_data": "x" * views.MAX_COMMIT_BYTES, "commitSequence": 1}),
            413,
            "payload_too_large",
        ),
    ]
    for body, status, error in cases:
        response = post(learner_client, url, body)
        assert response.status_code == status, (body[:40], response.content)
        assert response.json()["error"] == error
        assert response.json()["result"] is False
    assert learner_client.get(url).status_code == 405
    assert ScormAttempt.objects.get().state["session"] == 0


def test_values_the_data_model_forbids_are_unprocessable_and_not_stored(
    learner_client, scorm12, scorm2004, enrolled
):
    enrolled(scorm12)
    enrolled(scorm2004)
    url_12 = commit_url_for(learner_client, scorm12)
    url_2004 = commit_url_for(learner_client, scorm2004)

    too_long = post(learner_client, url_12, {"cmi.suspend_data": "x" * 4097, "commitSequence": 1})
    assert too_long.status_code == 422
    assert too_long.json() | {"message": ""} == {
        "result": False,
        "errorCode": 101,
        "error": "suspend_data_too_large",
        "message": "",
    }
    forged = post(
        learner_client, url_2004, {**PASS_2004, "cmi.score.scaled": "2"} | {"commitSequence": 1}
    )
    assert forged.status_code == 422
    assert forged.json()["errorCode"] == 391  # SCORM 2004's general commit failure
    assert forged.json()["error"] == "invalid_value"
    assert all(attempt.state["session"] == 0 for attempt in ScormAttempt.objects.all())
    assert not ActivityProgress.objects.exists()


def test_a_replayed_commit_is_accepted_once(learner_client, scorm12, enrolled):
    enrolled(scorm12)
    url = commit_url_for(learner_client, scorm12)
    payload = {"cmi.core.session_time": "0000:10:00.00", "commitSequence": 1}

    first = post(learner_client, url, payload)
    again = post(learner_client, url, payload)

    assert first.json() == again.json() == {"result": True, "errorCode": 0}
    assert (first["X-Scorm-Commit"], again["X-Scorm-Commit"]) == ("applied", "replayed")

    attempt = ScormAttempt.objects.get()
    assert attempt.state["commits"] == 1
    assert attempt.state["cmi"]["cmi.core.total_time"] == "0000:10:00.00"


def test_a_commit_from_a_page_opened_before_another_is_a_conflict(
    learner_client, scorm2004, enrolled
):
    enrolled(scorm2004)
    older = commit_url_for(learner_client, scorm2004)
    suspend = {"cmi.exit": "suspend", "cmi.location": "1"}
    post(learner_client, older, {**suspend, "commitSequence": 1})
    newer = commit_url_for(learner_client, scorm2004)
    post(learner_client, newer, {**suspend, "commitSequence": 1})

    response = post(learner_client, older, {**suspend, "commitSequence": 2})

    assert response.status_code == 409
    assert response.json()["error"] == "stale_session"
    assert response.json()["errorCode"] == 391
