"""Learner and manager actions on evidence, self-assessments and share links.

Each decision that could complete a badge's criteria queues the badge engine for the
learner once the decision has committed.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from badges.models import (
    AuditEntry,
    Criterion,
    EvidenceSubmission,
    FrameworkItem,
    ProficiencyLevel,
    SelfAssessment,
    ShareLink,
)
from badges.portfolio.errors import PortfolioRefused
from badges.portfolio.files import stored_name, validate_evidence_file
from badges.portfolio.signers import (
    may_confirm_self_assessment,
    may_decide_submission,
    newest_self_assessments,
    reviewer_profile,
)
from lms.jobs import enqueue_on_commit
from lms.people.models import StaffProfile

MAX_TEXT = 5000


def _evaluate_later(user_id: int) -> None:
    from badges.tasks import evaluate_learner_task

    enqueue_on_commit(evaluate_learner_task, user_id)


def _text(value: str, *, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise PortfolioRefused(f"Enter {what}.")
    if len(value) > MAX_TEXT:
        raise PortfolioRefused(f"{what.capitalize()} must be {MAX_TEXT} characters or fewer.")
    return value


def _staff_of(user) -> StaffProfile:
    profile = StaffProfile.objects.filter(user=user, is_active=True).first()
    if profile is None:
        raise PortfolioRefused(
            "Sign-off and self-assessment are for council staff: your account has no "
            "current council job."
        )
    return profile


def _attach(field_file, upload) -> None:
    kind = validate_evidence_file(upload)
    upload.seek(0)
    field_file.save(stored_name(kind), upload, save=False)


# --- evidence for sign-off criteria ---------------------------------------------------------


def submit_evidence(
    *, learner, criterion: Criterion, statement: str, file=None
) -> EvidenceSubmission:
    """Send evidence for a sign-off criterion of a badge the learner may earn.

    Raises PortfolioRefused for a criterion that is not a sign-off, another council's
    badge, evidence already waiting or already signed off, or nobody to sign it off;
    django.core.exceptions.ValidationError for a file we do not accept.
    """
    profile = _staff_of(learner)
    statement = _text(statement, what="what you did")
    if criterion.kind != Criterion.Kind.SIGN_OFF:
        raise PortfolioRefused("This part of the badge is not met by sending evidence.")
    badge_class = criterion.badge_class
    if badge_class.organisation_id not in (None, profile.organisation_id):
        raise PortfolioRefused("This badge belongs to another council.")
    if not badge_class.is_active:
        raise PortfolioRefused("This badge is no longer awarded.")
    if criterion.signer == Criterion.Signer.MANAGER and profile.manager_id is None:
        raise PortfolioRefused(
            "Your line manager signs this off, but your record has no line manager. "
            "Ask your council's HR or learning team to add one."
        )
    if file is not None:
        # Checked before anything is written, so a refused file leaves nothing behind.
        validate_evidence_file(file)
    with transaction.atomic():
        # One submission at a time per learner: a double-click cannot make two.
        StaffProfile.objects.select_for_update().filter(pk=profile.pk).first()
        existing = set(
            EvidenceSubmission.objects.filter(
                learner=learner,
                criterion=criterion,
                status__in=(EvidenceSubmission.Status.PENDING, EvidenceSubmission.Status.APPROVED),
            ).values_list("status", flat=True)
        )
        if EvidenceSubmission.Status.APPROVED in existing:
            raise PortfolioRefused("This has already been signed off.")
        if EvidenceSubmission.Status.PENDING in existing:
            raise PortfolioRefused(
                "You have already sent evidence for this. Withdraw it first to send new evidence."
            )
        submission = EvidenceSubmission(
            organisation_id=profile.organisation_id,
            learner=learner,
            badge_class=badge_class,
            criterion=criterion,
            statement=statement,
        )
        if file is not None:
            _attach(submission.file, file)
        submission.save()
    return submission


def withdraw_submission(*, submission: EvidenceSubmission, learner) -> EvidenceSubmission:
    if submission.learner_id != learner.pk:
        raise PortfolioRefused("Only the person who sent evidence can withdraw it.")
    updated = EvidenceSubmission.objects.filter(
        pk=submission.pk, status=EvidenceSubmission.Status.PENDING
    ).update(status=EvidenceSubmission.Status.WITHDRAWN)
    if not updated:
        raise PortfolioRefused("This evidence has already been decided, so it cannot be withdrawn.")
    submission.status = EvidenceSubmission.Status.WITHDRAWN
    return submission


def decide_submission(
    *,
    submission: EvidenceSubmission,
    reviewer,
    approve: bool,
    observation: str,
    observation_file=None,
) -> EvidenceSubmission:
    """Sign off (or not) a learner's evidence, with the signer's observation."""
    if not may_decide_submission(reviewer=reviewer_profile(reviewer), submission=submission):
        raise PortfolioRefused("You cannot decide this evidence: it is not from your team.")
    observation = _text(observation, what="your observation")
    if observation_file is not None:
        validate_evidence_file(observation_file)
    with transaction.atomic():
        locked = EvidenceSubmission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != EvidenceSubmission.Status.PENDING:
            raise PortfolioRefused(
                f"This evidence is no longer waiting: it is “{locked.get_status_display()}”."
            )
        locked.status = (
            EvidenceSubmission.Status.APPROVED if approve else EvidenceSubmission.Status.REJECTED
        )
        locked.reviewer = reviewer
        locked.observation = observation
        locked.reviewed_at = timezone.now()
        if observation_file is not None:
            _attach(locked.observation_file, observation_file)
        locked.save(
            update_fields=["status", "reviewer", "observation", "reviewed_at", "observation_file"]
        )
        AuditEntry.objects.create(
            organisation_id=locked.organisation_id,
            actor=reviewer,
            action=(
                AuditEntry.Action.EVIDENCE_SIGNED_OFF
                if approve
                else AuditEntry.Action.EVIDENCE_REJECTED
            ),
            badge_class_id=locked.badge_class_id,
            subject_id=locked.learner_id,
            detail={"submission": locked.pk, "criterion": locked.criterion_id},
        )
        if approve:
            _evaluate_later(locked.learner_id)
    return locked


# --- self-assessment --------------------------------------------------------------------------


def declare_self_assessment(
    *, learner, item: FrameworkItem, level: ProficiencyLevel, note: str = ""
) -> SelfAssessment:
    """Record the learner's own rating of a competence, for their manager to confirm."""
    profile = _staff_of(learner)
    framework = item.framework
    if framework.organisation_id not in (None, profile.organisation_id):
        raise PortfolioRefused("That competence belongs to another council's framework.")
    if item.kind == FrameworkItem.Kind.AREA:
        raise PortfolioRefused("Choose a competence, not a whole area.")
    if level.framework_id != item.framework_id:
        raise PortfolioRefused("Choose a level from the competence's own scale.")
    note = (note or "").strip()[:MAX_TEXT]
    with transaction.atomic():
        StaffProfile.objects.select_for_update().filter(pk=profile.pk).first()
        current = SelfAssessment.objects.filter(learner=learner, item=item).order_by("-pk").first()
        if (
            current is not None
            and current.status == SelfAssessment.Status.DECLARED
            and current.level_id == level.pk
        ):
            # The same answer sent twice (a double-click, a reload) is one declaration.
            return current
        return SelfAssessment.objects.create(
            organisation_id=profile.organisation_id,
            learner=learner,
            item=item,
            level=level,
            note=note,
        )


def confirm_self_assessment(
    *, assessment: SelfAssessment, reviewer, approve: bool = True
) -> SelfAssessment:
    """Confirm (or decline) a team member's self-declared level."""
    if not may_confirm_self_assessment(reviewer=reviewer_profile(reviewer), assessment=assessment):
        raise PortfolioRefused("You cannot confirm this: it is not from your team.")
    with transaction.atomic():
        locked = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != SelfAssessment.Status.DECLARED:
            raise PortfolioRefused(
                f"This self-assessment is no longer waiting: it is “{locked.get_status_display()}”."
            )
        if not newest_self_assessments().filter(pk=locked.pk).exists():
            raise PortfolioRefused(
                "A newer self-assessment has replaced this one: decide that one instead."
            )
        locked.status = (
            SelfAssessment.Status.CONFIRMED if approve else SelfAssessment.Status.REJECTED
        )
        locked.confirmed_by = reviewer
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        AuditEntry.objects.create(
            organisation_id=locked.organisation_id,
            actor=reviewer,
            action=(
                AuditEntry.Action.SELF_ASSESSMENT_CONFIRMED
                if approve
                else AuditEntry.Action.EVIDENCE_REJECTED
            ),
            subject_id=locked.learner_id,
            detail={"self_assessment": locked.pk, "item": locked.item_id, "level": locked.level_id},
        )
        if approve:
            _evaluate_later(locked.learner_id)
    return locked


# --- share links --------------------------------------------------------------------------------


def create_share_link(*, user) -> ShareLink:
    """The learner's live share link, made if they have none."""
    live = ShareLink.objects.filter(user=user, revoked_at__isnull=True).first()
    if live is not None:
        return live
    try:
        with transaction.atomic():
            return ShareLink.objects.create(user=user)
    except IntegrityError:
        # Two requests at once: the other one made the link.
        return ShareLink.objects.get(user=user, revoked_at__isnull=True)


def revoke_share_link(*, user) -> int:
    """Stop sharing: the link answers "not found" from now on. Returns links revoked."""
    return ShareLink.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
