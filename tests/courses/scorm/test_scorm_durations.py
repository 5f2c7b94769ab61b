from datetime import timedelta

import pytest

from courses.scorm.durations import (
    MAX_TIMESPAN_CENTISECONDS,
    DurationError,
    TimeFormat,
    add_session_time,
    format_cmi_timespan,
    format_iso_duration,
    from_timedelta,
    parse_cmi_timespan,
    parse_iso_duration,
    to_timedelta,
)


@pytest.mark.parametrize(
    ("text", "centiseconds"),
    [
        ("00:00:00", 0),
        ("0000:00:00.00", 0),
        ("01:02:03", 372_300),
        ("0001:30:05.5", 540_550),  # one decimal is tenths
        ("00:00:00.05", 5),  # two decimals are hundredths
        ("9999:59:59.99", MAX_TIMESPAN_CENTISECONDS),
        ("123:00:00", 123 * 360_000),
    ],
)
def test_cmi_timespan_parses(text, centiseconds):
    assert parse_cmi_timespan(text) == centiseconds


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1:00:00",  # hours need at least two digits
        "12345:00:00",  # and at most four
        "00:60:00",
        "00:00:60",
        "00:0:00",
        "00:00:00.123",  # at most two decimals
        "00:00:00.",
        "-01:00:00",
        " 00:00:01",
        "PT1S",
        "\u0660\u0661:\u0660\u0660:\u0660\u0660",  # Arabic-Indic digits: digits to Python only
    ],
)
def test_cmi_timespan_rejects_malformed(text):
    with pytest.raises(DurationError, match=r"SCORM 1\.2 time span"):
        parse_cmi_timespan(text)


@pytest.mark.parametrize(
    ("centiseconds", "text"),
    [
        (0, "0000:00:00.00"),
        (540_550, "0001:30:05.50"),
        (5, "0000:00:00.05"),
        (MAX_TIMESPAN_CENTISECONDS + 1_000_000, "9999:59:59.99"),  # clamped, still readable
    ],
)
def test_cmi_timespan_formats(centiseconds, text):
    assert format_cmi_timespan(centiseconds) == text


@pytest.mark.parametrize(
    ("text", "centiseconds"),
    [
        ("PT0S", 0),
        ("PT0H0M0S", 0),
        ("PT1H30M5.5S", 540_550),
        ("PT5.05S", 505),
        ("PT90M", 540_000),  # components are not capped at their clock range
        ("PT05H", 5 * 360_000),  # zero padding is allowed
        ("P1D", 24 * 360_000),
        ("P1DT1H", 25 * 360_000),
        ("P1M", 30 * 24 * 360_000),
        ("P1Y", 365 * 24 * 360_000),
        ("P1Y2M3DT4H5M6.07S", ((365 + 60 + 3) * 24 + 4) * 360_000 + 5 * 6000 + 607),
    ],
)
def test_iso_duration_parses(text, centiseconds):
    assert parse_iso_duration(text) == centiseconds


@pytest.mark.parametrize(
    "text",
    [
        "",
        "P",
        "PT",
        "P1DT",
        "T1H",
        "1H",
        "PT1.123S",  # SCORM allows at most two decimals on the seconds
        "PT1.5H",  # and fractions on nothing else
        "PT1,5S",
        "P1W",
        "-PT1S",
        "PT1S ",
        "pt1s",
        "PT1M1H",  # designators in the wrong order
        "00:00:01",
    ],
)
def test_iso_duration_rejects_malformed(text):
    with pytest.raises(DurationError, match="SCORM 2004 time interval"):
        parse_iso_duration(text)


@pytest.mark.parametrize(
    ("centiseconds", "text"),
    [
        (0, "PT0H0M0S"),
        (540_550, "PT1H30M5.5S"),
        (505, "PT0H0M5.05S"),
        (30 * 360_000, "PT30H0M0S"),  # hours, not days: unambiguous
    ],
)
def test_iso_duration_formats(centiseconds, text):
    assert format_iso_duration(centiseconds) == text


@pytest.mark.parametrize("centiseconds", [0, 1, 99, 6_000, 359_999, 987_654_321])
def test_iso_duration_round_trips(centiseconds):
    assert parse_iso_duration(format_iso_duration(centiseconds)) == centiseconds


@pytest.mark.parametrize("centiseconds", [0, 1, 99, 6_000, 359_999, MAX_TIMESPAN_CENTISECONDS])
def test_cmi_timespan_round_trips(centiseconds):
    assert parse_cmi_timespan(format_cmi_timespan(centiseconds)) == centiseconds


def test_adding_session_time_is_exact():
    # 0.1 + 0.2 style drift would show here after many additions with floats.
    total = "PT0H0M0S"
    for _ in range(1000):
        total = add_session_time(total, "PT0.01S", time_format=TimeFormat.ISO_8601)
    assert total == "PT0H0M10S"


def test_adding_session_time_in_scorm_12():
    total = add_session_time("0001:59:59.99", "00:00:00.01", time_format=TimeFormat.CMI_TIMESPAN)
    assert total == "0002:00:00.00"


def test_adding_rejects_a_malformed_session_time():
    with pytest.raises(DurationError):
        add_session_time("PT0S", "10 minutes", time_format=TimeFormat.ISO_8601)


def test_timedelta_conversions():
    assert to_timedelta(540_550) == timedelta(hours=1, minutes=30, seconds=5.5)
    assert from_timedelta(timedelta(hours=1, minutes=30, seconds=5.5)) == 540_550
    assert from_timedelta(timedelta(microseconds=4_999)) == 0
    assert from_timedelta(timedelta(microseconds=5_000)) == 1


def test_negative_spans_are_refused():
    with pytest.raises(DurationError, match="negative"):
        format_iso_duration(-1)
    with pytest.raises(DurationError, match="negative"):
        from_timedelta(timedelta(seconds=-1))
