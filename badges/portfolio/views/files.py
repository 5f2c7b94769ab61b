"""Evidence files, served only to the people allowed to see them."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from badges.models import EvidenceSubmission
from badges.portfolio.files import kind_of_stored
from badges.portfolio.signers import may_see_evidence
from lms.people.permissions import signed_in_required

FIELDS = {"evidence": "file", "observation": "observation_file"}


@require_GET
@signed_in_required
def evidence_file(request, submission_id: int, which: str):
    """The learner's file or the signer's; anyone else gets "not found", not a hint."""
    if which not in FIELDS:
        raise Http404("No such file.")
    submission = get_object_or_404(EvidenceSubmission, pk=submission_id)
    if not may_see_evidence(viewer_user=request.user, submission=submission):
        raise Http404("No such file.")
    field_file = getattr(submission, FIELDS[which])
    if not field_file:
        raise Http404("No file was attached.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing from storage.") from missing
    kind = kind_of_stored(field_file.name)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{which}-{submission.pk}.{kind.extension}",
        content_type=kind.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
