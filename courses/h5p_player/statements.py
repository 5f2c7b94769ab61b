"""Checking what the H5P player sends: an xAPI statement and the content's resume state.

Only what the record needs is read. The actor, timestamp, authority and anything else a
statement claims about who or when are ignored: the server knows who is signed in and
what time it is. Everything read is checked for type, range and consistency, and a
statement that fails any check is refused whole.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

# A statement about one activity is a few kilobytes; H5P's longest (a long free-text
# answer in result.response) stays well inside this.
MAX_STATEMENT_BYTES = 16 * 1024
# H5P content keeps its resume state small (answers given, page reached); a course
# presentation with many slides is the largest in practice.
MAX_STATE_BYTES = 64 * 1024
MAX_BODY_BYTES = MAX_STATEMENT_BYTES + MAX_STATE_BYTES + 1024
# H5P rounds scaled scores to four decimal places.
_SCALED_TOLERANCE = Decimal("0.001")


class Verb(StrEnum):
    """The verbs that say an attempt has an outcome; H5P sends many more (interacted,
    attempted, progressed...), which change nothing in the record."""

    ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
    COMPLETED = "http://adlnet.gov/expapi/verbs/completed"


class StatementRejected(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Score:
    scaled: Decimal
    raw: Decimal | None = None
    min: Decimal | None = None
    max: Decimal | None = None


@dataclass(frozen=True)
class CheckedStatement:
    verb: Verb
    score: Score | None
    success: bool | None
    completion: bool | None

    @property
    def verb_name(self) -> str:
        return self.verb.name.lower()


@dataclass(frozen=True)
class Payload:
    """What one message from the bridge carries: a statement, a resume state, or both."""

    statement: dict[str, Any] | None
    state: str | None


def read_payload(body: bytes) -> Payload:
    if len(body) > MAX_BODY_BYTES:
        raise StatementRejected("too_large", "The message is too large.")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise StatementRejected("not_json", "The message is not valid JSON.") from exc
    if not isinstance(data, dict):
        raise StatementRejected("not_json", "The message must be a JSON object.")
    statement = data.get("statement")
    if statement is not None:
        if not isinstance(statement, dict):
            raise StatementRejected("invalid_statement", "The statement must be an object.")
        if len(_compact(statement)) > MAX_STATEMENT_BYTES:
            raise StatementRejected("too_large", "The statement is too large.")
    return Payload(statement=statement, state=check_state(data.get("state")))


def check_state(value: object) -> str | None:
    """H5P's resume state as H5P wrote it (a JSON text), or None when none was sent."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise StatementRejected("invalid_state", "The resume state must be JSON text.")
    if len(value.encode("utf-8")) > MAX_STATE_BYTES:
        raise StatementRejected("too_large", "The resume state is too large.")
    try:
        json.loads(value)
    except (ValueError, RecursionError) as exc:
        raise StatementRejected("invalid_state", "The resume state must be JSON text.") from exc
    return value


def check_statement(statement: dict[str, Any], *, activity_iri: str) -> CheckedStatement:
    verb = _verb(statement.get("verb"))
    _check_object(statement.get("object"), activity_iri=activity_iri)
    result = statement.get("result", {})
    if not isinstance(result, dict):
        raise StatementRejected("invalid_result", "The statement's result must be an object.")
    return CheckedStatement(
        verb=verb,
        score=_score(result.get("score")),
        success=_optional_bool(result, key="success"),
        completion=_optional_bool(result, key="completion"),
    )


def _compact(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _verb(value: object) -> Verb:
    verb_id = value.get("id") if isinstance(value, dict) else None
    try:
        return Verb(verb_id)
    except ValueError as exc:
        raise StatementRejected(
            "verb_not_accepted", "Only answered and completed statements are recorded."
        ) from exc


def _check_object(value: object, *, activity_iri: str) -> None:
    if not isinstance(value, dict) or value.get("id") != activity_iri:
        # Sub-content of a compound activity has ?subContentId= on its id and is
        # refused here: only the activity as a whole makes an outcome.
        raise StatementRejected(
            "wrong_activity", "The statement is not about this lesson's activity."
        )
    if value.get("objectType", "Activity") != "Activity":
        raise StatementRejected("wrong_activity", "The statement's object must be an Activity.")


def _optional_bool(result: dict[str, Any], *, key: str) -> bool | None:
    value = result.get(key)
    if value is not None and not isinstance(value, bool):
        raise StatementRejected("invalid_result", f"result.{key} must be true or false.")
    return value


def _number(score: dict[str, Any], *, key: str) -> Decimal | None:
    value = score.get(key)
    if value is None:
        return None
    # bool is an int to Python, and NaN or infinity can arrive from a lax JSON encoder.
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise StatementRejected("invalid_score", f"result.score.{key} must be a number.")
    return Decimal(str(value))


def _score(value: object) -> Score | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise StatementRejected("invalid_score", "result.score must be an object.")
    raw, low, high, scaled = (_number(value, key=key) for key in ("raw", "min", "max", "scaled"))
    if low is not None and high is not None and low >= high:
        raise StatementRejected("invalid_score", "result.score.min must be below max.")
    if raw is not None and high is not None and raw > high:
        raise StatementRejected("invalid_score", "result.score.raw is above max.")
    if raw is not None and low is not None and raw < low:
        raise StatementRejected("invalid_score", "result.score.raw is below min.")
    if scaled is not None and not Decimal(-1) <= scaled <= Decimal(1):
        raise StatementRejected("invalid_score", "result.score.scaled must be from -1 to 1.")
    derived = None
    if raw is not None and high is not None:
        bottom = low if low is not None else Decimal(0)
        if bottom >= high:
            raise StatementRejected("invalid_score", "result.score.max must be above min.")
        derived = (raw - bottom) / (high - bottom)
    if scaled is None and derived is None:
        raise StatementRejected(
            "invalid_score", "result.score needs scaled, or raw with max, to be understood."
        )
    if scaled is not None and derived is not None and abs(scaled - derived) > _SCALED_TOLERANCE:
        raise StatementRejected(
            "invalid_score", "result.score.scaled does not agree with raw, min and max."
        )
    return Score(scaled=scaled if scaled is not None else derived, raw=raw, min=low, max=high)
