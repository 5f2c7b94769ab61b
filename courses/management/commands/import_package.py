"""Import H5P and SCORM packages from files, as reusable content in the package library.

    manage.py import_package FILE... [--council SLUG] [--title TITLE]

Each file is checked and unpacked before the next starts, and one line says what
happened to it:

    imported course.zip: SCORM 2004 4th Edition, 14 files
    rejected broken.zip: The package has no imsmanifest.xml at its top level.

The exit status is 1 if any file was not imported. A rejected file stays in the
admin's package list with its reason, like a rejected upload.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from courses.admin.summary import count_unpacked_files, summarise
from courses.models import ContentPackage
from courses.packages.admin_actions import IntakeOutcome, take_in_package
from lms.people.models import Organisation

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Check and import H5P (.h5p) and SCORM (.zip) packages; one line per file."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--council",
            metavar="SLUG",
            help="The council that owns the packages. Without it they join the sector library.",
        )
        parser.add_argument("--title", help="A title for the package (only with one FILE).")

    def handle(self, *args, files: list[str], council: str | None, title: str | None, **options):
        if title and len(files) > 1:
            raise CommandError("--title names one package: give it with a single FILE.")
        owner = _council(council) if council else None
        failures = 0
        for name in files:
            line, ok = _import_one(Path(name), owner=owner, title=title or "")
            failures += not ok
            # Every file's line goes to stdout, in order, so a script can read the whole report.
            self.stdout.write(line)
        if failures:
            raise CommandError(
                f"{failures} of {len(files)} file{'s' if len(files) != 1 else ''} not imported.",
                returncode=1,
            )


def _council(slug: str) -> Organisation:
    try:
        return Organisation.objects.get(slug=slug)
    except Organisation.DoesNotExist:
        known = ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True)[:20])
        raise CommandError(
            f"No council has the slug {slug!r}. Known councils: {known or 'none yet'}."
        ) from None


def _import_one(path: Path, *, owner: Organisation | None, title: str) -> tuple[str, bool]:
    if not path.is_file():
        return f"rejected {path}: there is no such file.", False
    try:
        with path.open("rb") as handle:
            outcome = take_in_package(
                upload=File(handle, name=path.name),
                filename=path.name,
                # Whoever runs the command has the server's trust: every kind is allowed.
                allowed_kinds=tuple(ContentPackage.Kind),
                owning_council=owner,
                title=title,
                process_now=True,
            )
    except Exception as exc:
        # One broken file must not stop the batch; the package row, if any, stays to re-check.
        logger.exception("importing %s failed", path)
        return f"rejected {path}: the check failed unexpectedly ({exc}).", False
    return _describe(path, outcome)


def _describe(path: Path, outcome: IntakeOutcome) -> tuple[str, bool]:
    package = outcome.package
    if package is None:
        return f"rejected {path}: {outcome.refused}", False
    if package.status == ContentPackage.Status.REJECTED:
        return f"rejected {path}: {package.error}", False
    if package.status != ContentPackage.Status.READY:
        return f"rejected {path}: the check did not finish; try it again in the admin.", False
    count = count_unpacked_files(package)
    return f"imported {path}: {summarise(package).headline}, {count} files", True
