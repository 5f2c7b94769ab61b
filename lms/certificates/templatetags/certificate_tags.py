"""Certificates on other apps' pages (My learning, the dashboard) without touching their views."""

from __future__ import annotations

from django import template

from lms.certificates.models import Certificate, RenderStatus

register = template.Library()
RECENT = 5


@register.inclusion_tag("certificates/includes/my_learning.html", takes_context=True)
def certificates_on_my_learning(context):
    """The notice of new certificates and the learner's latest ones, with a link to all."""
    from lms.certificates.selectors import unseen_count

    user = context["request"].user
    recent = list(
        Certificate.objects.filter(
            learner=user, render_status=RenderStatus.RENDERED, superseded_at__isnull=True
        ).order_by("-created_at", "-pk")[:RECENT]
    )
    return {
        "section": True,
        "certificates": recent,
        "new_certificates": unseen_count(user),
    }


@register.inclusion_tag("certificates/includes/my_learning.html", takes_context=True)
def certificates_notice(context):
    from lms.certificates.selectors import unseen_count

    return {"section": False, "new_certificates": unseen_count(context["request"].user)}
