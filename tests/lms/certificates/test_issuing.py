"""Issuing and rendering: once per completion or award, re-runnable, recertification,
the per-course and per-badge switches, and bad input that fails visibly and recovers."""

from __future__ import annotations

import datetime
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from badges.factories import BadgeAlignmentFactory, BadgeAwardFactory, BadgeClassFactory
from lms.certificates import selectors
from lms.certificates.factories import completion_for
from lms.certificates.models import Certificate, CertificateDesign, CourseWithoutCertificate
from lms.certificates.services import issue_for_completion, render_again, render_certificate
from lms.certificates.tasks import issue_for_award_task, issue_for_completion_task

pytestmark = pytest.mark.django_db


def _stored_pdfs() -> list[Path]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / "certificates"
    return sorted(root.rglob("*.pdf")) if root.exists() else []


def _pdfs_for(certificate) -> list[Path]:
    return [path for path in _stored_pdfs() if path.name.startswith(certificate.code)]


def test_the_task_twice_makes_one_certificate_and_one_pdf(completion):
    issue_for_completion_task.apply(args=[completion.pk]).get()
    issue_for_completion_task.apply(args=[completion.pk]).get()

    certificate = Certificate.objects.get()
    assert certificate.course_completion == completion
    assert certificate.render_status == "rendered"
    assert certificate.render_attempts == 1
    assert len(_pdfs_for(certificate)) == 1
    assert len(mail.outbox) == 1, "the learner is told once"
    assert certificate.code in mail.outbox[0].body
    assert mail.outbox[0].to == [completion.user.email]


class WorkerLost(BaseException):
    """What a worker killed mid-task looks like from inside: nothing catches it."""


def test_a_worker_dying_mid_render_leaves_it_pending_and_a_rerun_finishes_it(completion):
    with (
        mock.patch("lms.certificates.services.render_pdf", side_effect=WorkerLost),
        pytest.raises(WorkerLost),
    ):
        issue_for_completion_task.apply(args=[completion.pk], throw=True)

    certificate = Certificate.objects.get()
    assert certificate.render_status == "pending"
    assert not certificate.pdf

    issue_for_completion_task.apply(args=[completion.pk]).get()  # the redelivered task

    certificate.refresh_from_db()
    assert Certificate.objects.count() == 1
    assert certificate.render_status == "rendered"
    assert certificate.render_attempts == 2
    assert len(_pdfs_for(certificate)) == 1


def test_two_workers_rendering_at_once_keep_one_pdf(completion):
    from lms.certificates.document import render_pdf as real_render_pdf

    certificate = issue_for_completion(completion=completion)
    other_worker_ran = []

    def render_while_another_worker_finishes(**kwargs):
        pdf = real_render_pdf(**kwargs)
        if not other_worker_ran:
            other_worker_ran.append(True)
            render_certificate(certificate_id=certificate.pk)
        return pdf

    with mock.patch("lms.certificates.services.render_pdf", render_while_another_worker_finishes):
        render_certificate(certificate_id=certificate.pk)

    certificate.refresh_from_db()
    assert other_worker_ran
    assert certificate.render_status == "rendered"
    assert [path.name for path in _pdfs_for(certificate)] == [Path(certificate.pdf.name).name]


def test_a_recompletion_gets_a_new_certificate_and_supersedes_the_old(learner, course):
    first = completion_for(learner=learner, course=course, number=1)
    issue_for_completion_task.apply(args=[first.pk]).get()
    second = completion_for(learner=learner, course=course, number=2, completed_at=timezone.now())
    issue_for_completion_task.apply(args=[second.pk]).get()

    old = Certificate.objects.get(course_completion=first)
    new = Certificate.objects.get(course_completion=second)
    assert old.superseded_by == new and old.superseded_at is not None
    assert selectors.status_of(old) == "superseded"
    assert selectors.status_of(new) == "valid"
    assert new.code != old.code
    assert new.render_status == "rendered"


def test_completion_numbers_arriving_out_of_order_still_leave_the_newest_current(learner, course):
    first = completion_for(learner=learner, course=course, number=1)
    second = completion_for(learner=learner, course=course, number=2)
    issue_for_completion(completion=second)
    issue_for_completion(completion=first)

    newest = Certificate.objects.get(course_completion=second)
    assert newest.superseded_at is None
    # The late first one is born superseded: the second completion came after it.
    assert Certificate.objects.get(course_completion=first).superseded_by == newest


def _badge_award(learner, council, *, cycle=1, expires_at=None, **badge_fields):
    badge = badge_fields.pop("badge", None) or BadgeClassFactory(
        organisation=council, name="Cyber aware", **badge_fields
    )
    if not badge.alignments.exists():
        BadgeAlignmentFactory(badge_class=badge)
    return BadgeAwardFactory(
        badge_class=badge,
        recipient=learner,
        organisation=council,
        cycle=cycle,
        expires_at=expires_at,
    )


def test_a_badge_award_gets_a_certificate_with_its_competences_and_expiry(learner, council):
    expires = timezone.now() + datetime.timedelta(days=365)
    award = _badge_award(learner, council, expires_at=expires)

    issue_for_award_task.apply(args=[award.pk]).get()

    certificate = Certificate.objects.get(badge_award=award)
    assert certificate.kind == "badge"
    assert certificate.achievement_title == "Cyber aware"
    assert certificate.expires_on == timezone.localtime(expires).date()
    assert certificate.competences and certificate.competences[0]["code"]
    assert selectors.status_of(certificate) == "valid"


def test_an_expired_badge_certificate_says_expired_and_a_revoked_one_revoked(learner, council):
    award = _badge_award(learner, council, expires_at=timezone.now() + datetime.timedelta(days=1))
    issue_for_award_task.apply(args=[award.pk]).get()
    certificate = Certificate.objects.get(badge_award=award)

    later = timezone.localdate() + datetime.timedelta(days=2)
    assert selectors.status_of(certificate, today=later) == "expired"

    award.revoked_at = timezone.now()
    award.save(update_fields=["revoked_at"])
    certificate = selectors.issued_by_code(certificate.code)
    assert selectors.status_of(certificate) == "revoked"


def test_recertifying_a_badge_supersedes_the_previous_certificate(learner, council):
    first = _badge_award(learner, council, cycle=1)
    second = _badge_award(learner, council, cycle=2, badge=first.badge_class)
    issue_for_award_task.apply(args=[first.pk]).get()
    issue_for_award_task.apply(args=[second.pk]).get()

    old = Certificate.objects.get(badge_award=first)
    assert old.superseded_by == Certificate.objects.get(badge_award=second)


def test_the_switches_turn_certificates_off_per_course_and_per_badge(learner, council, course):
    design = CertificateDesign.objects.create(organisation=council)
    CourseWithoutCertificate.objects.create(design=design, course=course)
    completion = completion_for(learner=learner, course=course)
    award = _badge_award(learner, council, issues_certificate=False)

    issue_for_completion_task.apply(args=[completion.pk]).get()
    issue_for_award_task.apply(args=[award.pk]).get()

    assert not Certificate.objects.exists()


def test_another_councils_switch_does_not_turn_off_our_certificates(learner, course, other_council):
    design = CertificateDesign.objects.create(organisation=other_council)
    CourseWithoutCertificate.objects.create(design=design, course=course)

    issue_for_completion_task.apply(args=[completion_for(learner=learner, course=course).pk])

    assert Certificate.objects.filter(learner=learner).count() == 1


def test_signals_queue_certificates_for_completions_and_awards(
    learner, council, course, django_capture_on_commit_callbacks
):
    from badges.engine.signals import badge_awarded
    from badges.models import BadgeAward
    from lms.records.models import CourseCompletion
    from lms.records.signals import course_completed

    completion = completion_for(learner=learner, course=course)
    award = _badge_award(learner, council)
    with (
        mock.patch("badges.openbadges.receivers.enqueue_on_commit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        course_completed.send(sender=CourseCompletion, completion_id=completion.pk)
        badge_awarded.send(sender=BadgeAward, award_id=award.pk)

    assert Certificate.objects.filter(course_completion=completion).exists()
    assert Certificate.objects.filter(badge_award=award).exists()


def test_a_learner_without_a_name_fails_with_a_clear_error_then_renders_after_the_fix(
    completion, django_capture_on_commit_callbacks
):
    learner = completion.user
    learner.first_name = learner.last_name = ""
    learner.save(update_fields=["first_name", "last_name"])

    issue_for_completion_task.apply(args=[completion.pk]).get()

    certificate = Certificate.objects.get()
    assert certificate.render_status == "failed"
    assert "has no name" in certificate.render_error
    assert learner.email in certificate.render_error
    assert mail.outbox == []

    learner.first_name, learner.last_name = "Lena", "Learner"
    learner.save(update_fields=["first_name", "last_name"])
    with django_capture_on_commit_callbacks(execute=True):
        assert render_again(certificate=certificate)

    certificate.refresh_from_db()
    assert certificate.render_status == "rendered"
    assert certificate.learner_name == "Lena Learner"
    assert certificate.render_error == ""
    assert len(mail.outbox) == 1


def test_a_missing_logo_file_fails_with_a_clear_error(completion, council):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    logo = get_image_model().objects.create(title="Northby crest", file=get_test_image_file())
    CertificateDesign.objects.create(organisation=council, logo=logo)
    logo.file.storage.delete(logo.file.name)

    certificate = render_certificate(certificate_id=issue_for_completion(completion=completion).pk)

    assert certificate.render_status == "failed"
    assert "logo image “Northby crest”" in certificate.render_error
    assert "Upload it again" in certificate.render_error


def test_a_logo_that_is_there_is_printed(completion, council):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    logo = get_image_model().objects.create(title="Crest", file=get_test_image_file())
    CertificateDesign.objects.create(organisation=council, logo=logo)

    certificate = render_certificate(certificate_id=issue_for_completion(completion=completion).pk)

    assert certificate.render_status == "rendered", certificate.render_error
    from tests.lms.certificates.conftest import pdf_bytes, reader

    assert len(reader(pdf_bytes(certificate)).pages[0].images) == 2  # logo and QR


def test_a_changed_logo_is_printed_on_the_next_certificate(learner, course, council):
    """Workers keep a design's logo between certificates (document._image_bytes): a new
    file for the same image, or another image, still shows on the next certificate."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from tests.lms.certificates.conftest import pdf_bytes, reader

    def printed_logo_size(number: int) -> tuple[int, int]:
        completion = completion_for(learner=learner, course=course, number=number)
        certificate = render_certificate(
            certificate_id=issue_for_completion(completion=completion).pk
        )
        assert certificate.render_status == "rendered", certificate.render_error
        sizes = [image.image.size for image in reader(pdf_bytes(certificate)).pages[0].images]
        return max(sizes, key=lambda size: size[0] * size[1])  # the QR code is the smaller

    logo = get_image_model().objects.create(
        title="Crest", file=get_test_image_file(size=(640, 480))
    )
    design = CertificateDesign.objects.create(organisation=council, logo=logo)
    assert printed_logo_size(1) == (320, 240)  # the rendition: at most 600x240

    # A new file uploaded for the same image, as Wagtail's edit view saves it.
    logo.file = get_test_image_file(filename="crest-2024.png", size=(300, 100))
    logo.save()
    logo.renditions.all().delete()
    assert printed_logo_size(2) == (300, 100)

    design.logo = get_image_model().objects.create(
        title="New crest", file=get_test_image_file(filename="new.png", size=(500, 100))
    )
    design.save()
    assert printed_logo_size(3) == (500, 100)


def test_a_broken_template_fails_with_a_clear_error_and_renders_after_the_fix(
    completion, settings, tmp_path
):
    broken = tmp_path / "certificates" / "pdf"
    broken.mkdir(parents=True)
    (broken / "certificate.html").write_text("{% if %}broken{% endif %}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    certificate = render_certificate(certificate_id=issue_for_completion(completion=completion).pk)
    assert certificate.render_status == "failed"
    assert "certificate template cannot be used" in certificate.render_error

    (broken / "certificate.html").unlink()
    certificate = render_certificate(certificate_id=certificate.pk)
    assert certificate.render_status == "rendered"


def test_an_unexpected_error_is_recorded_not_lost(completion):
    with mock.patch("lms.certificates.services.render_pdf", side_effect=RuntimeError("boom")):
        certificate = render_certificate(
            certificate_id=issue_for_completion(completion=completion).pk
        )
    assert certificate.render_status == "failed"
    assert "RuntimeError: boom" in certificate.render_error


def test_a_database_outage_is_retried_not_recorded_as_failed(completion):
    from django.db import OperationalError

    certificate = issue_for_completion(completion=completion)
    with (
        mock.patch("lms.certificates.services.render_pdf", side_effect=OperationalError("gone")),
        pytest.raises(OperationalError),
    ):
        render_certificate(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.render_status == "pending"


def test_the_my_learning_notice_goes_once_the_learner_has_looked(completion, client_for):
    issue_for_completion_task.apply(args=[completion.pk]).get()
    client = client_for(completion.user)

    page = client.get("/my-learning/").content.decode()
    assert "You have 1 new certificate" in page
    assert "Staying safe online" in page
    assert "You have 1 new certificate" in client.get("/dashboard/").content.decode()

    assert client.get("/certificates/").status_code == 200
    assert "new certificate" not in client.get("/my-learning/").content.decode()
