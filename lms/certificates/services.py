"""Issuing and rendering certificates.

Issuing is get-or-create on the one-certificate-per-completion (or per-award) unique
constraint, so a task that runs twice finds the certificate the first run made. Rendering
happens outside any transaction (it is slow) and is finished by a conditional update:
if two workers render the same certificate, or a worker dies half-way, one PDF is
recorded, the other's file is deleted, and a pending certificate is simply rendered again.
"""

from __future__ import annotations

import logging
import secrets

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from lms.celery import RetryingTask
from lms.certificates import snapshot as snapshots
from lms.certificates.document import PrintedCertificate, render_pdf
from lms.certificates.errors import CertificateError
from lms.certificates.models import Certificate, CertificateDesign, RenderStatus
from lms.certificates.models.certificates import private_storage
from lms.certificates.policy import badge_issues_certificate, course_issues_certificate

logger = logging.getLogger(__name__)
TRANSIENT_ERRORS = RetryingTask.autoretry_for


def issue_for_completion(*, completion) -> Certificate | None:
    """The certificate of a course completion (made once); None if the course gives none."""
    if not course_issues_certificate(
        organisation=completion.organisation, course_id=completion.course_id
    ):
        return None
    return _get_or_issue(
        {"course_completion": completion},
        {
            "kind": Certificate.Kind.COURSE,
            "organisation": completion.organisation,
            "learner_id": completion.user_id,
            "course_id": completion.course_id,
        },
        Certificate.objects.filter(
            kind=Certificate.Kind.COURSE,
            learner_id=completion.user_id,
            course_id=completion.course_id,
        ),
        order_by="course_completion__number",
        position=completion.number,
    )


def issue_for_award(*, award) -> Certificate | None:
    """The certificate of a badge award (made once); None if the badge gives none."""
    if not badge_issues_certificate(badge_class=award.badge_class):
        return None
    return _get_or_issue(
        {"badge_award": award},
        {
            "kind": Certificate.Kind.BADGE,
            "organisation": award.organisation,
            "learner_id": award.recipient_id,
            "badge_class_id": award.badge_class_id,
        },
        Certificate.objects.filter(
            kind=Certificate.Kind.BADGE,
            learner_id=award.recipient_id,
            badge_class_id=award.badge_class_id,
        ),
        order_by="badge_award__cycle",
        position=award.cycle,
    )


def _get_or_issue(
    source: dict, fields: dict, same_thing, *, order_by: str, position: int
) -> Certificate:
    """get_or_create for the certificate of `source`, superseding the learner's earlier
    ones for the same course or badge as it is made.

    One query reads the learner's certificates for that course or badge: it finds this
    one if a task runs again, and tells whether there are others. With none, as for
    nearly every certificate, making it is one INSERT; with others, it is made and they
    are superseded in one transaction. If another worker makes it meanwhile, the unique
    constraint refuses ours and theirs is returned, as get_or_create would.
    """
    ((source_field, source_row),) = source.items()
    others = list(same_thing)
    for certificate in others:
        if getattr(certificate, f"{source_field}_id") == source_row.pk:
            return certificate
    try:
        if not others:
            return _insert(**source, **fields)
        with transaction.atomic():
            certificate = Certificate.objects.create(**source, **fields)
            _supersede(certificate, same_thing, order_by=order_by, position=position)
        return certificate
    except IntegrityError:
        try:
            return Certificate.objects.get(**source)
        except Certificate.DoesNotExist:
            pass
        raise


def _insert(**fields) -> Certificate:
    """A single INSERT needs no transaction of its own; inside a caller's transaction it
    gets a savepoint, so that a clash with another worker's row does not break it."""
    if transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return Certificate.objects.create(**fields)
    return Certificate.objects.create(**fields)


def _supersede(certificate: Certificate, same_thing, *, order_by: str, position: int) -> None:
    """Recertification: the learner's earlier certificates for the same course or badge are
    replaced by this one. If a later one already exists (tasks can finish out of order),
    this one is replaced by it at once, so only the newest is ever current."""
    now = timezone.now()
    others = same_thing.exclude(pk=certificate.pk)
    later = others.filter(**{f"{order_by}__gt": position}).order_by(order_by).first()
    if later is not None:
        Certificate.objects.filter(pk=certificate.pk).update(superseded_by=later, superseded_at=now)
        return
    others.filter(**{f"{order_by}__lt": position}, superseded_at__isnull=True).update(
        superseded_by=certificate, superseded_at=now
    )


def _snapshot(certificate: Certificate) -> snapshots.Snapshot:
    if certificate.kind == Certificate.Kind.BADGE:
        award = certificate.badge_award
        _share_rows(award, certificate, person_field="recipient")
        return snapshots.for_award(award)
    completion = certificate.course_completion
    _share_rows(completion, certificate, person_field="user")
    return snapshots.for_completion(completion)


def _share_rows(source, certificate: Certificate, *, person_field: str) -> None:
    """The completion's (or award's) learner and council are the certificate's own rows,
    already loaded with it: given to the source so they are not loaded twice."""
    if getattr(source, f"{person_field}_id") == certificate.learner_id:
        setattr(source, person_field, certificate.learner)
    if source.organisation_id == certificate.organisation_id:
        source.organisation = certificate.organisation


def _load(certificate_id: int) -> Certificate:
    # What rendering reads, in one query: the council with its design (and the design's
    # images), the learner, and the course or badge. The completion's or award's learner
    # and council are these same rows (_share_rows), so they are not joined twice.
    return Certificate.objects.select_related(
        "organisation__certificate_design__logo",
        "organisation__certificate_design__signature_image",
        "learner",
        "course_completion__course",
        "badge_award__badge_class",
    ).get(pk=certificate_id)


def _fail(certificate: Certificate, message: str) -> Certificate:
    failed = (
        Certificate.objects.filter(pk=certificate.pk)
        .exclude(render_status=RenderStatus.RENDERED)
        .update(render_status=RenderStatus.FAILED, render_error=message[:4000])
    )
    if not failed:  # another worker rendered it meanwhile
        return _load(certificate.pk)
    certificate.render_status, certificate.render_error = RenderStatus.FAILED, message[:4000]
    return certificate


def render_certificate(*, certificate_id: int) -> Certificate:
    """Make the PDF of a pending or failed certificate; a rendered one is left as it is.

    Data problems (no name, a lost logo, a broken template) mark it failed with a message
    for the admin and are not raised. Transient errors (database, storage) are raised for
    the task to retry, leaving the certificate pending.
    """
    certificate = _load(certificate_id)
    if certificate.render_status == RenderStatus.RENDERED and certificate.pdf:
        return certificate
    Certificate.objects.filter(pk=certificate.pk).update(render_attempts=F("render_attempts") + 1)
    certificate.render_attempts += 1
    try:
        snapshot = _snapshot(certificate)
        design = CertificateDesign.loaded_with(certificate.organisation)
        printed = PrintedCertificate(
            kind=certificate.kind, code=certificate.code, **snapshot.as_fields()
        )
        pdf = render_pdf(printed=printed, design=design)
    except CertificateError as exc:
        return _fail(certificate, str(exc))
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:
        logger.exception("Certificate %s could not be rendered", certificate.pk)
        return _fail(
            certificate, f"Unexpected error while making the PDF: {type(exc).__name__}: {exc}"
        )

    owner = certificate.organisation.slug if certificate.organisation_id else "public"
    storage = private_storage()
    name = storage.save(
        f"certificates/{owner}/{certificate.code}-{secrets.token_hex(4)}.pdf", ContentFile(pdf)
    )
    finished = {
        "pdf": name,
        "render_status": RenderStatus.RENDERED,
        "render_error": "",
        "rendered_at": timezone.now(),
        "language": design.language or "en-GB",
        **snapshot.as_fields(),
    }
    recorded = (
        Certificate.objects.filter(pk=certificate.pk)
        .exclude(render_status=RenderStatus.RENDERED)
        .update(**finished)
    )
    if not recorded:
        # Another worker finished first; its PDF is the one on record.
        storage.delete(name)
        return _load(certificate_id)
    for field, value in finished.items():
        setattr(certificate, field, value)
    return certificate


def render_again(*, certificate: Certificate) -> bool:
    """Admin action: queue a failed or stuck certificate for rendering after a fix."""
    from lms.certificates.tasks import render_certificate_task
    from lms.jobs import enqueue_on_commit

    if certificate.render_status == RenderStatus.RENDERED:
        return False
    Certificate.objects.filter(pk=certificate.pk).update(
        render_status=RenderStatus.PENDING, render_error=""
    )
    enqueue_on_commit(render_certificate_task, certificate.pk)
    return True


def mark_seen(*, learner) -> int:
    """The learner has looked at their certificates: the notice on My learning goes."""
    return Certificate.objects.filter(
        learner=learner, seen_at__isnull=True, render_status=RenderStatus.RENDERED
    ).update(seen_at=timezone.now())
