"""Import a framework from a CASE-like JSON file, for every council or for one."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from badges.frameworks.case import import_case_with_summary
from badges.frameworks.case_schema import CaseImportError
from badges.frameworks.reporting import describe_import
from lms.people.models import Organisation


class Command(BaseCommand):
    help = (
        "Import a framework from a CASE-like JSON file (CFDocument, CFItems, CFAssociations, "
        "proficiencyScale). Importing the same file again updates it in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--organisation",
            metavar="SLUG",
            help="The council that owns the framework; leave out for a framework every "
            "council shares.",
        )

    def handle(self, *args, file: Path, organisation: str | None, **options) -> None:
        council = None
        if organisation:
            council = Organisation.objects.filter(slug=organisation).first()
            if council is None:
                raise CommandError(f"No council has the slug {organisation!r}.")
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}") from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{file} is not a JSON file: {exc}") from exc
        try:
            framework, summary = import_case_with_summary(data=data, organisation=council)
        except CaseImportError as exc:
            problems = "\n".join(f"  - {error}" for error in exc.errors)
            raise CommandError(f"{file} was not imported; nothing changed:\n{problems}") from exc
        self.stdout.write(describe_import(framework, summary))
