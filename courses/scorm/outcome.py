"""What a SCO's runtime data says about the lesson: not started, in progress, completed,
passed or failed, and the score on a common scale.

A SCO can only report what its runtime data says, and this reads nothing else. Where SCORM
gives the LMS the verdict (1.2's mastery score; 2004's scaled passing score and completion
threshold) the server's rule replaces the SCO's claim; otherwise the SCO's own status is
taken, since SCORM offers no way to check it. See ``courses/scorm/README.md`` for the trust
model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from courses.scorm.versions import ScormVersion


class LessonStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    status: LessonStatus
    # SCORM 1.2: raw rescaled from its min..max (0..100 by default) to 0..1.
    # SCORM 2004: cmi.score.scaled as reported, -1..1.
    score_scaled: float | None


_STATUS_12 = {
    "passed": LessonStatus.PASSED,
    "failed": LessonStatus.FAILED,
    "completed": LessonStatus.COMPLETED,
    "incomplete": LessonStatus.IN_PROGRESS,
    "browsed": LessonStatus.IN_PROGRESS,
}


def derive_lesson_outcome(
    version: ScormVersion, state: Mapping[str, Any], *, mastery_score: float | None = None
) -> Outcome:
    """The lesson outcome the runtime data in ``state`` supports, by the version's rules.

    ``mastery_score`` overrides the pass mark stored with the attempt, in the version's own
    scale (1.2: 0..100 on the raw score; 2004: -1..1 on the scaled score). The LMS's
    verdict of passed counts as soon as the score reaches the pass mark, but its verdict of
    failed waits until the SCO says it has finished, so a score reported part-way through a
    test does not fail the learner early.
    """
    if version.is_2004:
        return _outcome_2004(state, mastery_score=mastery_score)
    return _outcome_12(state, mastery_score=mastery_score)


def _outcome_12(state: Mapping[str, Any], *, mastery_score: float | None) -> Outcome:
    cmi = state["cmi"]
    status = cmi.get("cmi.core.lesson_status", "not attempted")
    raw = _number(cmi.get("cmi.core.score.raw"))
    low = _number(cmi.get("cmi.core.score.min"))
    high = _number(cmi.get("cmi.core.score.max"))
    # SCORM 1.2 raw scores run 0..100 unless the SCO reports its own range.
    score = _scaled_from_raw(
        raw, low=0.0 if low is None else low, high=100.0 if high is None else high
    )
    mastery = mastery_score
    if mastery is None:
        mastery = _number(cmi.get("cmi.student_data.mastery_score"))
    # SCORM 1.2 RTE: with a mastery score, a raw score and credit, the LMS decides.
    if cmi.get("cmi.core.credit") == "credit" and mastery is not None and raw is not None:
        if raw >= mastery:
            return Outcome(LessonStatus.PASSED, score)
        if status in ("completed", "passed", "failed"):
            return Outcome(LessonStatus.FAILED, score)
    return Outcome(_STATUS_12.get(status, _started_or_not(state)), score)


def _outcome_2004(state: Mapping[str, Any], *, mastery_score: float | None) -> Outcome:
    cmi = state["cmi"]
    scaled = _number(cmi.get("cmi.score.scaled"))
    completion = cmi.get("cmi.completion_status", "unknown")
    threshold = _number(cmi.get("cmi.completion_threshold"))
    progress = _number(cmi.get("cmi.progress_measure"))
    # SCORM 2004 RTE: with a threshold and a progress measure, the LMS decides completion.
    if threshold is not None and progress is not None:
        completion = "completed" if progress >= threshold else "incomplete"
    success = cmi.get("cmi.success_status", "unknown")
    passing = mastery_score
    if passing is None:
        passing = _number(cmi.get("cmi.scaled_passing_score"))
    if passing is not None:
        # Likewise with a scaled passing score the LMS decides success, and it is "unknown"
        # without a scaled score to compare, whatever the SCO claimed.
        success = "unknown" if scaled is None else ("passed" if scaled >= passing else "failed")
        if success == "failed" and completion != "completed":
            success = "unknown"
    if success == "passed":
        return Outcome(LessonStatus.PASSED, scaled)
    if success == "failed":
        return Outcome(LessonStatus.FAILED, scaled)
    if completion == "completed":
        return Outcome(LessonStatus.COMPLETED, scaled)
    if completion == "incomplete":
        return Outcome(LessonStatus.IN_PROGRESS, scaled)
    return Outcome(_started_or_not(state), scaled)


def _started_or_not(state: Mapping[str, Any]) -> LessonStatus:
    # "not attempted" or "unknown" after the SCO has committed still means the learner began.
    return LessonStatus.IN_PROGRESS if state.get("commits", 0) > 0 else LessonStatus.NOT_STARTED


def _number(text: str | None) -> float | None:
    # Stored values passed the data model's checks, so a number is a plain decimal or blank.
    if text is None or text == "":
        return None
    return float(text)


def _scaled_from_raw(raw: float | None, *, low: float, high: float) -> float | None:
    if raw is None or high <= low:
        return None
    return min(1.0, max(0.0, (raw - low) / (high - low)))
