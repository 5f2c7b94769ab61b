"""Create the sector's baseline and role-specific requirements (never overwrites existing rows)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from badges.frameworks.requirements_seed import RequirementSeedError, seed_role_requirements


class Command(BaseCommand):
    help = (
        "Seed the sector matrix of role requirements: Essential Digital Skills for work and "
        "DigComp 4.1/4.2 for everyone, plus DigComp targets for each sector job role. Needs "
        "load_frameworks and seed_job_roles first. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        try:
            result = seed_role_requirements()
        except RequirementSeedError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Role requirements: {result.total} in the matrix for {result.roles} job roles "
            f"plus the baseline; {result.created} created."
        )
