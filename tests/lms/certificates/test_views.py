"""The public verification page, the learner's downloads and bulk ZIPs, as each person."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.certificates.factories import completion_for
from lms.certificates.models import BulkCertificateJob, Certificate, CertificateDesign
from lms.certificates.tasks import issue_for_completion_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(completion):
    issue_for_completion_task.apply(args=[completion.pk]).get()
    return Certificate.objects.get(course_completion=completion)


def _verify(client, code):
    return client.get(reverse("certificates:verify", args=[code]))


def test_the_verification_page_says_valid_with_the_achievement_date_and_name(
    certificate, client_for
):
    response = _verify(client_for(None), certificate.code)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Valid" in page
    assert "Staying safe online" in page
    assert certificate.completed_on.strftime("%-d %B %Y") in page
    assert "Lena Learner" in page
    assert "lena.learner@northby.gov.uk" not in page, "no more personal data than the name"
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_council_can_show_initials_only(certificate, client_for, council):
    CertificateDesign.objects.create(
        organisation=council, name_on_verification=CertificateDesign.NameOnVerification.INITIALS
    )

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(None)
    with CaptureQueriesContext(connection) as queries:
        page = _verify(client, certificate.code).content.decode()

    assert "L. L." in page
    assert "Lena Learner" not in page
    certificate_reads = [q["sql"] for q in queries if "certificates_" in q["sql"]]
    assert len(certificate_reads) == 1, "the design comes with the certificate, in one query"


def test_a_superseded_certificate_says_so_and_dates_the_new_one(
    certificate, client_for, learner, course
):
    newer = completion_for(learner=learner, course=course, number=2)
    issue_for_completion_task.apply(args=[newer.pk]).get()

    page = _verify(client_for(None), certificate.code).content.decode()

    assert "Superseded" in page
    assert "A newer certificate has replaced this one" in page


def test_an_expired_and_a_revoked_badge_certificate(learner, council, client_for):
    from badges.factories import BadgeAwardFactory, BadgeClassFactory
    from lms.certificates.tasks import issue_for_award_task

    badge = BadgeClassFactory(organisation=council, name="Data protection")
    award = BadgeAwardFactory(
        badge_class=badge,
        recipient=learner,
        organisation=council,
        awarded_at=timezone.now() - datetime.timedelta(days=400),
        expires_at=timezone.now() - datetime.timedelta(days=35),
    )
    issue_for_award_task.apply(args=[award.pk]).get()
    code = Certificate.objects.get(badge_award=award).code

    page = _verify(client_for(None), code).content.decode()
    assert "Expired" in page and "expired" in page

    award.revoked_at = timezone.now()
    award.save(update_fields=["revoked_at"])
    page = _verify(client_for(None), code).content.decode()
    assert "Revoked" in page and "withdrawn" in page


def test_an_unknown_code_gets_the_404_page(client_for, db):
    response = _verify(client_for(None), "ZZZZ-ZZZZ-ZZZZ")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert _verify(client_for(None), "not-a-code").status_code == 404


def test_a_certificate_not_yet_made_is_not_found(completion, client_for):
    from lms.certificates.services import issue_for_completion

    pending = issue_for_completion(completion=completion)
    assert _verify(client_for(None), pending.code).status_code == 404


def test_a_code_typed_loosely_goes_to_its_page(certificate, client_for):
    typed = certificate.code.replace("-", " ").lower().replace("0", "o")

    response = client_for(None).get(reverse("certificates:lookup"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:verify", args=[certificate.code])

    messy = certificate.code.replace("-", "").lower()
    response = _verify(client_for(None), messy)
    assert response["Location"] == reverse("certificates:verify", args=[certificate.code])


def test_the_lookup_form_explains_a_malformed_code(client_for, db):
    response = client_for(None).get(reverse("certificates:lookup"), {"code": "12345"})

    assert response.status_code == 200
    assert "twelve letters and numbers" in response.content.decode()


def test_lookups_are_rate_limited_per_address(certificate, client_for, settings):
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = 3
    client = client_for(None)

    statuses = [_verify(client, certificate.code).status_code for _ in range(3)]
    statuses.append(_verify(client, "ZZZZ-ZZZZ-ZZZZ").status_code)

    assert statuses == [200, 200, 200, 429]
    assert "Too many checks" in _verify(client, certificate.code).content.decode()
    other_address = client_for(None)
    assert (
        other_address.get(
            reverse("certificates:verify", args=[certificate.code]), REMOTE_ADDR="10.0.0.9"
        ).status_code
        == 200
    )


# --- downloads -----------------------------------------------------------------------------


def _download(client, certificate):
    return client.get(reverse("certificates:download", args=[certificate.code]))


def test_the_learner_downloads_their_pdf_from_my_certificates(certificate, client_for, learner):
    client = client_for(learner)
    page = client.get(reverse("certificates:mine")).content.decode()
    assert reverse("certificates:download", args=[certificate.code]) in page

    response = _download(client, certificate)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_other_councils_cannot_see_or_download(
    certificate, client_for, other_learner, other_hr_admin, graduate
):
    for person in (other_learner, other_hr_admin, graduate):
        assert _download(client_for(person), certificate).status_code == 404
        page = client_for(person).get(reverse("certificates:mine")).content.decode()
        assert certificate.code not in page


def test_the_line_manager_and_the_councils_hr_admin_can_download(
    certificate, client_for, manager, hr_admin
):
    assert _download(client_for(manager), certificate).status_code == 200
    assert _download(client_for(hr_admin), certificate).status_code == 200


def test_a_colleague_who_is_not_their_manager_cannot(certificate, client_for, editor):
    assert _download(client_for(editor), certificate).status_code == 404


# --- bulk ZIPs -----------------------------------------------------------------------------


@pytest.fixture
def team(council, course, learner, manager):
    """The learner (reports to the manager) and a colleague outside that line, both with
    completions of the course, in the same department."""
    from lms.people.factories import StaffProfileFactory
    from lms.people.models import Department

    department = Department.add_root(organisation=council, name="Customer services")
    outsider = StaffProfileFactory(
        organisation=council,
        department=department,
        user__first_name="Owen",
        user__last_name="Outside",
    ).user
    learner.staff_profile.department = department
    learner.staff_profile.save(update_fields=["department"])
    for person in (learner, outsider):
        completion_for(learner=person, course=course)
    return department, outsider


def _run_job(client, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates:bulk"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return BulkCertificateJob.objects.latest("pk"), response


def _zip_names(client, job) -> list[str]:
    response = client.get(reverse("certificates:bulk_download", args=[job.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    for name in archive.namelist():
        if name.endswith(".pdf"):
            assert archive.read(name).startswith(b"%PDF")
    return sorted(archive.namelist())


def test_an_hr_admin_gets_a_departments_certificates_as_a_zip(
    team, hr_admin, client_for, django_capture_on_commit_callbacks
):
    department, _ = team
    client = client_for(hr_admin)

    job, response = _run_job(
        client, {"department": department.pk}, django_capture_on_commit_callbacks
    )

    job.refresh_from_db()
    assert response["Location"] == reverse("certificates:bulk_job", args=[job.pk])
    assert (job.status, job.total, job.processed, job.included) == ("done", 2, 2, 2)
    names = _zip_names(client, job)
    assert len(names) == 2
    assert names[0].startswith("lena-learner/") and names[1].startswith("owen-outside/")
    page = client.get(reverse("certificates:bulk_job", args=[job.pk])).content.decode()
    assert "2 of 2 certificates done" in page and "Download the ZIP" in page
    assert 'http-equiv="refresh"' not in page, "a finished job stops refreshing"


def test_a_manager_gets_only_their_reporting_line(
    team, manager, course, client_for, django_capture_on_commit_callbacks
):
    client = client_for(manager)

    job, _ = _run_job(client, {"course": course.pk}, django_capture_on_commit_callbacks)

    job.refresh_from_db()
    assert job.as_manager and job.included == 1
    assert [name.split("/")[0] for name in _zip_names(client, job)] == ["lena-learner"]


def test_a_job_in_progress_refreshes_itself_without_script(hr_admin, council, client_for):
    job = BulkCertificateJob.objects.create(
        organisation=council, requested_by=hr_admin, description="Everyone", total=10, processed=4
    )

    page = client_for(hr_admin).get(reverse("certificates:bulk_job", args=[job.pk]))

    html = page.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "4 of 10 certificates done (40%)" in html
    assert "<script>" not in html


def test_only_the_requester_sees_or_downloads_a_zip(
    team, hr_admin, manager, other_hr_admin, client_for, django_capture_on_commit_callbacks
):
    department, _ = team
    job, _ = _run_job(
        client_for(hr_admin), {"department": department.pk}, django_capture_on_commit_callbacks
    )
    for person in (manager, other_hr_admin):
        client = client_for(person)
        assert client.get(reverse("certificates:bulk_job", args=[job.pk])).status_code == 404
        assert client.get(reverse("certificates:bulk_download", args=[job.pk])).status_code == 404


def test_another_councils_department_is_refused_with_an_error(
    hr_admin, other_council, client_for, db
):
    from lms.people.models import Department

    theirs = Department.add_root(organisation=other_council, name="Their team")

    response = client_for(hr_admin).post(reverse("certificates:bulk"), {"department": theirs.pk})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not BulkCertificateJob.objects.exists()


def test_an_empty_request_is_refused_with_an_error(hr_admin, client_for):
    response = client_for(hr_admin).post(reverse("certificates:bulk"), {})

    assert "Choose a department, a course, or both." in response.content.decode()
    assert not BulkCertificateJob.objects.exists()


def test_a_certificate_that_cannot_be_made_is_listed_not_dropped(
    team, hr_admin, client_for, django_capture_on_commit_callbacks
):
    department, outsider = team
    outsider.first_name = outsider.last_name = ""
    outsider.save(update_fields=["first_name", "last_name"])
    client = client_for(hr_admin)

    job, _ = _run_job(client, {"department": department.pk}, django_capture_on_commit_callbacks)

    job.refresh_from_db()
    assert job.included == 1 and len(job.left_out) == 1
    assert "has no name" in job.left_out[0]["error"]
    assert "NOT-INCLUDED.txt" in _zip_names(client, job)
    page = client.get(reverse("certificates:bulk_job", args=[job.pk])).content.decode()
    assert "Not in the ZIP" in page and "has no name" in page


def test_a_zip_of_ready_certificates_reads_them_in_batches_not_one_by_one(
    team, hr_admin, council, course, client_for, django_capture_on_commit_callbacks
):
    """A second ZIP of the same people finds every certificate made: the queries it makes
    do not grow with the number of certificates."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lms.certificates.bulk import run_job
    from lms.people.factories import StaffProfileFactory

    department, _ = team
    client = client_for(hr_admin)

    def queries_for_a_second_zip() -> int:
        _run_job(client, {"department": department.pk}, django_capture_on_commit_callbacks)
        job = BulkCertificateJob.objects.create(
            organisation=council,
            requested_by=hr_admin,
            department=department,
            description="again",
        )
        with CaptureQueriesContext(connection) as queries:
            run_job(job_id=job.pk)
        job.refresh_from_db()
        assert job.status == "done" and job.included == job.total
        return len(queries)

    two = queries_for_a_second_zip()
    for last_name in ("Third", "Fourth"):
        person = StaffProfileFactory(
            organisation=council, department=department, user__last_name=last_name
        ).user
        completion_for(learner=person, course=course)
    four = queries_for_a_second_zip()

    assert four == two, f"{two} queries for 2 certificates, {four} for 4"


def test_a_certificate_that_failed_is_shown_to_the_learner_as_delayed(completion, client_for):
    learner = completion.user
    learner.first_name = learner.last_name = ""
    learner.save(update_fields=["first_name", "last_name"])
    issue_for_completion_task.apply(args=[completion.pk]).get()

    page = client_for(learner).get(reverse("certificates:mine")).content.decode()

    assert "Delayed" in page
    assert "learning team can see why" in page
    code = Certificate.objects.get().code
    assert reverse("certificates:download", args=[code]) not in page


def test_a_certificate_still_waiting_after_an_hour_is_shown_as_delayed(completion, client_for):
    """The worker is down or far behind: the learner is not told "being made" for ever."""
    from lms.certificates.services import issue_for_completion

    certificate = issue_for_completion(completion=completion)
    client = client_for(completion.user)

    assert "Being made" in client.get(reverse("certificates:mine")).content.decode()

    Certificate.objects.filter(pk=certificate.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    page = client.get(reverse("certificates:mine")).content.decode()

    assert "Being made" not in page
    assert "Delayed" in page and "learning team can see why" in page
    assert reverse("certificates:download", args=[certificate.code]) not in page
