"""Certificates: the time to render one PDF, against a one-line WeasyPrint document, and
the time to make 1,000 certificates with two worker processes.

certificate_render_ms: median time to render one certificate (template, QR code and
WeasyPrint, with the demo council's design and a name in Welsh) once each process has
loaded its fonts. certificate_render_baseline_ms: median time of a one-line WeasyPrint
document in the same run, alternating with the certificate so both see the same load;
certificate_render_ratio is one over the other (target: at most 3).

certificate_bulk_1000_s: wall-clock seconds for two worker processes (a spawned
multiprocessing pool of 2, each set up like a Celery worker: Django, its own database
connection, fonts loaded on first use) to issue and render 1,000 certificates for 1,000
course completions, PDFs written to private storage; process start-up included. Target:
at most 120 s. The figures fail unless exactly 1,000 rendered certificates come out.
Emails are not sent: the benchmark measures the PDFs, not the mail server.
"""

from __future__ import annotations

import datetime
import multiprocessing
import statistics
import time

from bench.context import BenchContext, Figure, log
from bench.errors import BenchmarkFailed

BULK = 1_000
WORKERS = 2
CHUNK = 25
ROUNDS = 21
WARMUP = 3
PREFIX = "bench-certificates"
NAMES = (
    ("Siân", "Llewelyn-Wŷn"),
    ("Łucja", "Żółkiewska"),
    ("Órla", "Ó Súilleabháin"),
    ("Amira", "Haddad"),
    ("Tom", "Baker"),
)


def run(ctx: BenchContext) -> list[Figure]:
    ctx.database()
    organisation, course = _world()
    completion_ids = _completions(organisation, course)
    render_ms, baseline_ms = _render_times(organisation, course)
    bulk_s = _bulk(completion_ids)
    return [
        Figure("certificate_render_ms", render_ms, "ms"),
        Figure("certificate_render_baseline_ms", baseline_ms, "ms"),
        Figure("certificate_render_ratio", render_ms / baseline_ms, "ratio"),
        Figure("certificate_bulk_1000_s", bulk_s, "s"),
    ]


def _world():
    from courses.factories import course_with_lessons
    from lms.certificates.demo import seed_demo_certificates
    from lms.people.models import Organisation

    organisation = Organisation.objects.filter(name__icontains="Eastbridge").first()
    organisation = organisation or Organisation.objects.order_by("pk").first()
    if organisation is None:
        raise BenchmarkFailed("the demo data has no council")
    seed_demo_certificates(organisation=organisation)  # its design (idempotent)
    course = course_with_lessons(
        title="Protecting personal data at work", owning_council=organisation
    )
    return organisation, course


def _completions(organisation, course) -> list[int]:
    from django.utils import timezone

    from lms.people.models import StaffProfile, User
    from lms.records.models import CourseCompletion, Enrolment

    stamp = int(time.time())
    users = User.objects.bulk_create(
        User(
            email=f"{PREFIX}-{stamp}-{n}@example.org",
            first_name=NAMES[n % len(NAMES)][0],
            last_name=f"{NAMES[n % len(NAMES)][1]} {n}",
        )
        for n in range(BULK)
    )
    StaffProfile.objects.bulk_create(
        StaffProfile(user=user, organisation=organisation) for user in users
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            user=user,
            organisation=organisation,
            course=course,
            status=Enrolment.Status.COMPLETED,
            completed_at=timezone.now(),
        )
        for user in users
    )
    completions = CourseCompletion.objects.bulk_create(
        CourseCompletion(
            enrolment=enrolment,
            user_id=enrolment.user_id,
            organisation=organisation,
            course=course,
            completed_at=timezone.now() - datetime.timedelta(minutes=n),
            announced_at=timezone.now(),
        )
        for n, enrolment in enumerate(enrolments)
    )
    return [completion.pk for completion in completions]


def _render_times(organisation, course) -> tuple[float, float]:
    from django.utils import timezone

    from lms.certificates.document import PrintedCertificate, render_pdf
    from lms.certificates.models import CertificateDesign
    from lms.certificates.rendering import one_line_pdf

    design = CertificateDesign.for_organisation(organisation)
    printed = PrintedCertificate(
        kind="course",
        code="7KQ2-M9TD-4XHB",
        learner_name="Siân Llewelyn-Wŷn",
        achievement_title=course.title,
        completed_on=timezone.localdate(),
        issuer_name=organisation.name,
        competences=[
            {"code": "4.2", "title": "Protecting personal data and privacy", "level": "Level 3"}
        ],
        level="Foundation",
    )
    for _ in range(WARMUP):
        render_pdf(printed=printed, design=design)
        one_line_pdf()
    certificate, baseline = [], []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        one_line_pdf()
        baseline.append(time.perf_counter() - started)
        started = time.perf_counter()
        render_pdf(printed=printed, design=design)
        certificate.append(time.perf_counter() - started)
    render_ms = statistics.median(certificate) * 1000
    baseline_ms = statistics.median(baseline) * 1000
    log(f"one certificate {render_ms:.1f} ms, one-line document {baseline_ms:.1f} ms")
    return render_ms, baseline_ms


def _start_worker() -> None:
    import django

    django.setup()


def _make_certificates(completion_ids: list[int]) -> int:
    """What a worker does for each completion: the task's steps without the email."""
    from lms.certificates.services import issue_for_completion, render_certificate
    from lms.records.models import CourseCompletion

    made = 0
    completions = CourseCompletion.objects.select_related("organisation").filter(
        pk__in=completion_ids
    )
    for completion in completions:
        certificate = issue_for_completion(completion=completion)
        made += render_certificate(certificate_id=certificate.pk).render_status == "rendered"
    return made


def _bulk(completion_ids: list[int]) -> float:
    from django.db import connections

    from lms.certificates.models import Certificate

    connections.close_all()
    chunks = [completion_ids[i : i + CHUNK] for i in range(0, len(completion_ids), CHUNK)]
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(WORKERS, initializer=_start_worker) as pool:
        made = sum(pool.imap_unordered(_make_certificates, chunks))
    seconds = time.perf_counter() - started
    certificates = Certificate.objects.filter(course_completion_id__in=completion_ids)
    rendered = certificates.filter(render_status="rendered").count()
    try:
        if made != BULK or rendered != BULK:
            failed = certificates.exclude(render_status="rendered").first()
            raise BenchmarkFailed(
                f"{rendered} of {BULK} certificates rendered"
                + (f"; first error: {failed.render_error}" if failed else "")
            )
    finally:
        _delete_files(certificates)
    log(f"{BULK} certificates by {WORKERS} processes in {seconds:.1f} s")
    return seconds


def _delete_files(certificates) -> None:
    """The PDFs went to the private storage of this checkout: take them away again."""
    from lms.certificates.models.certificates import private_storage

    storage = private_storage()
    for name in certificates.exclude(pdf="").values_list("pdf", flat=True):
        storage.delete(name)
