"""Filtering the admin's lists of awards and audit entries, on querysets already scoped."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from badges.admin.badge_changes import summarise
from badges.models import AuditEntry, BadgeAward

PER_PAGE = 50


def _person(prefix: str, text: str) -> Q:
    query = Q()
    for word in text.split()[:4]:
        query &= (
            Q(**{f"{prefix}__first_name__icontains": word})
            | Q(**{f"{prefix}__last_name__icontains": word})
            | Q(**{f"{prefix}__email__icontains": word})
        )
    return query


def filter_awards(awards: QuerySet[BadgeAward], data: dict) -> QuerySet[BadgeAward]:
    now = timezone.now()
    if data.get("organisation"):
        awards = awards.filter(organisation=data["organisation"])
    if data.get("badge_class"):
        awards = awards.filter(badge_class=data["badge_class"])
    if data.get("q"):
        awards = awards.filter(_person("recipient", data["q"]))
    status = data.get("status")
    if status == "revoked":
        awards = awards.filter(revoked_at__isnull=False)
    elif status == "expired":
        awards = awards.filter(revoked_at__isnull=True, expires_at__lte=now)
    elif status == "valid":
        awards = awards.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )
    return awards.order_by("-awarded_at", "-pk")


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filter_audit(entries: QuerySet[AuditEntry], data: dict) -> QuerySet[AuditEntry]:
    if data.get("organisation"):
        entries = entries.filter(organisation=data["organisation"])
    if data.get("action"):
        entries = entries.filter(action=data["action"])
    if data.get("badge_class"):
        entries = entries.filter(badge_class=data["badge_class"])
    if data.get("q"):
        entries = entries.filter(_person("subject", data["q"]) | _person("actor", data["q"]))
    if data.get("since"):
        entries = entries.filter(at__gte=_day_start(data["since"]))
    if data.get("until"):
        entries = entries.filter(at__lt=_day_start(data["until"] + datetime.timedelta(days=1)))
    return entries.order_by("-at", "-pk")


def audit_summary(entry: AuditEntry) -> str:
    """What the entry's detail says, in one line for the log."""
    detail = entry.detail or {}
    if entry.action == AuditEntry.Action.REVOKED:
        return f"Reason: {detail.get('reason', '')}"
    if entry.action == AuditEntry.Action.AWARDED:
        method = dict(BadgeAward.Method.choices).get(detail.get("method"), detail.get("method"))
        note = f" — {detail['note']}" if detail.get("note") else ""
        return f"{method or ''}{note}"
    if entry.action == AuditEntry.Action.BADGE_CREATED:
        rules = detail.get("criteria") or []
        return f"{len(rules)} rule{'s' if len(rules) != 1 else ''}: " + "; ".join(rules)
    shown = {k: v for k, v in detail.items() if k not in ("before", "after")}
    return summarise(detail) or ", ".join(f"{k}: {v}" for k, v in shown.items())[:300]
