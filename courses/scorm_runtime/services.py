"""Playing SCORM packages: attempts per learner and SCO, commits from scorm-again, and what
they mean for the learning record.

Trust: the learner's browser runs scorm-again and the SCO, so any commit may have been
written by hand. A commit is accepted only with a signed token for this learner's own attempt
and launch (``tokens.py``); ``courses.scorm.runtime`` then keeps identity, credit, pass marks
and total time to the server's own values, enforces the data model's vocabularies, ranges and
sizes, and derives the outcome by SCORM's rules, so a forged score cannot exceed what the
data model permits (1.2 raw 0..100 against the manifest's mastery score; 2004 scaled -1..1
against its passing score). What is left is what SCORM itself takes on trust: a SCO's own
report of its status and score, for the learner's own attempt. That is the trust level of
SCORM results in the learning record, below quizzes (scored here) and equal to H5P.

Sessions begin lazily. The page a learner opens gets the data of the *next* session and a
token for it; the session is begun by that page's first commit. A page that is reloaded
sends its last commit by beacon only after the new page has been served, and beginning the
new session at render time would make that commit stale and lose it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from courses.models import ContentPackage, ScormAttempt
from courses.scorm.datamodel import Access, rules_for, split_element
from courses.scorm.runtime import (
    CommitKey,
    CommitRejected,
    CommitResult,
    Disposition,
    Outcome,
    apply_commit,
    attempt_has_ended,
    begin_session,
    derive_lesson_outcome,
    flatten_payload,
    new_attempt_state,
)
from courses.scorm.versions import ScormVersion
from courses.scorm_runtime.tokens import CommitGrant
from lms.records import services as records
from lms.records.models import DONE_STATUSES, ActivityProgress, Enrolment, ProgressStatus

SEQUENCE_FIELD = "commitSequence"  # scorm-again's name with includeCommitSequence

_RANK = {
    ProgressStatus.NOT_STARTED: 0,
    ProgressStatus.IN_PROGRESS: 1,
    ProgressStatus.FAILED: 2,
    ProgressStatus.COMPLETED: 3,
    ProgressStatus.PASSED: 4,
}
_SCORE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Sco:
    identifier: str
    title: str
    launch_url: str
    mastery_score: float | None
    completion_threshold: float | None
    data_from_lms: str


@dataclass(frozen=True)
class Launch:
    """What a player page starts a SCO with: the next session's number and its data."""

    attempt: ScormAttempt
    version: ScormVersion
    session: int
    cmi: dict[str, str]  # only elements content may read; write-only ones start blank

    @property
    def entry(self) -> str:
        return self.cmi[_entry_element(self.version)]


@dataclass(frozen=True)
class ScoProgress:
    sco: Sco
    status: ProgressStatus
    score: Decimal | None  # 0..1

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES

    @property
    def status_label(self) -> str:
        return ProgressStatus(self.status).label


@dataclass(frozen=True)
class CommitOutcome:
    disposition: Disposition
    version: ScormVersion
    activity_status: ProgressStatus | None  # None when this commit changed nothing
    recorded: bool  # whether the learning record was updated
    ignored_read_only: tuple[str, ...] = ()
    ignored_unknown: tuple[str, ...] = ()


class CommitRefused(Exception):
    """A commit this learner or token may not make; nothing was stored."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ScormCommitRejected(CommitRejected):
    """The data model's ``CommitRejected``, with the version whose error codes to answer in."""

    def __init__(self, rejection: CommitRejected, *, version: ScormVersion) -> None:
        super().__init__(rejection.code, rejection.message, element=rejection.element)
        self.version = version


# --- the package ------------------------------------------------------------------------


def package_version(package: ContentPackage) -> ScormVersion:
    return ScormVersion(package.manifest["scorm"]["version"])


def package_scos(package: ContentPackage) -> list[Sco]:
    """The package's SCOs in play order, as validation recorded them."""
    return [
        Sco(
            identifier=entry["identifier"],
            title=entry.get("title") or entry["identifier"],
            launch_url=entry["launch_url"],
            mastery_score=entry.get("mastery_score"),
            completion_threshold=entry.get("completion_threshold"),
            data_from_lms=entry.get("data_from_lms") or "",
        )
        for entry in package.manifest.get("scorm", {}).get("scos", [])
    ]


def find_sco(package: ContentPackage, *, identifier: str) -> Sco:
    for sco in package_scos(package):
        if sco.identifier == identifier:
            return sco
    raise LookupError(f"The package has no SCO {identifier!r}.")


# --- launching ----------------------------------------------------------------------------


@transaction.atomic
def start_or_resume_attempt(
    *,
    enrolment: Enrolment,
    lesson,
    activity_key: str,
    package: ContentPackage,
    sco_identifier: str,
) -> ScormAttempt:
    """The attempt the learner's next launch of this SCO belongs to.

    A first launch starts attempt 1. Later launches carry on with the latest attempt; its next
    session sees entry "resume" after a suspend exit. A new attempt starts when SCORM 2004
    says the last one ended (any exit but suspend), or when the block now uses another
    package. SCORM 1.2 attempts are kept, as 1.2 leaves that to the LMS.
    """
    version = package_version(package)
    sco = find_sco(package, identifier=sco_identifier)
    # Launches of one learner's course are serialised, so two tabs opening the same SCO at
    # once cannot both create attempt 1. Commits lock in the same order: enrolment first.
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
    latest = (
        ScormAttempt.objects.select_for_update()
        .filter(enrolment=enrolment, activity_key=activity_key, sco_identifier=sco.identifier)
        .order_by("-number")
        .first()
    )
    if latest is not None and _carries_on(latest, package=package, version=version):
        return latest
    if latest is not None and not latest.has_ended:
        latest.has_ended = True
        latest.save(update_fields=["has_ended", "updated_at"])
    user = enrolment.user
    state = new_attempt_state(
        version,
        learner_id=str(user.pk),
        learner_name=_learner_name(user),
        launch_data=sco.data_from_lms,
        mastery_score=sco.mastery_score,
        completion_threshold=sco.completion_threshold if version.is_2004 else None,
    )
    return ScormAttempt.objects.create(
        enrolment=enrolment,
        lesson=lesson,
        activity_key=activity_key,
        package=package,
        sco_identifier=sco.identifier,
        number=latest.number + 1 if latest is not None else 1,
        state=state,
    )


def _carries_on(attempt: ScormAttempt, *, package: ContentPackage, version: ScormVersion) -> bool:
    if attempt.package_id != package.pk or attempt.has_ended:
        return False
    return not attempt_has_ended(attempt.state, version=version)


def _learner_name(user) -> str:
    # SCORM's convention is "family name, given name".
    if user.last_name and user.first_name:
        return f"{user.last_name}, {user.first_name}"
    return user.get_full_name() or user.get_username()


def launch(attempt: ScormAttempt, *, version: ScormVersion) -> Launch:
    """The data a new page for this attempt starts from; nothing is saved until it commits."""
    state = begin_session(attempt.state, version=version)
    return Launch(
        attempt=attempt,
        version=version,
        session=state["session"],
        cmi=_readable(state["cmi"], version=version),
    )


def _readable(cmi: Mapping[str, str], *, version: ScormVersion) -> dict[str, str]:
    # Write-only elements (exit, session time, SCORM 1.2 interactions) are never handed back
    # to content: the page starts them blank, as the data model says a new session does.
    rules = rules_for(version)
    readable = {}
    for name, value in cmi.items():
        if not name.startswith("cmi."):
            # adl.nav.* is navigation for the LMS to act on, not data a SCO reads back.
            continue
        rule = rules.get(split_element(name).pattern)
        if rule is not None and rule.access is not Access.WRITE_ONLY:
            readable[name] = value
    return readable


def _entry_element(version: ScormVersion) -> str:
    return "cmi.entry" if version.is_2004 else "cmi.core.entry"


# --- progress -----------------------------------------------------------------------------


def sco_progress(
    *, enrolment: Enrolment, activity_key: str, package: ContentPackage
) -> list[ScoProgress]:
    """Each SCO's best result over its attempts with this package, in play order.

    The best, not the latest: a SCORM 2004 SCO passed once and started again is still passed.
    """
    version = package_version(package)
    best: dict[str, ScoProgress] = {}
    scos = {sco.identifier: sco for sco in package_scos(package)}
    attempts = ScormAttempt.objects.filter(
        enrolment=enrolment, activity_key=activity_key, package=package
    ).only("sco_identifier", "state")
    for attempt in attempts:
        sco = scos.get(attempt.sco_identifier)
        if sco is None:
            continue
        progress = _progress_of(sco, derive_lesson_outcome(version, attempt.state))
        current = best.get(sco.identifier)
        if current is None or _better(progress, current):
            best[sco.identifier] = progress
    return [
        best.get(sco.identifier) or ScoProgress(sco, ProgressStatus.NOT_STARTED, None)
        for sco in scos.values()
    ]


def _progress_of(sco: Sco, outcome: Outcome) -> ScoProgress:
    score = None
    if outcome.score_scaled is not None:
        # 2004 scaled scores run -1..1; the learning record keeps 0..1.
        clamped = min(1.0, max(0.0, outcome.score_scaled))
        score = Decimal(str(clamped)).quantize(_SCORE_PLACES)
    return ScoProgress(sco=sco, status=ProgressStatus(outcome.status.value), score=score)


def _better(candidate: ScoProgress, current: ScoProgress) -> bool:
    if _RANK[candidate.status] != _RANK[current.status]:
        return _RANK[candidate.status] > _RANK[current.status]
    return (candidate.score or Decimal(0)) > (current.score or Decimal(0))


def combine(progress: list[ScoProgress]) -> tuple[ProgressStatus, Decimal | None]:
    """The activity's status and score from its SCOs': complete only when every SCO is."""
    statuses = [item.status for item in progress]
    if statuses and all(status in DONE_STATUSES for status in statuses):
        status = (
            ProgressStatus.PASSED if ProgressStatus.PASSED in statuses else ProgressStatus.COMPLETED
        )
    elif statuses and all(status in (*DONE_STATUSES, ProgressStatus.FAILED) for status in statuses):
        status = ProgressStatus.FAILED
    elif any(status != ProgressStatus.NOT_STARTED for status in statuses):
        status = ProgressStatus.IN_PROGRESS
    else:
        status = ProgressStatus.NOT_STARTED
    scores = [item.score for item in progress if item.score is not None]
    score = (sum(scores) / len(scores)).quantize(_SCORE_PLACES) if scores else None
    return status, score


# --- commits ------------------------------------------------------------------------------


@transaction.atomic
def commit(*, attempt_id: int, token: CommitGrant, payload: Mapping[str, Any]) -> CommitOutcome:
    """Apply one commit from scorm-again to the attempt the token was issued for.

    Raises ``CommitRefused`` when the token does not fit the attempt or the learner has left
    the course, and ``CommitRejected`` when the data model forbids a value; either way
    nothing is stored. The learning record is updated only when the SCO's outcome changed.
    """
    if token.attempt_id != attempt_id:
        raise CommitRefused("wrong_attempt", "This token is for another attempt.")
    # The enrolment is locked before the attempt, the order launches and the learning
    # record lock in, so concurrent launches, commits and results cannot deadlock.
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .filter(scorm_attempts__pk=attempt_id)
        .first()
    )
    if enrolment is None:
        raise CommitRefused("no_attempt", "There is no such attempt.")
    attempt = ScormAttempt.objects.select_for_update().select_related("package").get(pk=attempt_id)
    if enrolment.user_id != token.user_id:
        raise CommitRefused("wrong_user", "This attempt belongs to someone else.")
    if not enrolment.is_active:
        raise CommitRefused("not_enrolled", "You have left this course. Enrol again to carry on.")
    version = package_version(attempt.package)
    try:
        result = _apply(attempt.state, payload, version=version, session=token.session)
    except CommitRejected as rejection:
        raise ScormCommitRejected(rejection, version=version) from rejection
    if not result.applied:
        return CommitOutcome(result.disposition, version, activity_status=None, recorded=False)
    before = derive_lesson_outcome(version, attempt.state)
    attempt.state = result.state
    attempt.session = result.state["session"]
    attempt.save(update_fields=["state", "session", "updated_at"])
    recorded = False
    status = None
    if derive_lesson_outcome(version, result.state) != before:
        status, recorded = _record(enrolment=enrolment, attempt=attempt)
    return CommitOutcome(
        result.disposition,
        version,
        activity_status=status,
        recorded=recorded,
        ignored_read_only=result.ignored_read_only,
        ignored_unknown=result.ignored_unknown,
    )


def _apply(
    stored: dict[str, Any], payload: Mapping[str, Any], *, version: ScormVersion, session: int
) -> CommitResult:
    values, sequence = _split_sequence(payload)
    state = stored
    if session == stored["session"] + 1:
        # The first commit of a launch begins its session (see the module docstring).
        state = begin_session(stored, version=version)
    return apply_commit(
        state,
        _without_blank_echoes(values, stored=state["cmi"]),
        version=version,
        key=CommitKey(session=session, sequence=sequence),
    )


def _split_sequence(payload: Mapping[str, Any]) -> tuple[dict[str, str], int]:
    if not isinstance(payload, Mapping):
        raise CommitRejected("malformed_payload", "A commit must be a JSON object.")
    rest = {key: value for key, value in payload.items() if key != SEQUENCE_FIELD}
    sequence = payload.get(SEQUENCE_FIELD)
    if type(sequence) is not int or sequence < 1:
        raise CommitRejected(
            "bad_commit_key", f"A commit must carry {SEQUENCE_FIELD}, a whole number from 1."
        )
    return flatten_payload(rest), sequence


def _without_blank_echoes(
    values: Mapping[str, str], *, stored: Mapping[str, str]
) -> dict[str, str]:
    # scorm-again sends its whole data model with every commit, including elements the SCO
    # never set, as "". Several elements (1.2 preferences, interaction times) may not be
    # set to "", so such echoes would reject the commit; a blank where the server holds
    # nothing changes nothing, so it is dropped. Clearing a stored value still goes through
    # the data model's checks.
    return {
        name: value for name, value in values.items() if value != "" or stored.get(name, "") != ""
    }


def _record(*, enrolment: Enrolment, attempt: ScormAttempt) -> tuple[ProgressStatus, bool]:
    progress = sco_progress(
        enrolment=enrolment, activity_key=attempt.activity_key, package=attempt.package
    )
    status, score = combine(progress)
    row = (
        ActivityProgress.objects.filter(enrolment=enrolment, activity_key=attempt.activity_key)
        .only("status", "score")
        .first()
    )
    if row is None and status == ProgressStatus.NOT_STARTED:
        return status, False
    if row is not None and row.status == status and row.score == score:
        return status, False
    try:
        records.record_activity_outcome(
            enrolment=enrolment,
            lesson=attempt.lesson,
            activity_key=attempt.activity_key,
            kind="scorm",
            status=status,
            score=score,
            source="scorm",
            result={
                "sco": attempt.sco_identifier,
                "attempt": attempt.number,
                "scos_done": sum(1 for item in progress if item.is_done),
                "scos": len(progress),
            },
        )
    except ValidationError as error:
        # The block was removed from the lesson, or the learner left, since the page opened.
        raise CommitRefused("activity_unavailable", " ".join(error.messages)) from error
    return status, True
