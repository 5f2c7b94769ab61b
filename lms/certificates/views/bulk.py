"""Bulk ZIPs for HR admins (their council) and managers (their reporting line)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from lms.certificates import bulk
from lms.certificates.forms import BulkJobForm
from lms.certificates.models import BulkCertificateJob
from lms.people.permissions import signed_in_required, viewer_for

REFRESH_SECONDS = 3


def _viewer_who_may_bulk(request):
    viewer = viewer_for(request)
    if not (viewer.is_hr_admin or viewer.is_manager):
        raise PermissionDenied(
            "Certificate ZIPs are for HR and learning admins and for line managers."
        )
    return viewer


@require_http_methods(["GET", "POST"])
@signed_in_required
def start(request):
    viewer = _viewer_who_may_bulk(request)
    form = BulkJobForm(
        request.POST if request.method == "POST" else None,
        departments=bulk.departments_for(viewer),
        courses=bulk.courses_for(viewer),
    )
    if request.method == "POST" and form.is_valid():
        job = bulk.start_job(
            viewer=viewer,
            department=form.cleaned_data["department"],
            course=form.cleaned_data["course"],
        )
        return redirect("certificates:bulk_job", job_id=job.pk)
    jobs = BulkCertificateJob.objects.filter(requested_by=request.user)[:10]
    return render(
        request,
        "certificates/bulk/start.html",
        {"form": form, "jobs": jobs, "as_manager": not viewer.is_hr_admin},
    )


def _own_job(request, job_id: int) -> BulkCertificateJob:
    # Only the person who asked for a ZIP sees it: it holds other people's certificates.
    return get_object_or_404(BulkCertificateJob, pk=job_id, requested_by=request.user)


@require_GET
@signed_in_required
def job_detail(request, job_id: int):
    job = _own_job(request, job_id)
    return render(
        request,
        "certificates/bulk/job.html",
        {"job": job, "refresh_seconds": None if job.is_finished else REFRESH_SECONDS},
    )


@require_GET
@signed_in_required
def job_download(request, job_id: int):
    job = _own_job(request, job_id)
    if job.status != BulkCertificateJob.Status.DONE or not job.archive:
        raise Http404("This ZIP is not ready.")
    return FileResponse(
        job.archive.open("rb"),
        as_attachment=True,
        filename=f"certificates-{job.pk}.zip",
        content_type="application/zip",
    )
