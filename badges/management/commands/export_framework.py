"""Write a framework out as CASE-like JSON, to a file or to standard output."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from badges.frameworks.case import export_case
from badges.models import Framework


class Command(BaseCommand):
    help = "Export a framework (by its code, e.g. digcomp) as CASE-like JSON."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("-o", "--output", type=Path, help="Write to this file.")

    def handle(self, *args, code: str, output: Path | None, **options) -> None:
        framework = Framework.objects.filter(code=code).first()
        if framework is None:
            known = ", ".join(Framework.objects.values_list("code", flat=True)) or "none"
            raise CommandError(f"No framework has the code {code!r} (known: {known}).")
        text = json.dumps(export_case(framework=framework), indent=2, ensure_ascii=False) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror or exc}") from exc
        self.stdout.write(f"Wrote {framework.code} to {output}.")
