from django.core.management.base import BaseCommand

from cms.careers.services import purge_expired_interest


class Command(BaseCommand):
    help = (
        "Delete interest registered on the careers pages whose retention period has ended. "
        "Beat runs the same every day (cms.purge_interest_submissions); safe to run again."
    )

    def handle(self, *args, **options) -> None:
        deleted = purge_expired_interest()
        self.stdout.write(f"Deleted {deleted} expired interest submission(s).")
