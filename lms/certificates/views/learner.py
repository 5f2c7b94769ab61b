"""The learner's certificates: the list, and downloads checked against who is asking."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lms.certificates import selectors
from lms.certificates.models import Certificate, RenderStatus
from lms.certificates.services import mark_seen
from lms.people.permissions import signed_in_required, viewer_for


@require_GET
@signed_in_required
def my_certificates(request):
    certificates = selectors.for_learner(request.user)
    mark_seen(learner=request.user)
    return render(request, "certificates/mine.html", {"certificates": certificates})


@require_GET
@signed_in_required
def download(request, code: str):
    certificate = (
        Certificate.objects.select_related("organisation")
        .filter(code=code, render_status=RenderStatus.RENDERED)
        .first()
    )
    # Someone else's certificate is "not found", so codes cannot be probed from here.
    if certificate is None or not selectors.may_download(viewer_for(request), certificate):
        raise Http404("No such certificate.")
    try:
        handle = certificate.pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The certificate file is missing.") from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=certificate.download_name(),
        content_type="application/pdf",
    )
