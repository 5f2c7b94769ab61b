import pytest

from courses.scorm.runtime import (
    CommitKey,
    LessonStatus,
    Outcome,
    apply_commit,
    begin_session,
    derive_lesson_outcome,
    new_attempt_state,
)
from courses.scorm.versions import ScormVersion

V12 = ScormVersion.SCORM_12
V2004 = ScormVersion.SCORM_2004_3RD


def after(version, payload, **settings):
    """The stored state after one commit of ``payload`` in a first launch."""
    state = new_attempt_state(version, learner_id="staff-42", learner_name="Lena", **settings)
    state = begin_session(state, version=version)
    if payload is None:
        return state
    return apply_commit(state, payload, version=version, key=CommitKey(1, 1)).state


def outcome(version, payload, *, mastery_score=None, **settings):
    return derive_lesson_outcome(
        version, after(version, payload, **settings), mastery_score=mastery_score
    )


# --- SCORM 1.2 ----------------------------------------------------------------------------


def test_scorm_12_not_started_until_the_sco_commits():
    assert outcome(V12, None) == Outcome(LessonStatus.NOT_STARTED, None)
    assert outcome(V12, {"cmi.core.lesson_location": "1"}).status is LessonStatus.IN_PROGRESS


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("incomplete", LessonStatus.IN_PROGRESS),
        ("browsed", LessonStatus.IN_PROGRESS),
        ("completed", LessonStatus.COMPLETED),
        ("passed", LessonStatus.PASSED),
        ("failed", LessonStatus.FAILED),
    ],
)
def test_scorm_12_without_a_mastery_score_takes_the_scos_status(status, expected):
    assert outcome(V12, {"cmi.core.lesson_status": status}).status is expected


def test_scorm_12_mastery_score_decides_a_pass():
    # The SCO says failed, but the raw score meets the mastery score: the LMS decides.
    result = outcome(
        V12, {"cmi.core.lesson_status": "failed", "cmi.core.score.raw": "80"}, mastery_score=80
    )
    assert result == Outcome(LessonStatus.PASSED, 0.8)


def test_scorm_12_mastery_score_decides_a_fail_once_the_sco_has_finished():
    payload = {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "79.5"}
    assert outcome(V12, payload, mastery_score=80).status is LessonStatus.FAILED


def test_scorm_12_a_low_score_part_way_through_is_not_yet_a_fail():
    payload = {"cmi.core.lesson_status": "incomplete", "cmi.core.score.raw": "10"}
    assert outcome(V12, payload, mastery_score=80).status is LessonStatus.IN_PROGRESS


def test_scorm_12_mastery_score_stored_with_the_attempt_is_used():
    payload = {"cmi.core.lesson_status": "completed", "cmi.core.score.raw": "90"}
    assert derive_lesson_outcome(V12, after(V12, payload)).status is LessonStatus.COMPLETED
    state = after(V12, payload, mastery_score=95)
    assert derive_lesson_outcome(V12, state).status is LessonStatus.FAILED


def test_scorm_12_no_credit_attempts_are_not_judged_by_mastery():
    payload = {"cmi.core.lesson_status": "completed", "cmi.core.score.raw": "10"}
    result = outcome(V12, payload, mastery_score=80, credit="no-credit")
    assert result.status is LessonStatus.COMPLETED


def test_scorm_12_score_is_scaled_from_the_scos_range():
    payload = {
        "cmi.core.lesson_status": "completed",
        "cmi.core.score.raw": "15",
        "cmi.core.score.min": "10",
        "cmi.core.score.max": "20",
    }
    assert outcome(V12, payload).score_scaled == pytest.approx(0.5)
    assert outcome(V12, {"cmi.core.score.raw": "42"}).score_scaled == pytest.approx(0.42)
    assert outcome(V12, {"cmi.core.score.raw": ""}).score_scaled is None


def test_scorm_12_a_forged_mastery_score_in_the_commit_changes_nothing():
    payload = {
        "cmi.student_data.mastery_score": "0",
        "cmi.core.lesson_status": "completed",
        "cmi.core.score.raw": "5",
    }
    state = after(V12, payload, mastery_score=80)
    assert derive_lesson_outcome(V12, state).status is LessonStatus.FAILED


# --- SCORM 2004 ---------------------------------------------------------------------------


def test_scorm_2004_not_started_until_the_sco_commits():
    assert outcome(V2004, None) == Outcome(LessonStatus.NOT_STARTED, None)
    assert outcome(V2004, {"cmi.location": "1"}).status is LessonStatus.IN_PROGRESS


@pytest.mark.parametrize(
    ("completion", "success", "expected"),
    [
        ("incomplete", "unknown", LessonStatus.IN_PROGRESS),
        ("completed", "unknown", LessonStatus.COMPLETED),
        ("completed", "passed", LessonStatus.PASSED),
        ("incomplete", "passed", LessonStatus.PASSED),
        ("completed", "failed", LessonStatus.FAILED),
        ("unknown", "unknown", LessonStatus.IN_PROGRESS),
    ],
)
def test_scorm_2004_without_a_pass_mark_takes_the_scos_statuses(completion, success, expected):
    payload = {"cmi.completion_status": completion, "cmi.success_status": success}
    assert outcome(V2004, payload).status is expected


def test_scorm_2004_scaled_passing_score_decides_success():
    payload = {
        "cmi.completion_status": "completed",
        "cmi.success_status": "failed",
        "cmi.score.scaled": "0.8",
    }
    assert outcome(V2004, payload, mastery_score=0.8) == Outcome(LessonStatus.PASSED, 0.8)
    payload["cmi.success_status"] = "passed"
    assert outcome(V2004, payload, mastery_score=0.81).status is LessonStatus.FAILED


def test_scorm_2004_a_claimed_pass_without_a_score_is_not_a_pass():
    payload = {"cmi.completion_status": "completed", "cmi.success_status": "passed"}
    assert outcome(V2004, payload, mastery_score=0.5).status is LessonStatus.COMPLETED


def test_scorm_2004_a_low_score_before_completion_is_not_yet_a_fail():
    payload = {"cmi.completion_status": "incomplete", "cmi.score.scaled": "0.1"}
    assert outcome(V2004, payload, mastery_score=0.8).status is LessonStatus.IN_PROGRESS


def test_scorm_2004_pass_mark_from_the_manifest_is_stored_with_the_attempt():
    payload = {"cmi.completion_status": "completed", "cmi.score.scaled": "0.7"}
    state = after(V2004, payload, mastery_score=0.75)
    assert derive_lesson_outcome(V2004, state) == Outcome(LessonStatus.FAILED, 0.7)


def test_scorm_2004_completion_threshold_decides_completion():
    payload = {"cmi.completion_status": "incomplete", "cmi.progress_measure": "0.9"}
    assert outcome(V2004, payload, completion_threshold=0.9).status is LessonStatus.COMPLETED
    payload = {"cmi.completion_status": "completed", "cmi.progress_measure": "0.5"}
    assert outcome(V2004, payload, completion_threshold=0.9).status is LessonStatus.IN_PROGRESS


def test_scorm_2004_without_a_progress_measure_the_scos_completion_stands():
    payload = {"cmi.completion_status": "completed"}
    assert outcome(V2004, payload, completion_threshold=0.9).status is LessonStatus.COMPLETED
