from django.core.management.base import BaseCommand, CommandError

from lms.ops.checks import check_all


class Command(BaseCommand):
    help = "Check the database, cache and Celery broker; exit non-zero if any is down."

    def handle(self, *args, **options):
        failures = []
        for status in check_all():
            state = "ok" if status.ok else "FAIL"
            line = f"{status.name:<9} {state:<5} {status.ms:7.1f} ms  {status.detail}"
            if status.ok:
                self.stdout.write(self.style.SUCCESS(line))
            else:
                self.stdout.write(self.style.ERROR(line))
                failures.append(status.name)
        if failures:
            raise CommandError(f"unavailable: {', '.join(failures)}")
