"""Rotate an issuer's Open Badges signing key (or re-encrypt stored keys).

manage.py rotate_signing_key --council northby [--by admin@example.org]
manage.py rotate_signing_key --platform
manage.py rotate_signing_key --rewrap     # after SECRET_KEY rotation
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from badges.openbadges.keys import rewrap_all_private_keys, rotate_signing_key
from lms.people.models import Organisation


class Command(BaseCommand):
    help = (
        "Retire an issuer's signing key and start a new one. Credentials signed with the "
        "old key stay verifiable: it remains in /.well-known/jwks.json."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--council", metavar="SLUG", help="The council's slug.")
        which.add_argument(
            "--platform", action="store_true", help="The platform's key (graduates' badges)."
        )
        which.add_argument(
            "--rewrap",
            action="store_true",
            help="Re-encrypt every stored private key under the current SECRET_KEY.",
        )
        parser.add_argument("--by", metavar="EMAIL", help="Who is rotating, for the audit log.")

    def handle(self, *args, council=None, platform=False, rewrap=False, by=None, **options):
        if rewrap:
            count = rewrap_all_private_keys()
            self.stdout.write(self.style.SUCCESS(f"Re-encrypted {count} signing key(s)."))
            return
        organisation = None
        if council:
            organisation = Organisation.objects.filter(slug=council).first()
            if organisation is None:
                raise CommandError(f"No council with the slug {council!r}.")
        actor = None
        if by:
            actor = get_user_model().objects.filter(email__iexact=by.strip()).first()
            if actor is None:
                raise CommandError(f"No user with the email address {by!r}.")
        key = rotate_signing_key(organisation=organisation, by=actor)
        issuer = organisation.name if organisation else "the platform"
        self.stdout.write(self.style.SUCCESS(f"New signing key for {issuer}: {key.kid}"))
