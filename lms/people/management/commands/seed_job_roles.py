"""Load the sector-wide job role families and roles; safe to run on every deploy."""

from __future__ import annotations

from typing import NamedTuple

from django.core.management.base import BaseCommand
from django.db import transaction

from lms.people.models import JobRole, JobRoleFamily
from lms.people.seed_data import FAMILIES, ROLES


class JobRoleSeedResult(NamedTuple):
    families_created: int
    roles_created: int
    roles_total: int


@transaction.atomic
def load_job_roles() -> JobRoleSeedResult:
    """Create missing families and roles and refresh the wording of existing ones.

    Roles are matched on their slug, so a council's own roles (which carry an
    organisation) are never touched, and nothing is ever deleted.
    """
    families: dict[str, JobRoleFamily] = {}
    families_created = 0
    for seed in FAMILIES:
        family, created = JobRoleFamily.objects.update_or_create(
            slug=seed.slug, defaults={"name": seed.name}
        )
        families[seed.slug] = family
        families_created += created
    roles_created = 0
    for seed in ROLES:
        _, created = JobRole.objects.update_or_create(
            slug=seed.slug,
            organisation=None,
            defaults={
                "name": seed.name,
                "family": families[seed.family],
                "description": seed.description,
            },
        )
        roles_created += created
    return JobRoleSeedResult(families_created, roles_created, len(ROLES))


class Command(BaseCommand):
    help = "Create or update the sector-wide job role families and roles (idempotent)."

    def handle(self, *args, **options) -> None:
        result = load_job_roles()
        self.stdout.write(
            f"Job roles: {result.roles_total} in the seed, {result.roles_created} created; "
            f"{result.families_created} families created."
        )
