"""The runtime data model each SCORM version defines: which elements exist, who may write them,
and what values they accept.

Elements are named in dot notation with ``n`` standing for an array index, for example
``cmi.interactions.n.id``. The tables follow the SCORM 1.2 RTE (chapter 3) and the SCORM 2004
RTE (chapter 4); value limits are the specs' smallest permitted maximums (SPM), which is what
portable content can rely on and so what the server accepts. Checks raise ``InvalidValue``
with a sentence a content author can act on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from courses.scorm.durations import DurationError, TimeFormat, parse_duration
from courses.scorm.versions import ScormVersion

Check = Callable[[str], None]


class InvalidValue(ValueError):
    """A value the data model does not allow for its element."""


class Access(Enum):
    READ_ONLY = "read-only"  # set by the LMS; content may only read it
    READ_WRITE = "read-write"
    WRITE_ONLY = "write-only"  # content reports it; the LMS never hands it back


@dataclass(frozen=True)
class ElementRule:
    access: Access
    check: Check

    @property
    def writable(self) -> bool:
        return self.access is not Access.READ_ONLY


# re.ASCII keeps \d to 0-9: the data model's numbers are written in ASCII digits only.
_DECIMAL = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_INTEGER = re.compile(r"-?\d+", re.ASCII)
_CMI_TIME = re.compile(r"(?P<h>\d{2}):(?P<m>\d{2}):(?P<s>\d{2})(?:\.\d{1,2})?", re.ASCII)
# time(second,10,0): a date and time with as much precision as the content has, and a zone
# only after a full hh:mm:ss.s (SCORM 2004 RTE appendix A).
_ISO_TIMESTAMP = re.compile(
    r"\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}(?::\d{2}(?::\d{2}"
    r"(?:\.\d{1,2}(?:Z|[+-]\d{2}(?::\d{2})?)?)?)?)?)?)?)?",
    re.ASCII,
)
_LANG_PREFIX = re.compile(r"\{lang=[^}]{0,250}\}")
_NAV_REQUEST = re.compile(
    r"continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_"
    r"|\{target=[^}\s]{1,4000}\}(?:choice|jump)"
)
_INDEX = re.compile(r"0|[1-9]\d{0,5}", re.ASCII)

# Array sizes are the spec's SPMs or, where a spec sets none (SCORM 1.2), the same numbers,
# so a forged commit cannot make the server store an unbounded record.
ARRAY_CAPS: dict[str, int] = {
    "cmi.interactions": 250,
    "cmi.interactions.n.objectives": 25,
    "cmi.interactions.n.correct_responses": 25,
    "cmi.objectives": 100,
    "cmi.comments_from_learner": 250,
    "cmi.comments_from_lms": 250,
}

# real(10,7) carries ten significant digits; forty characters leave room for zeros and sign
# while keeping a "number" from being a place to hide kilobytes.
DECIMAL_LIMIT = 40
SUSPEND_DATA_LIMIT_12 = 4096
SUSPEND_DATA_LIMIT_2004 = 64000
# SCORM 2004 response patterns grow with the number of choices; this allows every SPM-sized
# choice, matching and sequencing answer while still bounding one value.
RESPONSE_LIMIT_2004 = 8000


def characters(limit: int) -> Check:
    def check(value: str) -> None:
        if len(value) > limit:
            raise InvalidValue(f"is {len(value):,} characters long; at most {limit:,} are allowed")

    return check


def localized(limit: int) -> Check:
    """A SCORM 2004 localized string: an optional ``{lang=..}`` tag then up to ``limit``."""
    count = characters(limit)

    def check(value: str) -> None:
        tag = _LANG_PREFIX.match(value)
        count(value[tag.end() :] if tag else value)

    return check


def vocabulary(*words: str) -> Check:
    allowed = frozenset(words)

    def check(value: str) -> None:
        if value not in allowed:
            shown = ", ".join(f'"{word}"' for word in words)
            raise InvalidValue(f"must be one of {shown}, not {value!r}")

    return check


def decimal(*, low: float | None = None, high: float | None = None, blank: bool = True) -> Check:
    """A plain decimal (no exponent, no NaN), optionally blank, within ``low``..``high``."""

    def check(value: str) -> None:
        if value == "" and blank:
            return
        if len(value) > DECIMAL_LIMIT or not _DECIMAL.fullmatch(value):
            raise InvalidValue(f"must be a decimal number, not {value[:DECIMAL_LIMIT]!r}")
        number = float(value)
        if (low is not None and number < low) or (high is not None and number > high):
            raise InvalidValue(f"must be between {_bound(low)} and {_bound(high)}, not {value}")

    return check


def integer(*, low: int, high: int) -> Check:
    def check(value: str) -> None:
        if not _INTEGER.fullmatch(value) or not low <= int(value) <= high:
            raise InvalidValue(f"must be a whole number from {low} to {high}, not {value!r}")

    return check


def duration(time_format: TimeFormat) -> Check:
    def check(value: str) -> None:
        try:
            parse_duration(value, time_format=time_format)
        except DurationError as error:
            raise InvalidValue(str(error)) from error

    return check


def identifier(limit: int) -> Check:
    """An identifier: non-empty, no white space, at most ``limit`` characters."""
    count = characters(limit)

    def check(value: str) -> None:
        if not value or any(character.isspace() for character in value):
            raise InvalidValue(f"must be a non-empty identifier without spaces, not {value!r}")
        count(value)

    return check


def either(*checks: Check) -> Check:
    """Accepts a value that any of ``checks`` accepts; reports the first one's complaint."""

    def check(value: str) -> None:
        complaints = []
        for candidate in checks:
            try:
                candidate(value)
            except InvalidValue as error:
                complaints.append(str(error))
            else:
                return
        raise InvalidValue(" or ".join(complaints))

    return check


def cmi_time(value: str) -> None:
    """SCORM 1.2 CMITime: a time of day, ``HH:MM:SS`` with up to two decimals."""
    match = _CMI_TIME.fullmatch(value)
    if not match or int(match["h"]) > 23 or int(match["m"]) > 59 or int(match["s"]) > 59:
        raise InvalidValue(f"must be a time of day HH:MM:SS(.SS), not {value!r}")


def iso_timestamp(value: str) -> None:
    if not _ISO_TIMESTAMP.fullmatch(value):
        raise InvalidValue(
            f"must be an ISO 8601 date and time (YYYY-MM-DDThh:mm:ss.s), not {value!r}"
        )


def navigation_request(value: str) -> None:
    if not _NAV_REQUEST.fullmatch(value):
        raise InvalidValue(f"is not a SCORM 2004 navigation request: {value!r}")


def _bound(limit: float | None) -> str:
    return "any" if limit is None else f"{limit:g}"


def _unchecked(value: str) -> None:
    """Read-only values are never taken from content, so there is nothing to check."""


def _read_only() -> ElementRule:
    return ElementRule(Access.READ_ONLY, _unchecked)


def _rw(check: Check) -> ElementRule:
    return ElementRule(Access.READ_WRITE, check)


def _wo(check: Check) -> ElementRule:
    return ElementRule(Access.WRITE_ONLY, check)


LESSON_STATUS_12 = ("passed", "completed", "failed", "incomplete", "browsed", "not attempted")
EXIT_12 = ("time-out", "suspend", "logout", "")
INTERACTION_TYPES_12 = (
    "true-false",
    "choice",
    "fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
)

COMPLETION_STATUS_2004 = ("completed", "incomplete", "not attempted", "unknown")
SUCCESS_STATUS_2004 = ("passed", "failed", "unknown")
EXIT_2004 = ("time-out", "suspend", "logout", "normal", "")
INTERACTION_TYPES_2004 = (*INTERACTION_TYPES_12, "long-fill-in", "other")

_SCORE_12 = decimal(low=0, high=100)

RULES_12: dict[str, ElementRule] = {
    "cmi.core.student_id": _read_only(),
    "cmi.core.student_name": _read_only(),
    "cmi.core.credit": _read_only(),
    "cmi.core.entry": _read_only(),
    "cmi.core.total_time": _read_only(),
    "cmi.core.lesson_mode": _read_only(),
    "cmi.launch_data": _read_only(),
    "cmi.comments_from_lms": _read_only(),
    "cmi.student_data.mastery_score": _read_only(),
    "cmi.student_data.max_time_allowed": _read_only(),
    "cmi.student_data.time_limit_action": _read_only(),
    "cmi.core.lesson_location": _rw(characters(255)),
    "cmi.core.lesson_status": _rw(vocabulary(*LESSON_STATUS_12)),
    "cmi.core.score.raw": _rw(_SCORE_12),
    "cmi.core.score.min": _rw(_SCORE_12),
    "cmi.core.score.max": _rw(_SCORE_12),
    "cmi.core.exit": _wo(vocabulary(*EXIT_12)),
    "cmi.core.session_time": _wo(duration(TimeFormat.CMI_TIMESPAN)),
    "cmi.suspend_data": _rw(characters(SUSPEND_DATA_LIMIT_12)),
    "cmi.comments": _rw(characters(4096)),
    "cmi.student_preference.audio": _rw(integer(low=-1, high=100)),
    "cmi.student_preference.language": _rw(characters(255)),
    "cmi.student_preference.speed": _rw(integer(low=-100, high=100)),
    "cmi.student_preference.text": _rw(integer(low=-1, high=1)),
    "cmi.objectives.n.id": _rw(identifier(255)),
    "cmi.objectives.n.score.raw": _rw(decimal()),
    "cmi.objectives.n.score.min": _rw(decimal()),
    "cmi.objectives.n.score.max": _rw(decimal()),
    "cmi.objectives.n.status": _rw(vocabulary(*LESSON_STATUS_12)),
    "cmi.interactions.n.id": _wo(identifier(255)),
    "cmi.interactions.n.objectives.n.id": _wo(identifier(255)),
    "cmi.interactions.n.time": _wo(cmi_time),
    "cmi.interactions.n.type": _wo(vocabulary(*INTERACTION_TYPES_12)),
    "cmi.interactions.n.correct_responses.n.pattern": _wo(characters(255)),
    "cmi.interactions.n.weighting": _wo(decimal()),
    "cmi.interactions.n.student_response": _wo(characters(255)),
    "cmi.interactions.n.result": _wo(
        either(vocabulary("correct", "wrong", "unanticipated", "neutral"), decimal(blank=False))
    ),
    "cmi.interactions.n.latency": _wo(duration(TimeFormat.CMI_TIMESPAN)),
}

_SCALED = decimal(low=-1, high=1)
_MEASURE = decimal(low=0, high=1)

RULES_2004: dict[str, ElementRule] = {
    "cmi.learner_id": _read_only(),
    "cmi.learner_name": _read_only(),
    "cmi.credit": _read_only(),
    "cmi.entry": _read_only(),
    "cmi.total_time": _read_only(),
    "cmi.mode": _read_only(),
    "cmi.launch_data": _read_only(),
    "cmi.completion_threshold": _read_only(),
    "cmi.scaled_passing_score": _read_only(),
    "cmi.max_time_allowed": _read_only(),
    "cmi.time_limit_action": _read_only(),
    "cmi.comments_from_lms.n.comment": _read_only(),
    "cmi.comments_from_lms.n.location": _read_only(),
    "cmi.comments_from_lms.n.timestamp": _read_only(),
    "cmi.location": _rw(characters(1000)),
    "cmi.completion_status": _rw(vocabulary(*COMPLETION_STATUS_2004)),
    "cmi.success_status": _rw(vocabulary(*SUCCESS_STATUS_2004)),
    "cmi.score.scaled": _rw(_SCALED),
    "cmi.score.raw": _rw(decimal()),
    "cmi.score.min": _rw(decimal()),
    "cmi.score.max": _rw(decimal()),
    "cmi.progress_measure": _rw(_MEASURE),
    "cmi.exit": _wo(vocabulary(*EXIT_2004)),
    "cmi.session_time": _wo(duration(TimeFormat.ISO_8601)),
    "cmi.suspend_data": _rw(characters(SUSPEND_DATA_LIMIT_2004)),
    "cmi.learner_preference.audio_level": _rw(decimal(low=0, blank=False)),
    "cmi.learner_preference.language": _rw(characters(250)),
    "cmi.learner_preference.delivery_speed": _rw(decimal(low=0, blank=False)),
    "cmi.learner_preference.audio_captioning": _rw(vocabulary("-1", "0", "1")),
    "cmi.comments_from_learner.n.comment": _rw(localized(4000)),
    "cmi.comments_from_learner.n.location": _rw(characters(250)),
    "cmi.comments_from_learner.n.timestamp": _rw(iso_timestamp),
    "cmi.interactions.n.id": _rw(identifier(4000)),
    "cmi.interactions.n.type": _rw(vocabulary(*INTERACTION_TYPES_2004)),
    "cmi.interactions.n.objectives.n.id": _rw(identifier(4000)),
    "cmi.interactions.n.timestamp": _rw(iso_timestamp),
    "cmi.interactions.n.correct_responses.n.pattern": _rw(characters(RESPONSE_LIMIT_2004)),
    "cmi.interactions.n.weighting": _rw(decimal()),
    "cmi.interactions.n.learner_response": _rw(characters(RESPONSE_LIMIT_2004)),
    "cmi.interactions.n.result": _rw(
        either(vocabulary("correct", "incorrect", "unanticipated", "neutral"), decimal(blank=False))
    ),
    "cmi.interactions.n.latency": _rw(duration(TimeFormat.ISO_8601)),
    "cmi.interactions.n.description": _rw(localized(250)),
    "cmi.objectives.n.id": _rw(identifier(4000)),
    "cmi.objectives.n.score.scaled": _rw(_SCALED),
    "cmi.objectives.n.score.raw": _rw(decimal()),
    "cmi.objectives.n.score.min": _rw(decimal()),
    "cmi.objectives.n.score.max": _rw(decimal()),
    "cmi.objectives.n.success_status": _rw(vocabulary(*SUCCESS_STATUS_2004)),
    "cmi.objectives.n.completion_status": _rw(vocabulary(*COMPLETION_STATUS_2004)),
    "cmi.objectives.n.progress_measure": _rw(_MEASURE),
    "cmi.objectives.n.description": _rw(localized(250)),
    "adl.nav.request": _rw(navigation_request),
}


@dataclass(frozen=True)
class ElementName:
    """An element name split into its pattern (indices as ``n``) and the indices it used."""

    pattern: str
    indices: tuple[tuple[str, int], ...]  # (array pattern, index) from the outside in


def rules_for(version: ScormVersion) -> dict[str, ElementRule]:
    return RULES_2004 if version.is_2004 else RULES_12


def is_keyword(name: str) -> bool:
    """``_count``, ``_children`` and ``_version`` describe the model; they hold no data."""
    return name.rsplit(".", 1)[-1].startswith("_")


def is_read_only_navigation(name: str) -> bool:
    # The LMS answers these (e.g. adl.nav.request_valid.choice.{target=x}); their targets may
    # hold dots, so they are recognised by prefix rather than split into segments.
    return name.startswith("adl.nav.request_valid.")


def split_element(name: str) -> ElementName:
    """The pattern of ``name`` with array positions as ``n``, and each array's index."""
    segments: list[str] = []
    indices: list[tuple[str, int]] = []
    for segment in name.split("."):
        if _INDEX.fullmatch(segment):
            indices.append((".".join(segments), int(segment)))
            segments.append("n")
        else:
            segments.append(segment)
    return ElementName(pattern=".".join(segments), indices=tuple(indices))
