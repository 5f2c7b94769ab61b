"""Course actions that turn what a learner did in a lesson into the learning record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from courses import quizzes
from courses.models import ScormAttempt
from lms.records import services as records
from lms.records.models import ActivityProgress, Enrolment, ProgressStatus


@transaction.atomic
def take_again(*, enrolment: Enrolment) -> Enrolment:
    """Start a completed course again; finishing it records the next completion (and so a
    new certificate, which supersedes the last one)."""
    enrolment = records.start_again(enrolment=enrolment)
    # A SCORM package keeps its own runtime data per attempt: end them, so the next
    # launch starts a fresh attempt instead of resuming one that says it is complete.
    ScormAttempt.objects.filter(enrolment=enrolment, has_ended=False).update(
        has_ended=True, updated_at=timezone.now()
    )
    return enrolment


def find_activity(lesson, activity_key: str, *, kind: str):
    """The lesson's block with this id and type, or a clear error."""
    for key, block in lesson.activities():
        if key == activity_key and block.block_type == kind:
            return block
    raise ValidationError("That activity is not part of this lesson.")


@transaction.atomic
def submit_quiz(*, enrolment: Enrolment, lesson, activity_key: str, data) -> quizzes.QuizResult:
    """Score a quiz attempt on the server and record it; refuses attempts over the limit."""
    block = find_activity(lesson, activity_key, kind="quiz")
    quiz = block.value
    # Lock first so two quick submissions cannot both squeeze under the attempt limit.
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
    attempts = (
        ActivityProgress.objects.filter(enrolment=enrolment, activity_key=activity_key)
        .values_list("attempts", flat=True)
        .first()
        or 0
    )
    if quiz["max_attempts"] and attempts >= quiz["max_attempts"]:
        raise ValidationError(
            f"You have used all {quiz['max_attempts']} attempts at this quiz. "
            "Ask your manager or learning team if you need another go."
        )
    result = quizzes.score(quiz, quizzes.parse_submission(quiz, data))
    records.record_activity_outcome(
        enrolment=enrolment,
        lesson=lesson,
        activity_key=activity_key,
        kind="quiz",
        status=ProgressStatus.PASSED if result.passed else ProgressStatus.FAILED,
        score=result.score,
        source="quiz",
        result={
            "correct": result.correct_count,
            "questions": len(result.outcomes),
            "attempt": attempts + 1,
        },
    )
    return result


def attempts_left(quiz, activity: ActivityProgress | None) -> int | None:
    """None means unlimited."""
    if not quiz["max_attempts"]:
        return None
    used = activity.attempts if activity else 0
    return max(0, quiz["max_attempts"] - used)
