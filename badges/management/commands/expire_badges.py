"""Record expiry of awards past their expiry date (each once) and re-check their holders."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from badges.engine.expiry import record_expiries


class Command(BaseCommand):
    help = "Write an audit entry for each award that has expired since the last run."

    def handle(self, *args, **options):
        self.stdout.write(f"{record_expiries()} awards expired.")
