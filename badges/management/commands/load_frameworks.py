"""Load or refresh the frameworks shipped in badges/data/ (safe on every deploy)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from badges.frameworks.case_schema import CaseImportError
from badges.frameworks.loader import load_shipped_frameworks_with_summary
from badges.frameworks.reporting import describe_import


class Command(BaseCommand):
    help = "Create or update DigComp 2.2 and the Essential Digital Skills framework."

    def handle(self, *args, **options) -> None:
        try:
            results = load_shipped_frameworks_with_summary()
        except CaseImportError as exc:
            raise CommandError(f"A shipped framework could not be loaded: {exc}") from exc
        for framework, summary in results:
            self.stdout.write(describe_import(framework, summary))
