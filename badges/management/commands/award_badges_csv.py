"""Award a badge to a council's staff listed in a CSV file (see badges.engine.csv_awards)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from badges.engine.csv_awards import import_awards_csv
from badges.engine.errors import AwardRefused
from badges.models import BadgeClass
from lms.people.models import Organisation


class Command(BaseCommand):
    help = "Award a badge from a CSV of email[,awarded_on][,note]; --dry-run checks only."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the CSV file.")
        parser.add_argument("--council", required=True, help="The council's slug.")
        parser.add_argument("--badge", required=True, help="The badge's slug.")
        parser.add_argument("--by", required=True, help="Email of the person awarding.")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, file, council, badge, by, dry_run, **options):
        organisation = Organisation.objects.filter(slug=council).first()
        if organisation is None:
            raise CommandError(f"No council with slug {council!r}.")
        badge_class = (
            BadgeClass.objects.filter(slug=badge)
            .filter(Q(organisation=organisation) | Q(organisation__isnull=True))
            .order_by("organisation_id")  # the council's own badge before a sector one
            .first()
        )
        if badge_class is None:
            raise CommandError(f"No badge {badge!r} for {organisation}.")
        awarded_by = get_user_model().objects.filter(email__iexact=by).first()
        if awarded_by is None:
            raise CommandError(f"No account with email {by!r}.")
        try:
            with open(file, "rb") as handle:
                report = import_awards_csv(
                    organisation=organisation,
                    badge_class=badge_class,
                    file=handle,
                    awarded_by=awarded_by,
                    dry_run=dry_run,
                )
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except AwardRefused as refused:
            raise CommandError(refused.message) from None
        for message in report.errors:
            self.stderr.write(message)
        for row in report.error_rows:
            self.stderr.write(f"row {row.line} ({row.email or 'no email'}): {row.error}")
        verb = "would be awarded" if dry_run else "awarded"
        self.stdout.write(
            f"{report.awarded_count} {verb}, {len(report.error_rows)} rows with errors."
        )
        if report.errors:
            raise CommandError("Nothing was imported.")
