"""Domain actions on councils and people, shared by views, commands and tasks."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from lms.people.models import Department, JobRole, Organisation, StaffProfile, User
from lms.people.selectors import manager_chain_ids


def validate_staff_links(*, profile: StaffProfile) -> None:
    """Refuse links that cross councils or make someone their own (indirect) manager."""
    errors: dict[str, ValidationError] = {}
    org_id = profile.organisation_id
    if profile.department_id and profile.department.organisation_id != org_id:
        errors["department"] = ValidationError(
            "That department belongs to another council.", code="other_council"
        )
    if profile.job_role_id and profile.job_role.organisation_id not in (None, org_id):
        errors["job_role"] = ValidationError(
            "That job role belongs to another council.", code="other_council"
        )
    if profile.manager_id:
        if profile.manager.organisation_id != org_id:
            errors["manager"] = ValidationError(
                "A manager must work for the same council.", code="other_council"
            )
        elif profile.pk and profile.manager_id == profile.pk:
            errors["manager"] = ValidationError(
                f"{profile.user} cannot be their own manager.", code="manager_cycle"
            )
        elif profile.pk and profile.pk in manager_chain_ids(profile.manager_id):
            errors["manager"] = ValidationError(
                f"{profile.manager.user} already reports to {profile.user}, directly or "
                "indirectly, so they cannot also be their manager.",
                code="manager_cycle",
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_staff_member(
    *,
    organisation: Organisation,
    email: str,
    first_name: str = "",
    last_name: str = "",
    employee_id: str = "",
    department: Department | None = None,
    job_role: JobRole | None = None,
    manager: StaffProfile | None = None,
    grade_band: str = "",
    start_date: datetime.date | None = None,
    no_corporate_device: bool = False,
    is_hr_admin: bool = False,
    password: str | None = None,
) -> StaffProfile:
    """Create a user and their staff profile together, or neither."""
    employee_id = employee_id.strip()
    if (
        employee_id
        and StaffProfile.objects.filter(organisation=organisation, employee_id=employee_id).exists()
    ):
        raise ValidationError(
            {"employee_id": f"Employee id {employee_id} is already used in {organisation}."}
        )
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": f"There is already an account for {email}."})
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name
    )
    profile = StaffProfile(
        user=user,
        organisation=organisation,
        employee_id=employee_id,
        department=department,
        job_role=job_role,
        manager=manager,
        grade_band=grade_band,
        start_date=start_date,
        no_corporate_device=no_corporate_device,
        is_hr_admin=is_hr_admin,
    )
    validate_staff_links(profile=profile)
    profile.save()
    return profile


@transaction.atomic
def set_manager(*, profile: StaffProfile, manager: StaffProfile | None) -> StaffProfile:
    """Point a profile at a new manager, refusing cycles and cross-council links."""
    # The cycle check reads the whole chain of managers, so locking only this row would let
    # two concurrent changes (A→B, B→C while C→A) each pass it. Manager changes in one
    # council queue on the council's row instead; no_key leaves new staff rows unblocked.
    list(
        Organisation.objects.select_for_update(no_key=True)
        .filter(pk=profile.organisation_id)
        .values_list("pk", flat=True)
    )
    profile = StaffProfile.objects.select_for_update().get(pk=profile.pk)
    profile.manager = manager
    validate_staff_links(profile=profile)
    profile.save(update_fields=["manager", "updated_at"])
    return profile


@transaction.atomic
def mark_leaver(*, profile: StaffProfile, left_on: datetime.date) -> StaffProfile:
    """A leaver keeps their records; they lose sign-in and drop out of their reports."""
    profile.is_active = False
    profile.left_on = left_on
    profile.save(update_fields=["is_active", "left_on", "updated_at"])
    profile.direct_reports.update(manager=profile.manager)
    profile.user.is_active = False
    profile.user.save(update_fields=["is_active"])
    return profile


def attach_staff_profile(
    *,
    user: User,
    organisation: Organisation,
    job_role: JobRole | None = None,
    verified: bool = True,
) -> StaffProfile:
    """Make an account (a self sign-up or SSO) staff of the council its email names.

    A self sign-up is not staff until its address is confirmed: until then the profile
    is inactive, so nobody can fill a council's staff list with addresses they do not own.
    """
    profile, _ = StaffProfile.objects.get_or_create(
        user=user,
        defaults={"organisation": organisation, "job_role": job_role, "is_active": verified},
    )
    return profile


def activate_confirmed_staff(*, user: User) -> StaffProfile | None:
    """Called when an address is confirmed: a pending sign-up becomes active staff.

    Leavers (inactive with a leaving date) stay inactive.
    """
    updated = StaffProfile.objects.filter(user=user, is_active=False, left_on__isnull=True).update(
        is_active=True
    )
    return StaffProfile.objects.filter(user=user).first() if updated else None
