"""The server side of the SCORM runtime: the stored data for one learner, SCO and attempt, and
what a commit from the browser may change in it.

Trust: the browser is not trusted. scorm-again runs inside the learner's page, so anyone can
post a commit by hand with any values. The server therefore (1) takes identity, credit, mode,
launch data, pass marks and total time only from its own stored state, ignoring and reporting
what a payload says about them, (2) enforces every vocabulary, range and size limit of the
data model itself, rejecting the whole commit if one value is wrong, and (3) derives the
lesson outcome from the runtime data by the spec's rules. What remains is what SCORM
inherently trusts: a SCO's own report of status and score. Callers must also accept commits
only with a signed per-attempt token, so a learner can at most misreport their own attempt.

State: a plain JSON-ready dict::

    {"cmi": {"cmi.core.lesson_status": "incomplete", ...},  # element -> string value
     "session": 2,               # launches of this attempt so far; 0 before the first
     "sequence": 5,              # highest commit applied in the current session
     "commits": 9,               # commits applied in the whole attempt
     "time_before_session": 0}   # total time in centiseconds when this session began

Idempotency: each launch (``begin_session``) numbers a session; the page numbers its commits
1, 2, 3... within it and sends ``CommitKey(session, sequence)`` with each. A commit whose
sequence is not above the last applied one is a replay (for instance the unload beacon
repeating a commit that already arrived) and changes nothing. A commit from an earlier
session is stale and changes nothing either. SCORM's session time is the time of the whole
session so far, so total time is recomputed as ``time_before_session + session_time`` rather
than added to, and a repeated or later commit can never count the same minutes twice.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from courses.scorm.datamodel import (
    ARRAY_CAPS,
    Check,
    InvalidValue,
    is_keyword,
    is_read_only_navigation,
    rules_for,
    split_element,
)
from courses.scorm.durations import TimeFormat, format_duration, parse_duration, to_timedelta
from courses.scorm.outcome import LessonStatus, Outcome, derive_lesson_outcome
from courses.scorm.versions import ScormVersion

__all__ = [
    "CommitKey",
    "CommitRejected",
    "CommitResult",
    "Disposition",
    "LessonStatus",
    "Outcome",
    "apply_commit",
    "attempt_has_ended",
    "begin_session",
    "derive_lesson_outcome",
    "flatten_payload",
    "new_attempt_state",
    "next_entry",
]

# A whole commit is bounded as well as each value, so many maximal values cannot add up to
# an unbounded row: 250 interactions with long responses fit well inside these.
MAX_COMMIT_ELEMENTS = 20_000
MAX_COMMIT_CHARACTERS = 2_000_000
MAX_PAYLOAD_DEPTH = 8
# Reports of ignored elements are for logs and messages; a forged payload could list
# thousands.
MAX_REPORTED_NAMES = 50


class CommitRejected(ValueError):
    """A commit the data model does not allow; nothing from it was stored."""

    def __init__(self, code: str, message: str, *, element: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.element = element


class Disposition(StrEnum):
    APPLIED = "applied"
    REPLAYED = "replayed"  # this session already had a commit with this number or later
    STALE_SESSION = "stale_session"  # a later launch of the attempt has begun


@dataclass(frozen=True)
class CommitKey:
    """Which commit this is: the session number the server issued and the page's counter."""

    session: int
    sequence: int


@dataclass(frozen=True)
class CommitResult:
    state: dict[str, Any]
    disposition: Disposition
    ignored_read_only: tuple[str, ...]  # read-only elements whose payload value differed
    ignored_unknown: tuple[str, ...]  # elements the version's data model does not have
    total_time: timedelta

    @property
    def applied(self) -> bool:
        return self.disposition is Disposition.APPLIED


@dataclass(frozen=True)
class _Terms:
    """The element names one version uses for the things the server itself reasons about."""

    learner_id: str
    learner_name: str
    credit: str
    entry: str
    mode: str
    launch_data: str
    total_time: str
    session_time: str
    exit: str
    mastery: str
    time_format: TimeFormat


_TERMS_12 = _Terms(
    learner_id="cmi.core.student_id",
    learner_name="cmi.core.student_name",
    credit="cmi.core.credit",
    entry="cmi.core.entry",
    mode="cmi.core.lesson_mode",
    launch_data="cmi.launch_data",
    total_time="cmi.core.total_time",
    session_time="cmi.core.session_time",
    exit="cmi.core.exit",
    mastery="cmi.student_data.mastery_score",
    time_format=TimeFormat.CMI_TIMESPAN,
)
_TERMS_2004 = _Terms(
    learner_id="cmi.learner_id",
    learner_name="cmi.learner_name",
    credit="cmi.credit",
    entry="cmi.entry",
    mode="cmi.mode",
    launch_data="cmi.launch_data",
    total_time="cmi.total_time",
    session_time="cmi.session_time",
    exit="cmi.exit",
    mastery="cmi.scaled_passing_score",
    time_format=TimeFormat.ISO_8601,
)


def _terms(version: ScormVersion) -> _Terms:
    return _TERMS_2004 if version.is_2004 else _TERMS_12


def new_attempt_state(
    version: ScormVersion,
    *,
    learner_id: str,
    learner_name: str,
    credit: str = "credit",
    mode: str = "normal",
    launch_data: str = "",
    mastery_score: float | None = None,
    completion_threshold: float | None = None,
) -> dict[str, Any]:
    """The stored state of a fresh attempt, before its first launch.

    ``mastery_score`` is the pass mark in the version's own scale: SCORM 1.2's
    ``adlcp:masteryscore`` (0..100 on the raw score) or SCORM 2004's scaled passing score
    (-1..1). ``completion_threshold`` (0..1) exists in SCORM 2004 only.
    """
    terms = _terms(version)
    _require_choice("credit", credit, ("credit", "no-credit"))
    _require_choice("mode", mode, ("normal", "review", "browse"))
    cmi = {
        terms.learner_id: learner_id,
        terms.learner_name: learner_name,
        terms.credit: credit,
        terms.entry: "ab-initio",
        terms.mode: mode,
        terms.launch_data: launch_data,
        terms.total_time: format_duration(0, time_format=terms.time_format),
    }
    if version.is_2004:
        cmi |= {"cmi.completion_status": "unknown", "cmi.success_status": "unknown"}
        if completion_threshold is not None:
            _require_range("completion_threshold", completion_threshold, 0, 1)
            cmi["cmi.completion_threshold"] = _number_text(completion_threshold)
        if mastery_score is not None:
            _require_range("mastery_score", mastery_score, -1, 1)
    else:
        cmi["cmi.core.lesson_status"] = "not attempted"
        if completion_threshold is not None:
            raise ValueError("SCORM 1.2 has no completion threshold")
        if mastery_score is not None:
            _require_range("mastery_score", mastery_score, 0, 100)
    if mastery_score is not None:
        cmi[terms.mastery] = _number_text(mastery_score)
    return {"cmi": cmi, "session": 0, "sequence": 0, "commits": 0, "time_before_session": 0}


def next_entry(state: Mapping[str, Any], *, version: ScormVersion) -> str:
    """The ``entry`` value the next launch will see: resume only after a suspend exit."""
    if state["session"] == 0:
        return "ab-initio"
    return "resume" if state["cmi"].get(_terms(version).exit) == "suspend" else ""


def attempt_has_ended(state: Mapping[str, Any], *, version: ScormVersion) -> bool:
    """Whether SCORM 2004 says the next launch must start a new attempt.

    In 2004 an exit other than ``suspend`` ends the learner attempt, so its data must not be
    offered again. SCORM 1.2 leaves that to the LMS; this platform keeps 1.2 data.
    """
    if not version.is_2004 or state["session"] == 0:
        return False
    return next_entry(state, version=version) != "resume"


def begin_session(state: Mapping[str, Any], *, version: ScormVersion) -> dict[str, Any]:
    """The state for a new launch of this attempt: ``entry`` set, session time cleared."""
    terms = _terms(version)
    new_state = copy.deepcopy(dict(state))
    cmi = new_state["cmi"]
    cmi[terms.entry] = next_entry(state, version=version)
    # Session time belongs to one session; the exit is kept until this session reports its
    # own, so a launch that never talks to the server does not lose a suspended attempt.
    cmi.pop(terms.session_time, None)
    new_state["time_before_session"] = parse_duration(
        cmi[terms.total_time], time_format=terms.time_format
    )
    new_state["session"] = state["session"] + 1
    new_state["sequence"] = 0
    return new_state


def apply_commit(
    state: Mapping[str, Any],
    payload: Mapping[str, Any],
    *,
    version: ScormVersion,
    key: CommitKey,
) -> CommitResult:
    """The state after one commit, or ``CommitRejected`` with nothing changed.

    ``payload`` maps element names to values, flat (``{"cmi.core.lesson_status": ...}``) or
    nested (``{"cmi": {"core": {...}}}``) as scorm-again's commit formats send it.
    """
    disposition = _disposition(state, key)
    if disposition is not Disposition.APPLIED:
        return _unchanged(state, version=version, disposition=disposition)
    values = flatten_payload(payload)
    accepted, read_only, unknown = _screen(values, stored=state["cmi"], version=version)
    terms = _terms(version)
    cmi = {**state["cmi"], **accepted}
    session_time = parse_duration(
        cmi.get(terms.session_time) or format_duration(0, time_format=terms.time_format),
        time_format=terms.time_format,
    )
    total = state["time_before_session"] + session_time
    cmi[terms.total_time] = format_duration(total, time_format=terms.time_format)
    new_state = {
        **copy.deepcopy(dict(state)),
        "cmi": cmi,
        "sequence": key.sequence,
        "commits": state.get("commits", 0) + 1,
    }
    return CommitResult(
        state=new_state,
        disposition=Disposition.APPLIED,
        ignored_read_only=read_only,
        ignored_unknown=unknown,
        total_time=to_timedelta(total),
    )


def flatten_payload(payload: Mapping[str, Any]) -> dict[str, str]:
    """Element name -> string value for a flat or nested commit payload."""
    if not isinstance(payload, Mapping):
        raise CommitRejected("malformed_payload", "A commit must be a JSON object.")
    flat: dict[str, str] = {}
    _flatten_into(flat, payload, prefix="", depth=0)
    if len(flat) > MAX_COMMIT_ELEMENTS:
        raise CommitRejected(
            "payload_too_large",
            f"A commit may set at most {MAX_COMMIT_ELEMENTS:,} elements, not {len(flat):,}.",
        )
    if sum(len(value) for value in flat.values()) > MAX_COMMIT_CHARACTERS:
        raise CommitRejected(
            "payload_too_large",
            f"A commit may carry at most {MAX_COMMIT_CHARACTERS:,} characters of data.",
        )
    return flat


def _disposition(state: Mapping[str, Any], key: CommitKey) -> Disposition:
    if key.session < 1 or key.sequence < 1:
        raise CommitRejected("bad_commit_key", "Commit session and sequence numbers start at 1.")
    if state["session"] == 0:
        raise CommitRejected("no_session", "This attempt has not been launched yet.")
    if key.session > state["session"]:
        raise CommitRejected("unknown_session", f"Session {key.session} was never started.")
    if key.session < state["session"]:
        return Disposition.STALE_SESSION
    if key.sequence <= state["sequence"]:
        return Disposition.REPLAYED
    return Disposition.APPLIED


def _unchanged(
    state: Mapping[str, Any], *, version: ScormVersion, disposition: Disposition
) -> CommitResult:
    terms = _terms(version)
    total = parse_duration(state["cmi"][terms.total_time], time_format=terms.time_format)
    return CommitResult(
        state=copy.deepcopy(dict(state)),
        disposition=disposition,
        ignored_read_only=(),
        ignored_unknown=(),
        total_time=to_timedelta(total),
    )


def _screen(
    values: Mapping[str, str], *, stored: Mapping[str, str], version: ScormVersion
) -> tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]:
    """Split a flat payload into accepted values, ignored read-only and unknown elements."""
    rules = rules_for(version)
    accepted: dict[str, str] = {}
    read_only: list[str] = []
    unknown: list[str] = []
    for name, value in values.items():
        if is_keyword(name):
            continue
        if is_read_only_navigation(name):
            continue
        element = split_element(name)
        rule = rules.get(element.pattern)
        if rule is None:
            unknown.append(name)
        elif not rule.writable:
            # An echo of the server's value (blank where it has none) is not news.
            if stored.get(name, "") != value:
                read_only.append(name)
        else:
            _check_indices(name, element.indices)
            _check_value(name, value, rule.check)
            accepted[name] = value
    return accepted, _report(read_only), _report(unknown)


def _check_indices(name: str, indices: tuple[tuple[str, int], ...]) -> None:
    for array, index in indices:
        pattern = split_element(array).pattern
        cap = ARRAY_CAPS.get(pattern)
        if cap is not None and index >= cap:
            raise CommitRejected(
                "too_many_entries",
                f"{name}: {pattern} may hold at most {cap} entries.",
                element=name,
            )


def _check_value(name: str, value: str, check: Check) -> None:
    try:
        check(value)
    except InvalidValue as error:
        code = "suspend_data_too_large" if name == "cmi.suspend_data" else "invalid_value"
        raise CommitRejected(code, f"{name} {error}.", element=name) from error


def _flatten_into(flat: dict[str, str], node: Any, *, prefix: str, depth: int) -> None:
    if depth > MAX_PAYLOAD_DEPTH:
        raise CommitRejected("malformed_payload", "A commit is nested too deeply.")
    if isinstance(node, Mapping):
        children = [(str(key), child) for key, child in node.items()]
    elif isinstance(node, list):
        children = [(str(index), child) for index, child in enumerate(node)]
    else:
        flat[prefix] = _leaf_text(prefix, node)
        return
    for key, child in children:
        _flatten_into(flat, child, prefix=f"{prefix}.{key}" if prefix else key, depth=depth + 1)


def _leaf_text(name: str, value: Any) -> str:
    # JSON numbers are accepted as their text; true/false are not SCORM values.
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number_text(value)
    raise CommitRejected(
        "malformed_payload", f"{name} must be a string or a number.", element=name or None
    )


def _report(names: list[str]) -> tuple[str, ...]:
    return tuple(sorted(names)[:MAX_REPORTED_NAMES])


def _number_text(number: float) -> str:
    # Plain positional digits: the data model's decimals have no exponent form.
    if float(number).is_integer():
        return str(int(number))
    return f"{number:.10f}".rstrip("0")


def _require_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}, not {value!r}")


def _require_range(name: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, not {value}")
