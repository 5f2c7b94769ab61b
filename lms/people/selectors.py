"""Read-side queries on councils and people."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from lms.people.models import Organisation, OrganisationDomain, StaffProfile


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""


def organisation_for_email(email: str) -> Organisation | None:
    """The active council whose staff domain matches this address, if any."""
    domain = email_domain(email)
    if not domain:
        return None
    match = (
        OrganisationDomain.objects.select_related("organisation")
        .filter(domain=domain, organisation__is_active=True)
        .first()
    )
    return match.organisation if match else None


_LINE_SQL = """
WITH RECURSIVE line(id) AS (
    SELECT id FROM people_staffprofile WHERE manager_id = %s
    UNION
    SELECT s.id FROM people_staffprofile s JOIN line ON s.manager_id = line.id
)
SELECT id FROM line
"""

_CHAIN_SQL = """
WITH RECURSIVE chain(id) AS (
    SELECT manager_id FROM people_staffprofile WHERE id = %s AND manager_id IS NOT NULL
    UNION
    SELECT s.manager_id FROM people_staffprofile s JOIN chain ON s.id = chain.id
    WHERE s.manager_id IS NOT NULL
)
SELECT id FROM chain
"""


def reporting_line(manager: StaffProfile) -> QuerySet[StaffProfile]:
    """Everyone who reports to this manager, at any depth, as one query.

    UNION (not UNION ALL) stops at rows already seen, so bad data cannot loop.
    """
    return StaffProfile.objects.filter(
        organisation_id=manager.organisation_id, id__in=RawSQL(_LINE_SQL, [manager.pk])
    )


def manager_chain_ids(profile_id: int) -> set[int]:
    """The ids of this profile's manager, their manager, and so on up, in one query."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_CHAIN_SQL, [profile_id])
        return {row[0] for row in cursor.fetchall()} | {profile_id}


def is_in_reporting_line(*, manager: StaffProfile, profile: StaffProfile) -> bool:
    return profile.pk != manager.pk and manager.pk in manager_chain_ids(profile.pk)


def staff_directory(organisation: Organisation, *, search: str = "") -> QuerySet[StaffProfile]:
    qs = (
        StaffProfile.objects.for_organisation(organisation)
        .select_related("user", "department", "job_role", "manager__user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    if search:
        from django.db.models import Q

        qs = qs.filter(
            Q(user__first_name__icontains=search)
            | Q(user__last_name__icontains=search)
            | Q(user__email__icontains=search)
            | Q(employee_id__iexact=search)
        )
    return qs


def profile_for_dashboard(profile_id: int) -> StaffProfile:
    return StaffProfile.objects.select_related(
        "user", "organisation", "department", "job_role__family", "manager__user"
    ).get(pk=profile_id)


def organisation_headcount(organisation: Organisation) -> dict[str, int]:
    from django.db.models import Count, Q

    return StaffProfile.objects.for_organisation(organisation).aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        leavers=Count("pk", filter=Q(is_active=False, left_on__isnull=False)),
        awaiting_confirmation=Count("pk", filter=Q(is_active=False, left_on__isnull=True)),
        no_corporate_device=Count("pk", filter=Q(is_active=True, no_corporate_device=True)),
        managers=Count("manager", filter=Q(is_active=True, manager__isnull=False), distinct=True),
    )


def department_tree(organisation: Organisation) -> list[dict]:
    """The council's departments in tree order with active headcounts, in one query."""
    from django.db.models import Count, Q

    from lms.people.models import Department

    return list(
        Department.objects.filter(organisation=organisation)
        .annotate(headcount=Count("staff", filter=Q(staff__is_active=True)))
        .order_by("path")
        .values("pk", "name", "depth", "headcount")
    )
