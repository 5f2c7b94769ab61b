"""Attempts, commits and what they mean for the learning record, below the HTTP layer."""

from __future__ import annotations

import pytest

from courses.models import ScormAttempt
from courses.scorm.runtime import Disposition
from courses.scorm_runtime import services
from courses.scorm_runtime.tokens import CommitGrant
from lms.records import services as records
from lms.records.models import (
    ActivityProgress,
    CourseCompletion,
    LearningEvent,
    LessonProgress,
    ProgressStatus,
)

PASS_12 = {
    "cmi.core.lesson_status": "passed",
    "cmi.core.score.raw": "90",
    "cmi.core.score.min": "0",
    "cmi.core.score.max": "100",
    "cmi.core.exit": "",
    "cmi.core.session_time": "0000:02:00.00",
}
PASS_2004 = {
    "cmi.completion_status": "completed",
    "cmi.success_status": "passed",
    "cmi.score.scaled": "0.9",
    "cmi.exit": "normal",
    "cmi.session_time": "PT2M",
}
SUSPEND_12 = {
    "cmi.core.lesson_status": "incomplete",
    "cmi.core.lesson_location": "2",
    "cmi.suspend_data": '{"page":2}',
    "cmi.core.exit": "suspend",
    "cmi.core.session_time": "0000:01:00.00",
}


# --- the attempt's lifecycle -------------------------------------------------------------


def test_first_launch_starts_attempt_one_from_the_beginning(scorm12, learner, enrol, play):
    page = play(scorm12, enrol(learner, scorm12))

    assert page.attempt.number == 1
    assert page.launch.session == 1
    assert page.launch.entry == "ab-initio"
    assert page.launch.cmi["cmi.core.student_id"] == str(learner.pk)
    assert page.launch.cmi["cmi.core.student_name"] == "Learner, Lena"
    assert page.launch.cmi["cmi.student_data.mastery_score"] == "80"
    # Nothing is begun until the page commits, so an unused launch changes nothing.
    assert page.stored()["session"] == 0


def test_a_suspended_attempt_resumes_with_its_place(scorm12, learner, enrol, play):
    enrolment = enrol(learner, scorm12)
    first = play(scorm12, enrolment)
    first.commit(SUSPEND_12)

    again = play(scorm12, enrolment)

    assert again.attempt.pk == first.attempt.pk
    assert again.launch.session == 2
    assert again.launch.entry == "resume"
    assert again.launch.cmi["cmi.core.lesson_location"] == "2"
    assert again.launch.cmi["cmi.suspend_data"] == '{"page":2}'
    # Write-only elements are never handed back to content.
    assert "cmi.core.exit" not in again.launch.cmi
    assert "cmi.core.session_time" not in again.launch.cmi


def test_a_scorm_12_attempt_left_without_suspending_is_kept_but_not_resumed(
    scorm12, learner, enrol, play
):
    enrolment = enrol(learner, scorm12)
    play(scorm12, enrolment).commit({**SUSPEND_12, "cmi.core.exit": ""})

    again = play(scorm12, enrolment)

    assert again.attempt.number == 1
    assert again.launch.entry == ""


def test_scorm_2004_starts_a_new_attempt_once_the_last_one_ended(scorm2004, learner, enrol, play):
    enrolment = enrol(learner, scorm2004)
    first = play(scorm2004, enrolment)
    first.commit(PASS_2004)

    second = play(scorm2004, enrolment)

    assert second.attempt.number == 2
    assert second.launch.entry == "ab-initio"
    assert second.launch.cmi["cmi.completion_status"] == "unknown"
    first.attempt.refresh_from_db()
    assert first.attempt.has_ended


def test_scorm_2004_suspend_resumes_the_same_attempt(scorm2004, learner, enrol, play):
    enrolment = enrol(learner, scorm2004)
    first = play(scorm2004, enrolment)
    first.commit(
        {"cmi.location": "3", "cmi.suspend_data": "p=3", "cmi.exit": "suspend"},
    )

    again = play(scorm2004, enrolment)

    assert again.attempt.pk == first.attempt.pk
    assert again.launch.entry == "resume"
    assert again.launch.cmi["cmi.location"] == "3"
    assert again.launch.cmi["cmi.suspend_data"] == "p=3"


def test_a_scos_navigation_request_is_not_handed_back_to_it(scorm2004, learner, enrol, play):
    enrolment = enrol(learner, scorm2004)
    play(scorm2004, enrolment).commit({"adl.nav.request": "continue", "cmi.exit": "suspend"})

    again = play(scorm2004, enrolment)

    assert again.attempt.state["cmi"]["adl.nav.request"] == "continue"
    assert all(name.startswith("cmi.") for name in again.launch.cmi)


# --- what a commit may change --------------------------------------------------------------


def test_replayed_and_repeated_commits_never_count_time_twice(scorm12, learner, enrol, play):
    enrolment = enrol(learner, scorm12)
    page = play(scorm12, enrolment)
    page.commit({"cmi.core.session_time": "0000:05:00.00"}, sequence=1)
    replay = page.commit({"cmi.core.session_time": "0000:05:00.00"}, sequence=1)
    assert replay.disposition is Disposition.REPLAYED
    assert page.stored()["cmi"]["cmi.core.total_time"] == "0000:05:00.00"

    # Session time is the whole session so far: seven minutes in, not twelve.
    page.commit({"cmi.core.session_time": "0000:07:00.00", "cmi.core.exit": "suspend"}, sequence=2)
    assert page.stored()["cmi"]["cmi.core.total_time"] == "0000:07:00.00"

    later = play(scorm12, enrolment)
    later.commit({"cmi.core.session_time": "0000:03:00.00"})
    assert later.stored()["cmi"]["cmi.core.total_time"] == "0000:10:00.00"


def test_read_only_elements_keep_the_servers_values(scorm12, learner, enrol, play):
    page = play(scorm12, enrol(learner, scorm12))

    outcome = page.commit(
        {
            "cmi.core.student_id": "someone-else",
            "cmi.core.credit": "no-credit",
            "cmi.student_data.mastery_score": "0",
            "cmi.core.total_time": "9999:00:00.00",
            "cmi.core.lesson_location": "1",
        }
    )

    stored = page.stored()["cmi"]
    assert stored["cmi.core.student_id"] == str(learner.pk)
    assert stored["cmi.core.credit"] == "credit"
    assert stored["cmi.student_data.mastery_score"] == "80"
    assert stored["cmi.core.total_time"] == "0000:00:00.00"
    assert stored["cmi.core.lesson_location"] == "1"
    assert set(outcome.ignored_read_only) == {
        "cmi.core.student_id",
        "cmi.core.credit",
        "cmi.student_data.mastery_score",
        "cmi.core.total_time",
    }


def test_oversized_suspend_data_is_rejected_and_nothing_is_stored(scorm12, learner, enrol, play):
    page = play(scorm12, enrol(learner, scorm12))
    before = page.stored()

    with pytest.raises(services.ScormCommitRejected) as caught:
        page.commit({"cmi.core.lesson_status": "passed", "cmi.suspend_data": "x" * 4097})

    assert caught.value.code == "suspend_data_too_large"
    assert page.stored() == before
    assert not ActivityProgress.objects.exists()


def test_scorm_2004_allows_64000_characters_of_suspend_data_and_no_more(
    scorm2004, learner, enrol, play
):
    page = play(scorm2004, enrol(learner, scorm2004))
    page.commit({"cmi.suspend_data": "x" * 64000})
    assert len(page.stored()["cmi"]["cmi.suspend_data"]) == 64000

    with pytest.raises(services.ScormCommitRejected) as caught:
        page.commit({"cmi.suspend_data": "x" * 64001})
    assert caught.value.code == "suspend_data_too_large"
    assert caught.value.version.is_2004


def test_a_score_beyond_the_data_model_is_rejected(scorm12, learner, enrol, play):
    page = play(scorm12, enrol(learner, scorm12))

    with pytest.raises(services.ScormCommitRejected) as caught:
        page.commit({"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "150"})

    assert caught.value.code == "invalid_value"
    assert not ActivityProgress.objects.exists()


def test_a_claimed_pass_below_the_mastery_score_is_recorded_as_a_fail(
    scorm12, learner, enrol, play
):
    page = play(scorm12, enrol(learner, scorm12))

    page.commit({**PASS_12, "cmi.core.score.raw": "30"})

    assert ActivityProgress.objects.get().status == ProgressStatus.IN_PROGRESS
    parts = services.sco_progress(
        enrolment=page.enrolment, activity_key=scorm12.activity_key, package=scorm12.package
    )
    assert [part.status for part in parts] == [ProgressStatus.FAILED, ProgressStatus.NOT_STARTED]


def test_a_claimed_2004_pass_below_the_passing_score_does_not_pass(scorm2004, learner, enrol, play):
    page = play(scorm2004, enrol(learner, scorm2004))

    page.commit({**PASS_2004, "cmi.score.scaled": "0.5"})

    progress = ActivityProgress.objects.get()
    assert progress.status == ProgressStatus.FAILED
    assert not CourseCompletion.objects.exists()


def test_a_commit_without_a_sequence_number_is_rejected(scorm12, learner, enrol, play):
    page = play(scorm12, enrol(learner, scorm12))

    for payload in ({}, {"commitSequence": 0}, {"commitSequence": "1"}, {"commitSequence": True}):
        with pytest.raises(services.ScormCommitRejected) as caught:
            services.commit(attempt_id=page.attempt.pk, token=page.grant, payload=payload)
        assert caught.value.code == "bad_commit_key"


def test_scorm_agains_blank_defaults_do_not_reject_a_commit(scorm12, learner, enrol, play):
    # What scorm-again 3 sends for a SCO that set only its status and one interaction id.
    page = play(scorm12, enrol(learner, scorm12))

    page.commit(
        {
            "cmi.core.lesson_status": "incomplete",
            "cmi.core.score.raw": "",
            "cmi.core.score.max": "100",
            "cmi.core.exit": "",
            "cmi.core.total_time": "00:00:00",
            "cmi.objectives": {},
            "cmi.student_preference.audio": "",
            "cmi.student_preference.speed": "",
            "cmi.student_preference.text": "",
            "cmi.interactions.0.id": "q1",
            "cmi.interactions.0.time": "",
            "cmi.interactions.0.result": "",
            "cmi.interactions.0.latency": "",
            "cmi.interactions.0.correct_responses": {},
        }
    )

    stored = page.stored()["cmi"]
    assert stored["cmi.core.lesson_status"] == "incomplete"
    assert stored["cmi.interactions.0.id"] == "q1"
    assert "cmi.interactions.0.time" not in stored


def test_a_stored_value_cannot_be_blanked_past_the_data_model(scorm12, learner, enrol, play):
    page = play(scorm12, enrol(learner, scorm12))
    page.commit({"cmi.student_preference.audio": "50"})

    with pytest.raises(services.ScormCommitRejected):
        page.commit({"cmi.student_preference.audio": ""})
    assert page.stored()["cmi"]["cmi.student_preference.audio"] == "50"


def test_a_page_opened_again_makes_the_older_page_stale(scorm12, learner, enrol, play):
    enrolment = enrol(learner, scorm12)
    older = play(scorm12, enrolment)
    older.commit({"cmi.core.lesson_location": "1"})
    newer = play(scorm12, enrolment)
    newer.commit({"cmi.core.lesson_location": "3"})

    outcome = older.commit({"cmi.core.lesson_location": "2"})

    assert outcome.disposition is Disposition.STALE_SESSION
    assert newer.stored()["cmi"]["cmi.core.lesson_location"] == "3"


def test_the_last_commit_of_a_reloaded_page_still_counts(scorm12, learner, enrol, play):
    # A reloaded page sends its final beacon only after the new page has been served.
    enrolment = enrol(learner, scorm12)
    older = play(scorm12, enrolment)
    older.commit({"cmi.core.lesson_location": "1"})
    newer = play(scorm12, enrolment)

    beacon = older.commit({**SUSPEND_12, "cmi.core.lesson_location": "3"})

    assert beacon.disposition is Disposition.APPLIED
    newer.commit({"cmi.core.session_time": "0000:00:30.00"})
    stored = newer.stored()["cmi"]
    assert stored["cmi.core.lesson_location"] == "3"
    assert stored["cmi.core.total_time"] == "0000:01:30.00"


# --- who may commit ------------------------------------------------------------------------


def test_a_token_for_another_attempt_or_learner_is_refused(
    scorm12, learner, other_learner, enrol, play
):
    page = play(scorm12, enrol(learner, scorm12))
    other_attempt = play(scorm12, page.enrolment, sco="item_2").attempt
    payload = {"cmi.core.lesson_status": "passed", "commitSequence": 1}

    with pytest.raises(services.CommitRefused) as caught:
        services.commit(attempt_id=other_attempt.pk, token=page.grant, payload=payload)
    assert caught.value.code == "wrong_attempt"

    someone_else = CommitGrant(attempt_id=page.attempt.pk, user_id=other_learner.pk, session=1)
    with pytest.raises(services.CommitRefused) as caught:
        services.commit(attempt_id=page.attempt.pk, token=someone_else, payload=payload)
    assert caught.value.code == "wrong_user"
    assert page.stored()["session"] == 0


def test_a_learner_who_left_the_course_cannot_commit(scorm12, learner, enrol, play):
    page = play(scorm12, enrol(learner, scorm12))
    records.withdraw(enrolment=page.enrolment)

    with pytest.raises(services.CommitRefused) as caught:
        page.commit(PASS_12)
    assert caught.value.code == "not_enrolled"


def test_a_session_that_was_never_issued_is_rejected(scorm12, learner, enrol, play):
    page = play(scorm12, enrol(learner, scorm12))
    page.commit({"cmi.core.lesson_location": "1"})
    forged = CommitGrant(attempt_id=page.attempt.pk, user_id=learner.pk, session=5)

    with pytest.raises(services.ScormCommitRejected) as caught:
        services.commit(
            attempt_id=page.attempt.pk, token=forged, payload={**PASS_12, "commitSequence": 9}
        )
    assert caught.value.code == "unknown_session"


# --- the learning record -----------------------------------------------------------------


def test_a_passed_2004_sco_completes_lesson_and_course_once(scorm2004, learner, enrol, play):
    enrolment = enrol(learner, scorm2004)
    page = play(scorm2004, enrolment)
    page.commit({"cmi.completion_status": "incomplete", "cmi.location": "1"})
    assert ActivityProgress.objects.get().status == ProgressStatus.IN_PROGRESS

    page.commit(PASS_2004)
    page.commit({**PASS_2004, "cmi.location": "3"})
    play(scorm2004, enrolment).commit(PASS_2004)

    activity = ActivityProgress.objects.get()
    assert activity.status == ProgressStatus.PASSED
    assert str(activity.score) == "0.9000"
    assert activity.kind == "scorm"
    assert LessonProgress.objects.get(lesson=scorm2004.lesson).status == ProgressStatus.PASSED
    assert CourseCompletion.objects.filter(enrolment=enrolment).count() == 1
    course_completions = LearningEvent.objects.filter(
        enrolment=enrolment, verb=LearningEvent.Verb.COMPLETED, result__course=True
    )
    assert course_completions.count() == 1
    passes = LearningEvent.objects.filter(
        enrolment=enrolment, verb=LearningEvent.Verb.PASSED, source=LearningEvent.Source.SCORM
    )
    assert passes.count() == 1


def test_a_multi_sco_package_is_complete_only_when_every_sco_is(scorm12, learner, enrol, play):
    enrolment = enrol(learner, scorm12)
    play(scorm12, enrolment, sco="item_1").commit(PASS_12)

    assert ActivityProgress.objects.get().status == ProgressStatus.IN_PROGRESS
    assert LessonProgress.objects.get(lesson=scorm12.lesson).status == ProgressStatus.IN_PROGRESS
    assert not CourseCompletion.objects.exists()

    play(scorm12, enrolment, sco="item_2").commit({**PASS_12, "cmi.core.score.raw": "80"})

    activity = ActivityProgress.objects.get()
    assert activity.status == ProgressStatus.PASSED
    assert str(activity.score) == "0.8500"  # the mean of the two SCOs' scores
    assert LessonProgress.objects.get(lesson=scorm12.lesson).status == ProgressStatus.PASSED
    assert CourseCompletion.objects.filter(enrolment=enrolment).count() == 1


def test_a_best_result_stands_when_a_2004_sco_is_started_again(scorm2004, learner, enrol, play):
    enrolment = enrol(learner, scorm2004)
    play(scorm2004, enrolment).commit(PASS_2004)

    retry = play(scorm2004, enrolment)
    retry.commit({"cmi.completion_status": "incomplete"})

    assert retry.attempt.number == 2
    assert ActivityProgress.objects.get().status == ProgressStatus.PASSED
    parts = services.sco_progress(
        enrolment=enrolment, activity_key=scorm2004.activity_key, package=scorm2004.package
    )
    assert [part.status for part in parts] == [ProgressStatus.PASSED]


def test_commits_that_change_no_outcome_write_no_learning_events(scorm12, learner, enrol, play):
    page = play(scorm12, enrol(learner, scorm12))
    page.commit({"cmi.core.lesson_status": "incomplete"})
    events = LearningEvent.objects.count()

    for page_number in range(2, 6):
        page.commit({"cmi.core.lesson_location": str(page_number)})

    assert LearningEvent.objects.count() == events
    assert ScormAttempt.objects.get().state["commits"] == 5
