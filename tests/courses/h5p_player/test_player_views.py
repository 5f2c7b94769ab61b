"""The launch redirect and the player document: grants, framing and the player's own CSP."""

from __future__ import annotations

import json
import re

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.urls import reverse

from courses.delivery.tokens import issue_grant
from courses.h5p_player import tokens
from courses.h5p_player.tokens import issue_player_grant
from courses.packages.intake import receive_package
from lms.records import services as records
from lms.records.models import ActivityProgress
from tests.courses.h5p_player.builders import post_json, ready_package

pytestmark = pytest.mark.django_db


def player_url(h5p_lesson, user, **changes) -> str:
    grant = {
        "package_id": h5p_lesson.package.pk,
        "user_id": user.pk,
        "lesson_id": h5p_lesson.lesson.pk,
        "activity_key": h5p_lesson.key,
        **changes,
    }
    return reverse("h5p_player", kwargs={"token": issue_player_grant(**grant)})


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def config_of(response) -> dict:
    found = re.search(
        r'<script id="lms-h5p-config" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(found.group(1))


def test_launch_checks_the_enrolment_and_sends_the_frame_to_a_player_grant(
    learner_client, h5p_lesson, learner
):
    response = learner_client.get(h5p_lesson.url("h5p_launch"))

    assert response.status_code == 302
    token = response.url.removeprefix("/h5p/play/").removesuffix("/")
    grant = tokens.read_player_grant(token)
    assert (grant.user_id, grant.lesson_id, grant.activity_key) == (
        learner.pk,
        h5p_lesson.lesson.pk,
        h5p_lesson.key,
    )
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(("persona", "status"), [("manager", 403), ("other_learner", 404)])
def test_launch_refuses_others_with_a_message_the_frame_can_show(
    request, client_for, h5p_lesson, persona, status
):
    response = client_for(request.getfixturevalue(persona)).get(h5p_lesson.url("h5p_launch"))

    assert response.status_code == status
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response)["frame-ancestors"] == "'self'"
    assert "/h5p/play/" not in response.content.decode()


def test_the_player_may_be_framed_by_our_pages_and_nothing_else_is(
    client, learner_client, h5p_lesson, learner
):
    player = client.get(player_url(h5p_lesson, learner))
    lesson_page_endpoint = learner_client.get("/dashboard/")

    assert player.status_code == 200
    assert player["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(player)["frame-ancestors"] == "'self'"
    assert lesson_page_endpoint["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in lesson_page_endpoint["Content-Security-Policy"]


def test_the_players_policy_sandboxes_it_and_allows_only_its_own_code(
    client, h5p_lesson, learner, enrolled
):
    response = client.get(player_url(h5p_lesson, learner))
    policy = directives(response)
    script_sources = policy["script-src"].split()

    assert policy["sandbox"] == "allow-scripts"
    assert policy["default-src"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "nonce" not in response["Content-Security-Policy"]
    assert "'self'" not in script_sources and "*" not in script_sources
    assert script_sources[0] == "http://testserver/static/courses/vendor/h5p-standalone/"
    assert re.fullmatch(r"http://testserver/h5p/files/[^/ ]+/", script_sources[1])
    assert script_sources[2] == "http://testserver/static/courses/js/h5p-frame.mjs"
    assert policy["connect-src"] == script_sources[1]
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_player_needs_no_cookie_and_sets_none(client, h5p_lesson, learner, enrolled):
    response = client.get(player_url(h5p_lesson, learner))

    assert response.status_code == 200
    assert not response.cookies
    config = config_of(response)
    assert config["activityIri"] == h5p_lesson.iri
    assert config["options"]["xAPIObjectIRI"] == h5p_lesson.iri
    assert config["options"]["embedType"] == "div"
    assert "contentUserData" not in config["options"]
    # Relative to the player document: h5p-standalone cannot resolve "/..." in the sandbox.
    assert config["options"]["h5pJsonPath"].startswith("../../files/")
    assert config["options"]["frameJs"] == (
        "../../../static/courses/vendor/h5p-standalone/frame.bundle.js"
    )


def test_saved_state_is_handed_back_to_the_same_package_only(
    client, learner_client, h5p_lesson, learner
):
    post_json(learner_client, h5p_lesson.url("h5p_state"), {"state": '{"answer":true}'})

    config = config_of(client.get(player_url(h5p_lesson, learner)))
    assert config["options"]["contentUserData"] == [{"state": '{"answer":true}'}]

    activity = ActivityProgress.objects.get()
    activity.resume_state = {**activity.resume_state, "package": str(ready_package().uid)}
    activity.save()
    config = config_of(client.get(player_url(h5p_lesson, learner)))
    assert "contentUserData" not in config["options"]


@pytest.mark.parametrize(
    "token",
    [
        "not-a-grant",
        signing.dumps({"p": 1, "u": 1, "l": 1, "a": "x"}, salt="courses.package-files"),
    ],
)
def test_the_player_needs_a_grant(client, h5p_lesson, token):
    response = client.get(reverse("h5p_player", kwargs={"token": token}))

    assert response.status_code == 403
    assert "lms-h5p-config" not in response.content.decode()
    assert directives(response)["sandbox"] == "allow-scripts"


def test_a_tampered_grant_is_refused(client, h5p_lesson, learner, enrolled):
    token = player_url(h5p_lesson, learner).removeprefix("/h5p/play/").removesuffix("/")
    payload, timestamp, signature = token.split(":")
    # Someone else's lesson, with the signature left as it was.
    forged = {"p": h5p_lesson.package.pk, "u": learner.pk, "l": 1, "a": h5p_lesson.key}
    swapped = signing.b64_encode(json.dumps(forged).encode()).decode()

    flipped = signature[:-1] + ("B" if signature.endswith("A") else "A")
    for bad in (f"{swapped}:{timestamp}:{signature}", f"{payload}:{timestamp}:{flipped}"):
        assert client.get(reverse("h5p_player", kwargs={"token": bad})).status_code == 403


def test_an_expired_grant_is_refused(client, h5p_lesson, learner, enrolled, monkeypatch):
    url = player_url(h5p_lesson, learner)
    monkeypatch.setattr(tokens, "MAX_AGE_SECONDS", -1)

    response = client.get(url)

    assert response.status_code == 403
    assert "expired" in response.content.decode()


def test_a_grant_stops_working_when_the_learner_leaves_the_course(
    client, h5p_lesson, learner, enrolled
):
    url = player_url(h5p_lesson, learner)
    records.withdraw(enrolment=enrolled)

    assert client.get(url).status_code == 403


def test_a_grant_for_a_package_the_block_no_longer_plays_is_refused(
    client, h5p_lesson, learner, enrolled
):
    url = player_url(h5p_lesson, learner, package_id=ready_package().pk)
    assert client.get(url).status_code == 404


def test_a_grant_for_someone_not_enrolled_is_refused(client, h5p_lesson, manager):
    assert client.get(player_url(h5p_lesson, manager)).status_code == 403


@pytest.fixture
def unpacked_package(truefalse_h5p, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        package = receive_package(
            upload=ContentFile(truefalse_h5p.read_bytes(), name="tf.h5p"), filename="tf.h5p"
        )
    package.refresh_from_db()
    assert package.status == "ready", package.error
    return package


def test_player_files_can_be_read_from_the_sandboxed_frame(client, unpacked_package):
    token = issue_grant(package_id=unpacked_package.pk, user_id=None, lesson_id=None)

    response = client.get(reverse("h5p_player_file", kwargs={"token": token, "path": "h5p.json"}))

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"H5P.TrueFalse" in b"".join(response.streaming_content)


def test_player_files_keep_the_delivery_checks(client, unpacked_package):
    token = issue_grant(package_id=unpacked_package.pk, user_id=None, lesson_id=None)
    files = "h5p_player_file"

    assert client.get(
        reverse(files, kwargs={"token": "forged", "path": "h5p.json"})
    ).status_code == (403)
    escape = reverse(files, kwargs={"token": token, "path": "content/../../x"})
    assert client.get(escape).status_code == 404
    assert client.post(reverse(files, kwargs={"token": token, "path": "h5p.json"})).status_code == (
        405
    )
