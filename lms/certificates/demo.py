"""The demo council's certificate design, for `manage.py seed_demo`.

Created once: a design that already exists is left as an editor may have changed it.
Completions and badge awards of the council that have no certificate yet (seeded before
this ran, or while certificates were switched off) get one, issued and rendered the way
the tasks do it, so a second run makes nothing new.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from lms.certificates.models import Certificate, CertificateDesign, RenderStatus
from lms.certificates.models.designs import validate_text_colour
from lms.certificates.services import issue_for_award, issue_for_completion, render_certificate


def _design(organisation) -> CertificateDesign:
    existing = CertificateDesign.objects.filter(organisation=organisation).first()
    if existing is not None:
        return existing
    colour = organisation.brand_colour
    try:
        validate_text_colour(colour)
    except ValidationError:
        colour = CertificateDesign._meta.get_field("main_colour").default
    return CertificateDesign.objects.create(
        organisation=organisation,
        logo=organisation.logo,
        main_colour=colour,
        accent_colour=colour,
        course_heading="Certificate of completion",
        course_wording="has successfully completed the course",
        badge_heading="Certificate of achievement",
        badge_wording="has been awarded the digital skills badge",
        closing_text=f"Thank you for building the digital skills that help {organisation.name} "
        "serve its residents.",
        signatory_name="Alex Morgan",
        signatory_title="Director of People and Organisational Development",
    )


def seed_demo_certificates(*, organisation) -> int:
    """The design, plus certificates for what the demo staff have already achieved.
    Returns the number of certificates newly made."""
    from badges.models import BadgeAward
    from lms.records.models import CourseCompletion

    _design(organisation)
    before = Certificate.objects.filter(organisation=organisation).count()
    completions = CourseCompletion.objects.filter(
        organisation=organisation, certificates__isnull=True
    ).select_related("organisation")
    for completion in completions.order_by("number", "pk"):
        issue_for_completion(completion=completion)
    awards = BadgeAward.objects.filter(
        organisation=organisation, certificates__isnull=True
    ).select_related("badge_class", "organisation")
    for award in awards.order_by("cycle", "pk"):
        issue_for_award(award=award)
    waiting = Certificate.objects.filter(
        organisation=organisation, render_status=RenderStatus.PENDING
    ).values_list("pk", flat=True)
    for certificate_id in list(waiting):
        render_certificate(certificate_id=certificate_id)
    return Certificate.objects.filter(organisation=organisation).count() - before
