"""Telling a learner their certificate is ready: one email, and a notice on My learning."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from lms.certificates.models import Certificate, RenderStatus


def email_learner(*, certificate: Certificate) -> bool:
    """Send the "your certificate is ready" email once; False if already sent or not ready.

    The email is claimed before it is sent: a crash in between loses one email rather
    than sending two, and the certificate is on My learning either way.
    """
    if certificate.render_status != RenderStatus.RENDERED or not certificate.learner.email:
        return False
    claimed = Certificate.objects.filter(pk=certificate.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    context = {
        "certificate": certificate,
        "learner": certificate.learner,
        "download_url": settings.SITE_URL
        + reverse("certificates:download", args=[certificate.code]),
        "list_url": settings.SITE_URL + reverse("certificates:mine"),
        "verify_url": settings.SITE_URL + reverse("certificates:verify", args=[certificate.code]),
    }
    subject = render_to_string("certificates/email/ready_subject.txt", context).strip()
    body = render_to_string("certificates/email/ready.txt", context)
    try:
        send_mail(subject, body, None, [certificate.learner.email])
    except Exception:
        # Give the claim back so the task's retry sends it.
        Certificate.objects.filter(pk=certificate.pk).update(emailed_at=None)
        raise
    return True
