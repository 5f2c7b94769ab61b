"""Turning checked H5P reports into the learning record, and handing resume state back."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from courses.h5p_player.statements import CheckedStatement
from lms.records import services as records
from lms.records.models import ActivityProgress, Enrolment, LearningEvent, ProgressStatus

KIND = "h5p"
# Keys inside ActivityProgress.resume_state. The package is kept beside the state because
# an editor may swap the block's package, and one package's state means nothing to another.
STATE_KEY = "h5p_state"
PACKAGE_KEY = "package"


@dataclass(frozen=True)
class Outcome:
    status: ProgressStatus
    score: Decimal | None


def activity_iri(*, lesson_id: int, activity_key: str) -> str:
    """The xAPI object id of an H5P block: stable whichever host served the page."""
    path = reverse("h5p_launch", kwargs={"lesson_id": lesson_id, "activity_key": activity_key})
    return settings.SITE_URL + path


def outcome_for(*, statement: CheckedStatement, pass_mark: int) -> Outcome:
    """Our reading of a statement: the block's pass mark decides, not the content's own.

    A score at or above the pass mark passes and one below it fails, unless the content
    says the attempt is not over (completion: false), which keeps it in progress. With
    no score there is nothing to pass, so the activity is completed.
    """
    if statement.score is None:
        if statement.completion is False:
            return Outcome(ProgressStatus.IN_PROGRESS, None)
        return Outcome(ProgressStatus.COMPLETED, None)
    # Our record keeps scores from 0 to 1; xAPI allows negative scaled scores.
    score = max(statement.score.scaled, Decimal(0))
    if score * 100 >= pass_mark:
        return Outcome(ProgressStatus.PASSED, score)
    if statement.completion is False:
        return Outcome(ProgressStatus.IN_PROGRESS, score)
    return Outcome(ProgressStatus.FAILED, score)


def _resume_state(*, state: str, package_uid: str) -> dict[str, str]:
    return {STATE_KEY: state, PACKAGE_KEY: package_uid}


def record_statement(
    *,
    enrolment: Enrolment,
    lesson,
    activity_key: str,
    statement: CheckedStatement,
    pass_mark: int,
    package_uid: str,
    state: str | None = None,
) -> ActivityProgress:
    outcome = outcome_for(statement=statement, pass_mark=pass_mark)
    result: dict[str, object] = {"verb": statement.verb_name, "pass_mark": pass_mark}
    if statement.score is not None:
        for name in ("raw", "min", "max"):
            value = getattr(statement.score, name)
            if value is not None:
                result[name] = str(value)
    if statement.success is not None:
        # The content's own verdict, kept for reports; the pass mark above decides.
        result["content_success"] = statement.success
    return records.record_activity_outcome(
        enrolment=enrolment,
        lesson=lesson,
        activity_key=activity_key,
        kind=KIND,
        status=outcome.status,
        score=outcome.score,
        source=LearningEvent.Source.H5P,
        result=result,
        resume_state=(
            _resume_state(state=state, package_uid=package_uid) if state is not None else None
        ),
        counts_as_attempt=outcome.status != ProgressStatus.IN_PROGRESS,
    )


def save_resume_state(
    *, enrolment: Enrolment, lesson, activity_key: str, state: str, package_uid: str
) -> ActivityProgress | None:
    """Keep where the learner is in the activity; None when nothing changed.

    H5P saves on a timer, so an unchanged state is common and writes nothing: no row
    update and no learning event.
    """
    wanted = _resume_state(state=state, package_uid=package_uid)
    stored = (
        ActivityProgress.objects.filter(enrolment=enrolment, activity_key=activity_key)
        .values_list("resume_state", flat=True)
        .first()
    )
    if stored == wanted:
        return None
    return records.record_activity_outcome(
        enrolment=enrolment,
        lesson=lesson,
        activity_key=activity_key,
        kind=KIND,
        status=ProgressStatus.IN_PROGRESS,
        score=None,
        source=LearningEvent.Source.H5P,
        result={"saved_state": True},
        resume_state=wanted,
        counts_as_attempt=False,
    )


def resume_state_for(*, enrolment: Enrolment, activity_key: str, package_uid: str) -> str | None:
    """The state to start the player from, if it was saved for this same package."""
    stored = (
        ActivityProgress.objects.filter(enrolment=enrolment, activity_key=activity_key)
        .values_list("resume_state", flat=True)
        .first()
    )
    if not isinstance(stored, dict) or stored.get(PACKAGE_KEY) != package_uid:
        return None
    state = stored.get(STATE_KEY)
    return state if isinstance(state, str) else None
