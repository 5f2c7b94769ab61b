"""Reading a checked statement: scores, and how the block's pass mark turns them into status."""

from __future__ import annotations

from decimal import Decimal

import pytest

from courses.h5p_player.services import outcome_for
from courses.h5p_player.statements import (
    StatementRejected,
    Verb,
    check_state,
    check_statement,
    read_payload,
)
from lms.records.models import ProgressStatus
from tests.courses.h5p_player.builders import statement

IRI = "http://127.0.0.1:8000/learn/lessons/1/h5p/abc/"


def checked(**kwargs):
    return check_statement(statement(IRI, **kwargs), activity_iri=IRI)


def test_an_answered_statement_as_truefalse_sends_it():
    result = checked()
    assert result.verb == Verb.ANSWERED
    assert result.score.scaled == 1
    assert (result.success, result.completion) == (True, True)


def test_a_scaled_score_is_worked_out_from_raw_min_and_max_when_missing():
    result = checked(score={"min": 2, "max": 12, "raw": 7})
    assert result.score.scaled == Decimal("0.5")


def test_h5p_rounding_of_scaled_is_accepted():
    assert checked(score={"min": 0, "max": 3, "raw": 2, "scaled": 0.6667}).score.raw == 2


@pytest.mark.parametrize(
    ("scaled", "pass_mark", "completion", "status"),
    [
        ("0.8", 80, True, ProgressStatus.PASSED),
        ("0.7999", 80, True, ProgressStatus.FAILED),
        ("0", 0, True, ProgressStatus.PASSED),
        ("1", 100, True, ProgressStatus.PASSED),
        ("0.5", 80, None, ProgressStatus.FAILED),
        ("0.5", 80, False, ProgressStatus.IN_PROGRESS),
        ("-0.5", 10, True, ProgressStatus.FAILED),
    ],
)
def test_the_pass_mark_turns_a_score_into_a_status(scaled, pass_mark, completion, status):
    result = checked(score={"scaled": float(scaled)}, completion=completion)

    outcome = outcome_for(statement=result, pass_mark=pass_mark)

    assert outcome.status == status
    assert outcome.score == max(Decimal(scaled), Decimal(0))


@pytest.mark.parametrize(("completion", "status"), [(None, "completed"), (False, "in_progress")])
def test_without_a_score_completion_decides(completion, status):
    body = statement(IRI, completion=completion)
    del body["result"]["score"]

    outcome = outcome_for(statement=check_statement(body, activity_iri=IRI), pass_mark=80)

    assert (outcome.status, outcome.score) == (status, None)


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_numbers_that_are_not_finite_are_refused(value):
    with pytest.raises(StatementRejected):
        checked(score={"raw": value, "max": 1})


def test_the_message_must_hold_an_object():
    with pytest.raises(StatementRejected, match="JSON object"):
        read_payload(b'"statement"')
    assert read_payload(b"{}").statement is None


@pytest.mark.parametrize("state", ['{"answer": true}', "[]", "null", '"text"'])
def test_any_json_text_is_a_resume_state(state):
    assert check_state(state) == state
