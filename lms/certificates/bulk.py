"""Bulk ZIPs: every current certificate of a department's or a course's people.

HR admins reach their whole council; a manager only the people in their reporting line,
whatever department they pick. The job first issues any certificate that is missing
(completions and awards from before certificates were switched on), renders what is not
rendered yet, then writes one ZIP to private storage. Progress is saved as it goes; a
certificate that cannot be made is listed in the ZIP's NOT-INCLUDED.txt and on the job
page, never dropped silently. A job that dies is started again from the top by its
redelivered task: issuing and rendering are idempotent, so nothing is made twice.
"""

from __future__ import annotations

import tempfile
import time
import zipfile

from django.core.files import File
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from lms.certificates.models import BulkCertificateJob, Certificate, RenderStatus
from lms.certificates.services import issue_for_award, issue_for_completion, render_certificate
from lms.people.models import Department, StaffProfile

PROGRESS_EVERY_SECONDS = 1.0
LOAD_BATCH = 200


def departments_for(viewer) -> QuerySet[Department]:
    return Department.objects.filter(organisation=viewer.organisation).order_by("path")


def courses_for(viewer):
    """Courses the council's staff can take: its own, the sector's and shared ones."""
    from courses.models import CoursePage

    return CoursePage.objects.filter(
        Q(owning_council=viewer.organisation)
        | Q(owning_council__isnull=True)
        | Q(shared_with_sector=True)
    ).order_by("title")


def start_job(*, viewer, department=None, course=None) -> BulkCertificateJob:
    from lms.certificates.tasks import bulk_job_task
    from lms.jobs import enqueue_on_commit

    if department is not None and department.organisation_id != viewer.organisation.pk:
        raise ValueError("That department is not in your council.")
    parts = [p for p in (department and department.name, course and course.title) if p]
    as_manager = not viewer.is_hr_admin
    job = BulkCertificateJob.objects.create(
        organisation=viewer.organisation,
        requested_by=viewer.user,
        as_manager=as_manager,
        department=department,
        course=course,
        description=" \N{EN DASH} ".join(parts) + (" (your reporting line)" if as_manager else ""),
    )
    enqueue_on_commit(bulk_job_task, job.pk)
    return job


def _people(job: BulkCertificateJob) -> QuerySet[StaffProfile]:
    people = StaffProfile.objects.filter(organisation=job.organisation)
    if job.as_manager:
        from lms.people.selectors import reporting_line

        manager = StaffProfile.objects.filter(
            user=job.requested_by, organisation=job.organisation
        ).first()
        if manager is None:
            return StaffProfile.objects.none()
        people = reporting_line(manager)
    if job.department_id:
        people = people.filter(department__in=job.department.subtree())
    return people


def _issue_missing(job: BulkCertificateJob, user_ids) -> None:
    from badges.models import BadgeAward
    from lms.records.models import CourseCompletion

    completions = CourseCompletion.objects.filter(
        organisation=job.organisation, user_id__in=user_ids
    ).filter(certificates__isnull=True)
    if job.course_id:
        completions = completions.filter(course_id=job.course_id)
    for completion in completions.select_related("organisation").order_by("number"):
        issue_for_completion(completion=completion)
    if job.course_id:
        return
    awards = (
        BadgeAward.objects.filter(organisation=job.organisation, recipient_id__in=user_ids)
        .filter(certificates__isnull=True)
        .select_related("badge_class", "organisation")
        .order_by("cycle")
    )
    for award in awards:
        issue_for_award(award=award)


def _in_scope(job: BulkCertificateJob, user_ids) -> QuerySet[Certificate]:
    certificates = Certificate.objects.filter(
        organisation=job.organisation, learner_id__in=user_ids, superseded_at__isnull=True
    )
    if job.course_id:
        certificates = certificates.filter(course_id=job.course_id)
    return certificates.order_by("learner__last_name", "learner__first_name", "pk")


def _entry_name(certificate: Certificate, used: set[str]) -> str:
    person = slugify(certificate.learner_name or certificate.learner.get_full_name()) or (
        f"learner-{certificate.learner_id}"
    )
    name = f"{person}/{certificate.download_name()}"
    if name in used:
        name = f"{person}/{certificate.pk}-{certificate.download_name()}"
    used.add(name)
    return name


def _made(ids: list[int]):
    """The certificates in `ids`, in order, each made if it was not yet.

    They are read LOAD_BATCH at a time with their learners, so a ZIP of certificates that
    are already made (the usual case) does not read them one query each; only those not
    made yet go through render_certificate, which reads and makes one at a time.
    """
    for start in range(0, len(ids), LOAD_BATCH):
        batch = ids[start : start + LOAD_BATCH]
        loaded = Certificate.objects.select_related("learner").in_bulk(batch)
        for certificate_id in batch:
            certificate = loaded.get(certificate_id)
            if certificate is None or not certificate.is_rendered:
                certificate = render_certificate(certificate_id=certificate_id)
            yield certificate


def run_job(*, job_id: int) -> str:
    from lms.certificates.services import TRANSIENT_ERRORS

    job = BulkCertificateJob.objects.select_related("department", "organisation").get(pk=job_id)
    if job.status == BulkCertificateJob.Status.DONE:
        return job.status
    try:
        return _run(job)
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:
        BulkCertificateJob.objects.filter(pk=job.pk).update(
            status=BulkCertificateJob.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}",
            finished_at=timezone.now(),
        )
        raise


def _run(job: BulkCertificateJob) -> str:
    BulkCertificateJob.objects.filter(pk=job.pk).update(
        status=BulkCertificateJob.Status.RUNNING, started_at=timezone.now(), processed=0
    )
    user_ids = list(_people(job).values_list("user_id", flat=True))
    _issue_missing(job, user_ids)
    ids = list(_in_scope(job, user_ids).values_list("pk", flat=True))
    BulkCertificateJob.objects.filter(pk=job.pk).update(total=len(ids))

    left_out, used, included = [], set(), 0
    last_saved = time.monotonic()
    with tempfile.TemporaryFile() as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
            for done, certificate in enumerate(_made(ids), start=1):
                if certificate.render_status == RenderStatus.RENDERED:
                    with certificate.pdf.open("rb") as pdf:
                        archive.writestr(_entry_name(certificate, used), pdf.read())
                    included += 1
                else:
                    left_out.append(
                        {
                            "learner": certificate.learner.get_full_name()
                            or certificate.learner.email,
                            "certificate": certificate.code,
                            "error": certificate.render_error,
                        }
                    )
                if time.monotonic() - last_saved >= PROGRESS_EVERY_SECONDS or done == len(ids):
                    BulkCertificateJob.objects.filter(pk=job.pk).update(processed=done)
                    last_saved = time.monotonic()
            if left_out:
                archive.writestr("NOT-INCLUDED.txt", _left_out_text(left_out))
        handle.seek(0)
        job.archive.save(
            f"{job.organisation.slug}/certificates-{job.pk}.zip", File(handle), save=False
        )
    BulkCertificateJob.objects.filter(pk=job.pk).update(
        status=BulkCertificateJob.Status.DONE,
        archive=job.archive.name,
        included=included,
        left_out=left_out,
        processed=len(ids),
        finished_at=timezone.now(),
    )
    return BulkCertificateJob.Status.DONE


def _left_out_text(left_out: list[dict]) -> str:
    lines = [
        "These certificates could not be made and are not in this ZIP.",
        "Fix the problem shown, then render them again from the admin and start a new ZIP.",
        "",
    ]
    lines += [f"{row['learner']} ({row['certificate']}): {row['error']}" for row in left_out]
    return "\n".join(lines) + "\n"
