import copy
from datetime import timedelta

import pytest

from courses.scorm.runtime import (
    CommitKey,
    CommitRejected,
    Disposition,
    apply_commit,
    attempt_has_ended,
    begin_session,
    flatten_payload,
    new_attempt_state,
    next_entry,
)
from courses.scorm.versions import ScormVersion

V12 = ScormVersion.SCORM_12
V2004 = ScormVersion.SCORM_2004_4TH


def launched(version, **settings):
    state = new_attempt_state(
        version, learner_id="staff-42", learner_name="Learner, Lena", **settings
    )
    return begin_session(state, version=version)


def commit(state, payload, *, version, sequence=1, session=None):
    key = CommitKey(session=state["session"] if session is None else session, sequence=sequence)
    return apply_commit(state, payload, version=version, key=key)


def rejected(state, payload, *, version):
    before = copy.deepcopy(state)
    with pytest.raises(CommitRejected) as caught:
        commit(state, payload, version=version)
    assert state == before, "a rejected commit must leave the stored state untouched"
    return caught.value


# --- a new attempt and its launches -------------------------------------------------------


def test_new_scorm_12_attempt_holds_the_server_values():
    state = new_attempt_state(
        V12, learner_id="staff-42", learner_name="Learner, Lena", mastery_score=80
    )
    assert state["cmi"] == {
        "cmi.core.student_id": "staff-42",
        "cmi.core.student_name": "Learner, Lena",
        "cmi.core.credit": "credit",
        "cmi.core.entry": "ab-initio",
        "cmi.core.lesson_mode": "normal",
        "cmi.launch_data": "",
        "cmi.core.total_time": "0000:00:00.00",
        "cmi.core.lesson_status": "not attempted",
        "cmi.student_data.mastery_score": "80",
    }
    assert state["session"] == 0


def test_new_scorm_2004_attempt_holds_the_server_values():
    state = new_attempt_state(
        V2004,
        learner_id="staff-42",
        learner_name="Learner, Lena",
        credit="no-credit",
        mode="review",
        launch_data="start=intro",
        mastery_score=0.75,
        completion_threshold=0.8,
    )
    assert state["cmi"] == {
        "cmi.learner_id": "staff-42",
        "cmi.learner_name": "Learner, Lena",
        "cmi.credit": "no-credit",
        "cmi.entry": "ab-initio",
        "cmi.mode": "review",
        "cmi.launch_data": "start=intro",
        "cmi.total_time": "PT0H0M0S",
        "cmi.completion_status": "unknown",
        "cmi.success_status": "unknown",
        "cmi.scaled_passing_score": "0.75",
        "cmi.completion_threshold": "0.8",
    }


@pytest.mark.parametrize(
    ("version", "settings"),
    [
        (V12, {"mastery_score": 101}),
        (V2004, {"mastery_score": 1.5}),
        (V2004, {"completion_threshold": -0.1}),
        (V12, {"completion_threshold": 0.5}),
        (V12, {"credit": "yes"}),
        (V2004, {"mode": "exam"}),
    ],
)
def test_new_attempt_refuses_impossible_settings(version, settings):
    with pytest.raises(ValueError):
        new_attempt_state(version, learner_id="a", learner_name="b", **settings)


def test_first_launch_is_ab_initio():
    state = launched(V2004)
    assert state["cmi"]["cmi.entry"] == "ab-initio"
    assert state["session"] == 1
    assert state["sequence"] == 0


@pytest.mark.parametrize("version", [V12, V2004])
def test_entry_is_resume_after_a_suspend_exit(version):
    exit_name = "cmi.core.exit" if version is V12 else "cmi.exit"
    entry_name = "cmi.core.entry" if version is V12 else "cmi.entry"
    state = commit(launched(version), {exit_name: "suspend"}, version=version).state
    assert next_entry(state, version=version) == "resume"
    relaunched = begin_session(state, version=version)
    assert relaunched["cmi"][entry_name] == "resume"
    assert relaunched["session"] == 2
    assert not attempt_has_ended(state, version=version)


@pytest.mark.parametrize(
    ("version", "exit_name", "exit_value"),
    [
        (V12, "cmi.core.exit", ""),
        (V12, "cmi.core.exit", "logout"),
        (V2004, "cmi.exit", "normal"),
        (V2004, "cmi.exit", "time-out"),
    ],
)
def test_entry_is_empty_after_any_other_exit(version, exit_name, exit_value):
    state = commit(launched(version), {exit_name: exit_value}, version=version).state
    assert next_entry(state, version=version) == ""


def test_only_scorm_2004_ends_the_attempt_without_a_suspend():
    state_2004 = commit(launched(V2004), {"cmi.exit": "normal"}, version=V2004).state
    state_12 = commit(launched(V12), {"cmi.core.exit": "logout"}, version=V12).state
    assert attempt_has_ended(state_2004, version=V2004)
    assert not attempt_has_ended(state_12, version=V12)
    assert not attempt_has_ended(new_attempt_state(V2004, learner_id="a", learner_name="b"),
                                 version=V2004)  # fmt: skip


def test_a_launch_that_never_commits_keeps_the_suspended_attempt():
    suspended = commit(launched(V2004), {"cmi.exit": "suspend"}, version=V2004).state
    silent = begin_session(suspended, version=V2004)
    assert begin_session(silent, version=V2004)["cmi"]["cmi.entry"] == "resume"


def test_begin_session_clears_the_last_session_time_only():
    state = commit(
        launched(V12),
        {"cmi.core.session_time": "00:05:00", "cmi.suspend_data": "p=3"},
        version=V12,
    ).state
    relaunched = begin_session(state, version=V12)
    assert "cmi.core.session_time" not in relaunched["cmi"]
    assert relaunched["cmi"]["cmi.suspend_data"] == "p=3"
    assert relaunched["time_before_session"] == 30_000


# --- what content may write ---------------------------------------------------------------


def test_scorm_12_writable_elements_are_stored():
    result = commit(
        launched(V12),
        {
            "cmi.core.lesson_location": "page-3",
            "cmi.core.lesson_status": "incomplete",
            "cmi.core.score.raw": "72.5",
            "cmi.core.score.min": "0",
            "cmi.core.score.max": "100",
            "cmi.core.exit": "suspend",
            "cmi.suspend_data": "x" * 4096,
            "cmi.comments": "Good",
            "cmi.student_preference.audio": "-1",
        },
        version=V12,
    )
    assert result.applied
    cmi = result.state["cmi"]
    assert cmi["cmi.core.lesson_location"] == "page-3"
    assert cmi["cmi.core.score.raw"] == "72.5"
    assert len(cmi["cmi.suspend_data"]) == 4096
    assert result.state["sequence"] == 1
    assert result.state["commits"] == 1


def test_scorm_2004_writable_elements_are_stored():
    result = commit(
        launched(V2004),
        {
            "cmi.location": "page-3",
            "cmi.completion_status": "completed",
            "cmi.success_status": "passed",
            "cmi.score.scaled": "-1",
            "cmi.score.raw": "150",  # 2004 raw scores have no fixed range
            "cmi.progress_measure": "1",
            "cmi.exit": "normal",
            "cmi.suspend_data": "x" * 64000,
            "cmi.learner_preference.audio_captioning": "1",
            "adl.nav.request": "continue",
        },
        version=V2004,
    )
    assert result.applied
    assert result.state["cmi"]["cmi.success_status"] == "passed"
    assert result.state["cmi"]["adl.nav.request"] == "continue"


def test_the_commit_does_not_change_the_state_it_was_given():
    state = launched(V2004)
    before = copy.deepcopy(state)
    commit(state, {"cmi.location": "2", "cmi.session_time": "PT1M"}, version=V2004)
    assert state == before


# --- read-only elements -------------------------------------------------------------------


def test_scorm_12_read_only_values_are_ignored_and_reported():
    state = launched(V12, mastery_score=80)
    result = commit(
        state,
        {
            "cmi.core.student_id": "someone-else",
            "cmi.core.student_name": "Else, Someone",
            "cmi.core.credit": "no-credit",
            "cmi.core.total_time": "9999:00:00",
            "cmi.core.lesson_mode": "browse",
            "cmi.student_data.mastery_score": "0",
            "cmi.launch_data": "forged",
            "cmi.core.entry": "ab-initio",  # the same as stored: an echo, not reported
            "cmi.core.lesson_status": "completed",
        },
        version=V12,
    )
    assert result.ignored_read_only == (
        "cmi.core.credit",
        "cmi.core.lesson_mode",
        "cmi.core.student_id",
        "cmi.core.student_name",
        "cmi.core.total_time",
        "cmi.launch_data",
        "cmi.student_data.mastery_score",
    )
    cmi = result.state["cmi"]
    assert cmi["cmi.core.student_id"] == "staff-42"
    assert cmi["cmi.core.credit"] == "credit"
    assert cmi["cmi.core.total_time"] == "0000:00:00.00"
    assert cmi["cmi.student_data.mastery_score"] == "80"
    assert cmi["cmi.core.lesson_status"] == "completed"


def test_scorm_2004_read_only_values_are_ignored_and_reported():
    state = launched(V2004, mastery_score=0.8, completion_threshold=0.9)
    result = commit(
        state,
        {
            "cmi.learner_id": "someone-else",
            "cmi.learner_name": "Else, Someone",
            "cmi.credit": "no-credit",
            "cmi.entry": "resume",
            "cmi.total_time": "PT100H",
            "cmi.mode": "browse",
            "cmi.launch_data": "forged",
            "cmi.completion_threshold": "0",
            "cmi.scaled_passing_score": "-1",
            "cmi.comments_from_lms.0.comment": "forged",
            "adl.nav.request_valid.continue": "true",
        },
        version=V2004,
    )
    assert set(result.ignored_read_only) == {
        "cmi.learner_id",
        "cmi.learner_name",
        "cmi.credit",
        "cmi.entry",
        "cmi.total_time",
        "cmi.mode",
        "cmi.launch_data",
        "cmi.completion_threshold",
        "cmi.scaled_passing_score",
        "cmi.comments_from_lms.0.comment",
    }
    assert result.state["cmi"] == {**state["cmi"]}


def test_unknown_elements_are_ignored_and_reported_and_keywords_skipped():
    result = commit(
        launched(V12),
        {
            "cmi.core._children": "student_id,student_name",
            "cmi.interactions._count": "3",
            "cmi.core.lesson_location": "2",
            "cmi.location": "2",  # a SCORM 2004 name in a 1.2 commit
            "cmi.interactions.01.id": "q1",  # leading zeros are not an index
            "cmi.made_up": "x",
        },
        version=V12,
    )
    assert result.ignored_unknown == ("cmi.interactions.01.id", "cmi.location", "cmi.made_up")
    assert "cmi.made_up" not in result.state["cmi"]
    assert "cmi.core._children" not in result.state["cmi"]


# --- vocabularies and ranges --------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "element", "value"),
    [
        (V12, "cmi.core.lesson_status", "done"),
        (V12, "cmi.core.lesson_status", "Passed"),
        (V12, "cmi.core.exit", "normal"),  # a 2004 word
        (V12, "cmi.core.score.raw", "101"),
        (V12, "cmi.core.score.raw", "-0.5"),
        (V12, "cmi.core.score.max", "abc"),
        (V12, "cmi.core.score.raw", "1e2"),
        (V12, "cmi.core.score.raw", "NaN"),
        (V12, "cmi.core.session_time", "PT5M"),  # a 2004 format
        (V12, "cmi.core.lesson_location", "x" * 256),
        (V12, "cmi.student_preference.text", "2"),
        (V12, "cmi.interactions.0.type", "essay"),
        (V12, "cmi.interactions.0.time", "25:00:00"),
        (V12, "cmi.interactions.0.result", "incorrect"),  # a 2004 word
        (V12, "cmi.interactions.0.id", "has space"),
        (V2004, "cmi.completion_status", "finished"),
        (V2004, "cmi.success_status", "completed"),
        (V2004, "cmi.exit", "quit"),
        (V2004, "cmi.score.scaled", "1.01"),
        (V2004, "cmi.score.raw", "1" * 41),
        (V2004, "cmi.score.scaled", "-1.5"),
        (V2004, "cmi.progress_measure", "1.2"),
        (V2004, "cmi.session_time", "00:05:00"),  # a 1.2 format
        (V2004, "cmi.location", "x" * 1001),
        (V2004, "cmi.interactions.0.timestamp", "yesterday"),
        (V2004, "cmi.interactions.0.result", "wrong"),  # a 1.2 word
        (V2004, "cmi.interactions.0.latency", "PT1.123S"),
        (V2004, "cmi.learner_preference.audio_captioning", "2"),
        (V2004, "adl.nav.request", "jumpAnywhere"),
    ],
)
def test_values_outside_the_data_model_reject_the_whole_commit(version, element, value):
    location = "cmi.core.lesson_location" if version is V12 else "cmi.location"
    error = rejected(launched(version), {location: "ok", element: value}, version=version)
    assert error.code == "invalid_value"
    assert error.element == element
    assert element in error.message


@pytest.mark.parametrize(
    ("version", "element", "value"),
    [
        (V12, "cmi.core.lesson_status", "not attempted"),  # scorm-again echoes the initial value
        (V12, "cmi.core.lesson_status", "browsed"),
        (V12, "cmi.core.score.raw", ""),
        (V12, "cmi.core.score.raw", "100"),
        (V12, "cmi.core.score.raw", "0.25"),
        (V12, "cmi.core.exit", ""),
        (V12, "cmi.interactions.0.result", "0.5"),
        (V12, "cmi.interactions.0.time", "23:59:59.99"),
        (V2004, "cmi.exit", ""),
        (V2004, "cmi.completion_status", "not attempted"),
        (V2004, "cmi.score.scaled", "1"),
        (V2004, "cmi.score.scaled", ""),
        (V2004, "cmi.interactions.0.timestamp", "2024-05-01T09:30:00"),
        (V2004, "cmi.interactions.0.timestamp", "2024-05-01T09:30:00.5Z"),
        (V2004, "cmi.comments_from_learner.0.comment", "{lang=en-GB}" + "x" * 4000),
        (V2004, "adl.nav.request", "{target=item_2}choice"),
    ],
)
def test_values_inside_the_data_model_are_accepted(version, element, value):
    assert (
        commit(launched(version), {element: value}, version=version).state["cmi"][element] == value
    )


def test_scorm_12_suspend_data_over_4096_characters_is_rejected():
    error = rejected(launched(V12), {"cmi.suspend_data": "x" * 4097}, version=V12)
    assert error.code == "suspend_data_too_large"
    assert "4,097 characters" in error.message
    assert "4,096" in error.message


def test_scorm_2004_suspend_data_over_64000_characters_is_rejected():
    error = rejected(launched(V2004), {"cmi.suspend_data": "x" * 64001}, version=V2004)
    assert error.code == "suspend_data_too_large"
    assert "64,000" in error.message


def test_suspend_data_is_counted_in_characters_not_bytes():
    state = commit(launched(V12), {"cmi.suspend_data": "é" * 4096}, version=V12).state
    assert len(state["cmi"]["cmi.suspend_data"]) == 4096


# --- interactions and objectives ----------------------------------------------------------


def test_interactions_and_objectives_within_the_caps_are_kept():
    payload = {}
    for index in range(250):
        payload |= {
            f"cmi.interactions.{index}.id": f"q{index}",
            f"cmi.interactions.{index}.type": "choice",
            f"cmi.interactions.{index}.learner_response": "a[,]b",
            f"cmi.interactions.{index}.result": "correct",
            f"cmi.interactions.{index}.latency": "PT12S",
        }
    for index in range(100):
        payload[f"cmi.objectives.{index}.id"] = f"objective-{index}"
        payload[f"cmi.objectives.{index}.success_status"] = "passed"
    state = commit(launched(V2004), payload, version=V2004).state
    assert state["cmi"]["cmi.interactions.249.id"] == "q249"
    assert state["cmi"]["cmi.objectives.99.success_status"] == "passed"


@pytest.mark.parametrize(
    ("version", "element"),
    [
        (V2004, "cmi.interactions.250.id"),
        (V2004, "cmi.objectives.100.id"),
        (V2004, "cmi.interactions.0.objectives.25.id"),
        (V2004, "cmi.interactions.0.correct_responses.25.pattern"),
        (V12, "cmi.interactions.250.id"),
        (V12, "cmi.objectives.100.id"),
        (V2004, "cmi.comments_from_learner.250.comment"),
    ],
)
def test_arrays_beyond_their_caps_are_rejected(version, element):
    error = rejected(launched(version), {element: "x"}, version=version)
    assert error.code == "too_many_entries"


def test_a_whole_commit_is_bounded():
    too_many = {f"cmi.interactions.{n % 250}.objectives.{n % 25}.id": "x" for n in range(6250)}
    too_many |= {f"cmi.unknown.{n}": "x" for n in range(20_000)}
    with pytest.raises(CommitRejected) as caught:
        commit(launched(V2004), too_many, version=V2004)
    assert caught.value.code == "payload_too_large"


# --- total time and idempotency -----------------------------------------------------------


def test_session_time_is_added_into_total_time():
    result = commit(launched(V12), {"cmi.core.session_time": "00:05:30.25"}, version=V12)
    assert result.state["cmi"]["cmi.core.total_time"] == "0000:05:30.25"
    assert result.total_time == timedelta(minutes=5, seconds=30.25)


def test_a_replayed_commit_does_not_count_its_time_twice():
    state = launched(V2004)
    payload = {"cmi.session_time": "PT10M", "cmi.location": "4"}
    first = commit(state, payload, version=V2004, sequence=1)
    again = commit(first.state, payload, version=V2004, sequence=1)
    assert first.state["cmi"]["cmi.total_time"] == "PT0H10M0S"
    assert again.disposition is Disposition.REPLAYED
    assert not again.applied
    assert again.state == first.state
    assert again.total_time == timedelta(minutes=10)


def test_an_older_commit_arriving_late_changes_nothing():
    state = launched(V2004)
    second = commit(
        state, {"cmi.location": "2", "cmi.session_time": "PT2M"}, version=V2004, sequence=2
    )
    late_first = commit(second.state, {"cmi.location": "1"}, version=V2004, sequence=1)
    assert late_first.disposition is Disposition.REPLAYED
    assert late_first.state["cmi"]["cmi.location"] == "2"


def test_session_time_is_the_whole_session_so_later_commits_replace_it():
    # SCORM's session_time is the time of the session so far, so two commits of one session
    # reporting 3 then 5 minutes mean 5 minutes, not 8.
    state = launched(V2004)
    first = commit(state, {"cmi.session_time": "PT3M"}, version=V2004, sequence=1)
    second = commit(first.state, {"cmi.session_time": "PT5M"}, version=V2004, sequence=2)
    assert second.state["cmi"]["cmi.total_time"] == "PT0H5M0S"


def test_total_time_accumulates_across_sessions():
    state = launched(V12)
    state = commit(state, {"cmi.core.session_time": "00:05:00", "cmi.core.exit": "suspend"},
                   version=V12).state  # fmt: skip
    state = begin_session(state, version=V12)
    state = commit(state, {"cmi.core.session_time": "00:03:00.50"}, version=V12).state
    assert state["cmi"]["cmi.core.total_time"] == "0000:08:00.50"


def test_a_commit_without_session_time_keeps_the_sessions_time():
    state = launched(V12)
    state = commit(state, {"cmi.core.session_time": "00:01:00"}, version=V12, sequence=1).state
    state = commit(state, {"cmi.core.lesson_location": "9"}, version=V12, sequence=2).state
    assert state["cmi"]["cmi.core.total_time"] == "0000:01:00.00"


def test_a_commit_from_an_earlier_launch_is_stale():
    state = launched(V2004)
    state = begin_session(state, version=V2004)
    result = commit(state, {"cmi.session_time": "PT1H"}, version=V2004, session=1)
    assert result.disposition is Disposition.STALE_SESSION
    assert result.state["cmi"]["cmi.total_time"] == "PT0H0M0S"


@pytest.mark.parametrize(
    ("session", "sequence", "code"),
    [(2, 1, "unknown_session"), (1, 0, "bad_commit_key"), (0, 1, "bad_commit_key")],
)
def test_impossible_commit_keys_are_rejected(session, sequence, code):
    with pytest.raises(CommitRejected) as caught:
        commit(launched(V12), {}, version=V12, session=session, sequence=sequence)
    assert caught.value.code == code


def test_a_commit_before_any_launch_is_rejected():
    state = new_attempt_state(V12, learner_id="a", learner_name="b")
    with pytest.raises(CommitRejected) as caught:
        apply_commit(state, {}, version=V12, key=CommitKey(session=1, sequence=1))
    assert caught.value.code == "no_session"


# --- payload shapes -----------------------------------------------------------------------


def test_nested_payloads_are_flattened():
    nested = {
        "cmi": {
            "core": {"lesson_status": "passed", "score": {"raw": 85, "max": 100.0}},
            "interactions": [{"id": "q1", "result": 0.5}],
        }
    }
    assert flatten_payload(nested) == {
        "cmi.core.lesson_status": "passed",
        "cmi.core.score.raw": "85",
        "cmi.core.score.max": "100",
        "cmi.interactions.0.id": "q1",
        "cmi.interactions.0.result": "0.5",
    }


def test_a_nested_commit_applies_like_a_flat_one():
    payload = {"cmi": {"core": {"lesson_status": "passed", "score": {"raw": 85}}}}
    state = commit(launched(V12), payload, version=V12).state
    assert state["cmi"]["cmi.core.score.raw"] == "85"


@pytest.mark.parametrize(
    "payload",
    [
        ["cmi.core.lesson_status", "passed"],
        {"cmi.core.lesson_status": True},
        {"cmi.core.lesson_status": {"nested": object()}},
        {"cmi": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": "deep"}}}}}}}}}},
    ],
)
def test_malformed_payloads_are_rejected(payload):
    with pytest.raises(CommitRejected) as caught:
        commit(launched(V12), payload, version=V12)
    assert caught.value.code == "malformed_payload"


def test_null_is_read_as_blank():
    state = commit(launched(V12), {"cmi.core.score.raw": None}, version=V12).state
    assert state["cmi"]["cmi.core.score.raw"] == ""
