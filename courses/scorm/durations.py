"""Time spans in the two SCORM runtime formats, held exactly as whole centiseconds.

SCORM 1.2 writes a CMITimespan, ``HHHH:MM:SS.SS`` (two to four digits of hours, two of
minutes, two of seconds and an optional one- or two-digit fraction). SCORM 2004 writes an
ISO 8601 time interval, ``P[yY][mM][dD][T[hH][nM][s[.s]S]]``, whose seconds may carry at
most two fractional digits. Both resolve to a hundredth of a second, so whole centiseconds
keep every addition exact where floats would drift over a long course.
"""

from __future__ import annotations

import re
from datetime import timedelta
from enum import StrEnum

CENTISECONDS_PER_SECOND = 100
CENTISECONDS_PER_MINUTE = 60 * CENTISECONDS_PER_SECOND
CENTISECONDS_PER_HOUR = 60 * CENTISECONDS_PER_MINUTE
CENTISECONDS_PER_DAY = 24 * CENTISECONDS_PER_HOUR
# ISO 8601 leaves the length of a year and a month open; these fixed lengths are the usual
# convention for elapsed time and only matter to content that reports months of study.
CENTISECONDS_PER_MONTH = 30 * CENTISECONDS_PER_DAY
CENTISECONDS_PER_YEAR = 365 * CENTISECONDS_PER_DAY

# A CMITimespan has at most four digits of hours; a larger total is shown at the ceiling
# rather than in a form that SCORM 1.2 content could not read back.
MAX_TIMESPAN_CENTISECONDS = 9999 * CENTISECONDS_PER_HOUR + 59 * CENTISECONDS_PER_MINUTE + 5999

# re.ASCII: \d would otherwise accept digits from every script, which SCORM does not.
_TIMESPAN = re.compile(r"(?P<h>\d{2,4}):(?P<m>\d{2}):(?P<s>\d{2})(?:\.(?P<f>\d{1,2}))?", re.ASCII)
_INTERVAL = re.compile(
    r"P(?:(?P<Y>\d+)Y)?(?:(?P<Mo>\d+)M)?(?:(?P<D>\d+)D)?"
    r"(?:T(?:(?P<H>\d+)H)?(?:(?P<Mi>\d+)M)?(?:(?P<S>\d+)(?:\.(?P<F>\d{1,2}))?S)?)?",
    re.ASCII,
)


class TimeFormat(StrEnum):
    CMI_TIMESPAN = "cmi_timespan"  # SCORM 1.2
    ISO_8601 = "iso_8601"  # SCORM 2004


class DurationError(ValueError):
    """A time span that does not follow its SCORM format; the message says what is wrong."""


def parse_cmi_timespan(value: str) -> int:
    """Centiseconds in a SCORM 1.2 CMITimespan such as ``0001:30:05.5``."""
    match = _TIMESPAN.fullmatch(value)
    if match is None:
        raise DurationError(
            f"{value!r} is not a SCORM 1.2 time span: expected HHHH:MM:SS.SS "
            "(2-4 digits of hours, 2 of minutes, 2 of seconds, optional 1-2 decimals)"
        )
    minutes, seconds = int(match["m"]), int(match["s"])
    if minutes > 59 or seconds > 59:
        raise DurationError(
            f"{value!r} is not a SCORM 1.2 time span: minutes and seconds run 00-59"
        )
    return (
        int(match["h"]) * CENTISECONDS_PER_HOUR
        + minutes * CENTISECONDS_PER_MINUTE
        + seconds * CENTISECONDS_PER_SECOND
        + _fraction_centiseconds(match["f"])
    )


def format_cmi_timespan(centiseconds: int) -> str:
    """The SCORM 1.2 CMITimespan for a span, clamped to the format's 9999-hour ceiling."""
    _require_non_negative(centiseconds)
    clamped = min(centiseconds, MAX_TIMESPAN_CENTISECONDS)
    hours, rest = divmod(clamped, CENTISECONDS_PER_HOUR)
    minutes, rest = divmod(rest, CENTISECONDS_PER_MINUTE)
    seconds, hundredths = divmod(rest, CENTISECONDS_PER_SECOND)
    return f"{hours:04d}:{minutes:02d}:{seconds:02d}.{hundredths:02d}"


def parse_iso_duration(value: str) -> int:
    """Centiseconds in a SCORM 2004 time interval such as ``PT1H30M5.5S``."""
    match = _INTERVAL.fullmatch(value)
    if match is None or not _has_component(match):
        raise DurationError(
            f"{value!r} is not a SCORM 2004 time interval: expected ISO 8601 "
            "P[yY][mM][dD][T[hH][nM][s[.s]S]] with at least one value and at most two "
            "decimals on the seconds"
        )
    if value.endswith("T"):
        raise DurationError(
            f"{value!r} is not a SCORM 2004 time interval: 'T' needs a time after it"
        )
    return (
        _whole(match["Y"]) * CENTISECONDS_PER_YEAR
        + _whole(match["Mo"]) * CENTISECONDS_PER_MONTH
        + _whole(match["D"]) * CENTISECONDS_PER_DAY
        + _whole(match["H"]) * CENTISECONDS_PER_HOUR
        + _whole(match["Mi"]) * CENTISECONDS_PER_MINUTE
        + _whole(match["S"]) * CENTISECONDS_PER_SECOND
        + _fraction_centiseconds(match["F"])
    )


def format_iso_duration(centiseconds: int) -> str:
    """The SCORM 2004 time interval for a span, always as hours, minutes and seconds.

    Days are left out on purpose: hours are unambiguous, and ``PT0H0M0S`` is the zero that
    conformance testing expects.
    """
    _require_non_negative(centiseconds)
    hours, rest = divmod(centiseconds, CENTISECONDS_PER_HOUR)
    minutes, rest = divmod(rest, CENTISECONDS_PER_MINUTE)
    seconds, hundredths = divmod(rest, CENTISECONDS_PER_SECOND)
    fraction = f".{hundredths:02d}".rstrip("0") if hundredths else ""
    return f"PT{hours}H{minutes}M{seconds}{fraction}S"


def parse_duration(value: str, *, time_format: TimeFormat) -> int:
    """Centiseconds in ``value`` read in the given SCORM format."""
    if time_format is TimeFormat.CMI_TIMESPAN:
        return parse_cmi_timespan(value)
    return parse_iso_duration(value)


def format_duration(centiseconds: int, *, time_format: TimeFormat) -> str:
    """``centiseconds`` written in the given SCORM format."""
    if time_format is TimeFormat.CMI_TIMESPAN:
        return format_cmi_timespan(centiseconds)
    return format_iso_duration(centiseconds)


def add_session_time(total_time: str, session_time: str, *, time_format: TimeFormat) -> str:
    """The total time after one session, both read and written in ``time_format``."""
    total = parse_duration(total_time, time_format=time_format)
    session = parse_duration(session_time, time_format=time_format)
    return format_duration(total + session, time_format=time_format)


def to_timedelta(centiseconds: int) -> timedelta:
    return timedelta(milliseconds=centiseconds * 10)


def from_timedelta(span: timedelta) -> int:
    """Whole centiseconds in ``span``, rounding half a centisecond up."""
    microseconds = (span.days * 86_400 + span.seconds) * 1_000_000 + span.microseconds
    _require_non_negative(microseconds)
    return (microseconds + 5_000) // 10_000


def _fraction_centiseconds(digits: str | None) -> int:
    # "5" is five tenths and "05" five hundredths, so pad on the right, not the left.
    return int(digits.ljust(2, "0")) if digits else 0


def _whole(digits: str | None) -> int:
    return int(digits) if digits else 0


def _has_component(match: re.Match[str]) -> bool:
    return any(match[name] is not None for name in ("Y", "Mo", "D", "H", "Mi", "S"))


def _require_non_negative(amount: int) -> None:
    if amount < 0:
        raise DurationError("a SCORM time span cannot be negative")
