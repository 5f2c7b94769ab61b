"""Who may sign off whose evidence and confirm whose self-assessments.

- Evidence for a "manager" criterion: the learner's line manager.
- Evidence for an "assessor" criterion: anyone above the learner in their management
  line, or an HR/L&D admin of the learner's council.
- Self-assessments: the learner's line manager, or an HR/L&D admin of their council
  (for people with no manager recorded, or whose manager is away).
Nobody decides their own, and nothing crosses councils. The same rules build the
sign-off queue (as query filters) and guard each decision (for one object).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from badges.models import Criterion, EvidenceSubmission, SelfAssessment
from lms.people.models import StaffProfile
from lms.people.selectors import manager_chain_ids, reporting_line


def reviewer_profile(user) -> StaffProfile | None:
    return StaffProfile.objects.filter(user=user, is_active=True).first()


def decidable_submissions(
    reviewer: StaffProfile, *, pending_only: bool = True
) -> QuerySet[EvidenceSubmission]:
    """Evidence this person may decide (waiting for them, unless `pending_only` is off),
    in their council only."""
    may = Q(learner__staff_profile__manager_id=reviewer.pk) | Q(
        criterion__signer=Criterion.Signer.ASSESSOR,
        learner__staff_profile__in=reporting_line(reviewer).values("pk"),
    )
    if reviewer.is_hr_admin:
        may |= Q(criterion__signer=Criterion.Signer.ASSESSOR)
    rows = EvidenceSubmission.objects.filter(
        may,
        organisation_id=reviewer.organisation_id,
        learner__staff_profile__organisation_id=reviewer.organisation_id,
    )
    if pending_only:
        rows = rows.filter(status=EvidenceSubmission.Status.PENDING)
    return (
        rows.exclude(learner_id=reviewer.user_id)
        .select_related("learner", "badge_class", "criterion")
        .order_by("submitted_at", "pk")
    )


def newest_self_assessments() -> QuerySet[SelfAssessment]:
    """Self-assessments not replaced by a newer one for the same competence."""
    newer = SelfAssessment.objects.filter(
        learner_id=OuterRef("learner_id"), item_id=OuterRef("item_id"), pk__gt=OuterRef("pk")
    )
    return SelfAssessment.objects.filter(~Exists(newer))


def decidable_self_assessments(
    reviewer: StaffProfile, *, pending_only: bool = True
) -> QuerySet[SelfAssessment]:
    may = Q(learner__staff_profile__manager_id=reviewer.pk)
    if reviewer.is_hr_admin:
        may = Q()
    rows = newest_self_assessments().filter(
        may,
        organisation_id=reviewer.organisation_id,
        learner__staff_profile__organisation_id=reviewer.organisation_id,
    )
    if pending_only:
        rows = rows.filter(status=SelfAssessment.Status.DECLARED)
    return (
        rows.exclude(learner_id=reviewer.user_id)
        .select_related("learner", "item__framework", "level")
        .order_by("declared_at", "pk")
    )


def _learner_profile(user_id: int, organisation_id: int) -> StaffProfile | None:
    return StaffProfile.objects.filter(user_id=user_id, organisation_id=organisation_id).first()


def may_decide_submission(*, reviewer: StaffProfile | None, submission: EvidenceSubmission) -> bool:
    if reviewer is None or not reviewer.is_active:
        return False
    if reviewer.user_id == submission.learner_id:
        return False
    if reviewer.organisation_id != submission.organisation_id:
        return False
    learner = _learner_profile(submission.learner_id, submission.organisation_id)
    if learner is None:
        return False
    if learner.manager_id == reviewer.pk:
        return True
    criterion = submission.criterion
    if criterion is None or criterion.signer != Criterion.Signer.ASSESSOR:
        return False
    return reviewer.is_hr_admin or reviewer.pk in manager_chain_ids(learner.pk) - {learner.pk}


def may_confirm_self_assessment(
    *, reviewer: StaffProfile | None, assessment: SelfAssessment
) -> bool:
    if reviewer is None or not reviewer.is_active:
        return False
    if reviewer.user_id == assessment.learner_id:
        return False
    if assessment.organisation_id is None or reviewer.organisation_id != assessment.organisation_id:
        return False
    learner = _learner_profile(assessment.learner_id, assessment.organisation_id)
    if learner is None:
        return False
    return reviewer.is_hr_admin or learner.manager_id == reviewer.pk


def may_see_evidence(*, viewer_user, submission: EvidenceSubmission) -> bool:
    """The learner, anyone above them in their management line, their council's HR admins."""
    if viewer_user.pk == submission.learner_id:
        return True
    reviewer = reviewer_profile(viewer_user)
    if reviewer is None or reviewer.organisation_id != submission.organisation_id:
        return False
    if reviewer.is_hr_admin:
        return True
    learner = _learner_profile(submission.learner_id, submission.organisation_id)
    return learner is not None and reviewer.pk in manager_chain_ids(learner.pk) - {learner.pk}
