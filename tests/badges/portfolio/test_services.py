"""Evidence, sign-off, self-assessment and share-link services: the rules, and that a
refused action changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from badges.factories import (
    BadgeClassFactory,
    CriterionFactory,
    FrameworkFactory,
    FrameworkItemFactory,
    scale,
)
from badges.models import AuditEntry, Criterion, EvidenceSubmission, SelfAssessment, ShareLink
from badges.portfolio import services
from badges.portfolio.errors import PortfolioRefused
from lms.people.factories import StaffProfileFactory
from tests.badges.portfolio.files import pdf, upload


def _submit(learner, badge, **kwargs):
    kwargs.setdefault("statement", "I handled a subject access request end to end.")
    return services.submit_evidence(learner=learner, criterion=badge.sign_off, **kwargs)


def _assessor_badge(council):
    badge = BadgeClassFactory(organisation=council)
    badge.sign_off = CriterionFactory(
        badge_class=badge, kind=Criterion.Kind.SIGN_OFF, signer=Criterion.Signer.ASSESSOR
    )
    return badge


# --- submitting evidence ----------------------------------------------------------------------


def test_a_learner_submits_evidence_with_a_file(learner, manager, sign_off_badge, council):
    submission = _submit(learner, sign_off_badge, file=pdf("My Name's evidence.pdf"))

    submission.refresh_from_db()
    assert submission.status == EvidenceSubmission.Status.PENDING
    assert submission.organisation == council
    assert submission.file.name.startswith("evidence/") and submission.file.name.endswith(".pdf")
    assert "My Name" not in submission.file.name
    assert submission.file.read().startswith(b"%PDF-")


def test_only_sign_off_criteria_take_evidence(learner, manager, sign_off_badge):
    course_rule = CriterionFactory(badge_class=sign_off_badge, kind=Criterion.Kind.COURSE_COMPLETED)

    with pytest.raises(PortfolioRefused, match="not met by sending evidence"):
        services.submit_evidence(learner=learner, criterion=course_rule, statement="Done it.")

    assert not EvidenceSubmission.objects.exists()


def test_another_councils_badge_takes_no_evidence(learner, manager, other_council):
    badge = _assessor_badge(other_council)

    with pytest.raises(PortfolioRefused, match="another council"):
        _submit(learner, badge)

    assert not EvidenceSubmission.objects.exists()


def test_a_badge_no_longer_awarded_takes_no_evidence(learner, manager, sign_off_badge):
    sign_off_badge.is_active = False
    sign_off_badge.save()

    with pytest.raises(PortfolioRefused, match="no longer awarded"):
        _submit(learner, sign_off_badge)


def test_a_manager_sign_off_needs_a_manager(learner, sign_off_badge):
    with pytest.raises(PortfolioRefused, match="no line manager"):
        _submit(learner, sign_off_badge)


def test_graduates_cannot_submit_evidence(graduate, sign_off_badge):
    sign_off_badge.organisation = None
    sign_off_badge.save()

    with pytest.raises(PortfolioRefused, match="council staff"):
        _submit(graduate, sign_off_badge)


def test_a_blank_statement_is_refused(learner, manager, sign_off_badge):
    with pytest.raises(PortfolioRefused, match="Enter what you did"):
        _submit(learner, sign_off_badge, statement="   ")


def test_a_bad_file_is_refused_and_nothing_is_saved(learner, manager, sign_off_badge, settings):
    from badges.models.storage import private_storage

    before = _stored_files(private_storage())
    with pytest.raises(ValidationError):
        _submit(learner, sign_off_badge, file=upload("virus.pdf", b"MZ\x90\x00 not a pdf"))

    assert not EvidenceSubmission.objects.exists()
    assert _stored_files(private_storage()) == before


def _stored_files(storage) -> set[str]:
    import os

    root = storage.location
    found = set()
    for folder, _dirs, names in os.walk(root):
        found |= {os.path.join(folder, name) for name in names}
    return found


def test_evidence_waits_once_and_can_be_resent_after_withdrawal(learner, manager, sign_off_badge):
    first = _submit(learner, sign_off_badge)

    with pytest.raises(PortfolioRefused, match="already sent evidence"):
        _submit(learner, sign_off_badge)
    services.withdraw_submission(submission=first, learner=learner)
    second = _submit(learner, sign_off_badge)

    assert EvidenceSubmission.objects.get(pk=first.pk).status == "withdrawn"
    assert second.status == "pending"


def test_nobody_else_can_withdraw_evidence(learner, manager, sign_off_badge):
    submission = _submit(learner, sign_off_badge)

    with pytest.raises(PortfolioRefused):
        services.withdraw_submission(submission=submission, learner=manager)

    assert EvidenceSubmission.objects.get(pk=submission.pk).status == "pending"


# --- deciding evidence -------------------------------------------------------------------------


def test_the_line_manager_signs_off_and_the_engine_is_queued(
    learner, manager, sign_off_badge, evaluations, django_capture_on_commit_callbacks
):
    submission = _submit(learner, sign_off_badge)

    decided = services.decide_submission(
        submission=submission,
        reviewer=manager,
        approve=True,
        observation="Watched Lena redact a file correctly.",
        observation_file=pdf(),
    )

    decided.refresh_from_db()
    assert decided.status == EvidenceSubmission.Status.APPROVED
    assert decided.reviewer == manager and decided.reviewed_at is not None
    assert decided.observation_file.name.endswith(".pdf")
    assert evaluations == [learner.pk]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EVIDENCE_SIGNED_OFF)
    assert (entry.actor, entry.subject, entry.badge_class) == (manager, learner, sign_off_badge)


def test_approval_queues_the_real_evaluation_task_on_commit(
    learner, manager, sign_off_badge, monkeypatch, django_capture_on_commit_callbacks
):
    from badges.tasks import evaluate_learner_task

    sent = []
    monkeypatch.setattr(
        evaluate_learner_task, "apply_async", lambda args, kwargs: sent.append(args)
    )
    submission = _submit(learner, sign_off_badge)

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_submission(
            submission=submission, reviewer=manager, approve=True, observation="Seen it."
        )

    assert sent == [(learner.pk,)]


def test_a_rejection_queues_nothing(learner, manager, sign_off_badge, evaluations):
    submission = _submit(learner, sign_off_badge)

    services.decide_submission(
        submission=submission, reviewer=manager, approve=False, observation="Needs a real case."
    )

    assert EvidenceSubmission.objects.get(pk=submission.pk).status == "rejected"
    assert evaluations == []
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EVIDENCE_REJECTED).count() == 1


@pytest.fixture
def senior_manager(manager, council):
    """Max's own manager: above the learner in the line, but not their line manager."""
    senior = StaffProfileFactory(organisation=council)
    profile = manager.staff_profile
    profile.manager = senior
    profile.save(update_fields=["manager"])
    return senior.user


def _refused(submission, reviewer):
    with pytest.raises(PortfolioRefused):
        services.decide_submission(
            submission=submission, reviewer=reviewer, approve=True, observation="Fine."
        )
    assert EvidenceSubmission.objects.get(pk=submission.pk).status == "pending"


def test_who_may_decide_a_manager_sign_off(
    learner, manager, senior_manager, hr_admin, other_hr_admin, sign_off_badge, council
):
    submission = _submit(learner, sign_off_badge)
    stranger = StaffProfileFactory(organisation=council).user

    for reviewer in (senior_manager, hr_admin, other_hr_admin, stranger, learner):
        _refused(submission, reviewer)


def test_who_may_decide_an_assessor_sign_off(
    learner, manager, senior_manager, hr_admin, other_hr_admin, council, evaluations
):
    badge = _assessor_badge(council)
    stranger = StaffProfileFactory(organisation=council).user

    for reviewer in (other_hr_admin, stranger, learner):
        _refused(_submit(learner, badge), reviewer)
        EvidenceSubmission.objects.update(status="withdrawn")
    for reviewer in (manager, senior_manager, hr_admin):
        decided = services.decide_submission(
            submission=_submit(learner, badge), reviewer=reviewer, approve=False, observation="."
        )
        assert decided.reviewer == reviewer


def test_nobody_decides_their_own_evidence(hr_admin, council):
    badge = _assessor_badge(council)
    submission = _submit(hr_admin, badge)

    _refused(submission, hr_admin)


def test_a_decision_is_made_once(learner, manager, sign_off_badge, evaluations):
    submission = _submit(learner, sign_off_badge)
    services.decide_submission(
        submission=submission, reviewer=manager, approve=True, observation="Yes."
    )

    with pytest.raises(PortfolioRefused, match="no longer waiting"):
        services.decide_submission(
            submission=submission, reviewer=manager, approve=False, observation="No."
        )

    assert EvidenceSubmission.objects.get(pk=submission.pk).status == "approved"
    assert evaluations == [learner.pk]


def test_an_observation_is_required_and_a_bad_file_changes_nothing(
    learner, manager, sign_off_badge
):
    submission = _submit(learner, sign_off_badge)

    with pytest.raises(PortfolioRefused, match="Enter your observation"):
        services.decide_submission(
            submission=submission, reviewer=manager, approve=True, observation=""
        )
    with pytest.raises(ValidationError):
        services.decide_submission(
            submission=submission,
            reviewer=manager,
            approve=True,
            observation="Seen.",
            observation_file=upload("x.png", b"<html>not a png</html>\x00"),
        )

    assert EvidenceSubmission.objects.get(pk=submission.pk).status == "pending"


# --- self-assessment ---------------------------------------------------------------------------


def test_declaring_and_confirming_a_level(learner, manager, comp, level, evaluations):
    declared = services.declare_self_assessment(
        learner=learner, item=comp("4.2"), level=level(4), note="I run our SAR log."
    )
    again = services.declare_self_assessment(learner=learner, item=comp("4.2"), level=level(4))

    assert again == declared  # the same answer twice is one declaration
    confirmed = services.confirm_self_assessment(assessment=declared, reviewer=manager)

    assert confirmed.status == SelfAssessment.Status.CONFIRMED
    assert confirmed.confirmed_by == manager
    assert evaluations == [learner.pk]


def test_declarations_must_use_the_competences_own_scale(learner, comp, digcomp, council):
    other = FrameworkFactory(code="eds")
    wrong_level = scale(other, 3)[2]
    area = FrameworkItemFactory(framework=digcomp, kind="area", code="4")
    local = FrameworkFactory(code="southby-ict", organisation=StaffProfileFactory().organisation)
    local_item = FrameworkItemFactory(framework=local)
    local_level = scale(local, 2)[0]

    with pytest.raises(PortfolioRefused, match="own scale"):
        services.declare_self_assessment(learner=learner, item=comp("4.2"), level=wrong_level)
    with pytest.raises(PortfolioRefused, match="not a whole area"):
        services.declare_self_assessment(learner=learner, item=area, level=digcomp.scale[0])
    with pytest.raises(PortfolioRefused, match="another council"):
        services.declare_self_assessment(learner=learner, item=local_item, level=local_level)

    assert not SelfAssessment.objects.exists()


def test_who_may_confirm_a_self_assessment(
    learner, manager, senior_manager, hr_admin, other_hr_admin, comp, level, evaluations
):
    declared = services.declare_self_assessment(learner=learner, item=comp("4.2"), level=level(4))

    for reviewer in (senior_manager, other_hr_admin, learner):
        with pytest.raises(PortfolioRefused):
            services.confirm_self_assessment(assessment=declared, reviewer=reviewer)
    assert SelfAssessment.objects.get(pk=declared.pk).status == "declared"

    services.confirm_self_assessment(assessment=declared, reviewer=hr_admin, approve=False)
    assert SelfAssessment.objects.get(pk=declared.pk).status == "rejected"
    assert evaluations == []


def test_a_replaced_self_assessment_cannot_be_confirmed(learner, manager, comp, level):
    older = services.declare_self_assessment(learner=learner, item=comp("4.2"), level=level(3))
    services.declare_self_assessment(learner=learner, item=comp("4.2"), level=level(5))

    with pytest.raises(PortfolioRefused, match="newer self-assessment"):
        services.confirm_self_assessment(assessment=older, reviewer=manager)


# --- share links -------------------------------------------------------------------------------


def test_a_share_link_is_made_once_and_a_new_one_after_revoking(learner):
    first = services.create_share_link(user=learner)

    assert services.create_share_link(user=learner) == first
    assert len(first.token) >= 40
    assert services.revoke_share_link(user=learner) == 1
    second = services.create_share_link(user=learner)

    assert second.token != first.token
    assert ShareLink.objects.get(pk=first.pk).revoked_at is not None
