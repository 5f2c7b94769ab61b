from celery import shared_task
from django.db import transaction
from django.utils import timezone

from lms.records.models import CourseCompletion
from lms.records.signals import course_completed


@shared_task(name="records.announce_completion")
def announce_completion(completion_id: int) -> bool:
    """Tell badges and certificates about a completion, once.

    The row lock and announced_at make a retried or duplicated task a no-op.
    """
    with transaction.atomic():
        completion = CourseCompletion.objects.select_for_update().filter(pk=completion_id).first()
        if completion is None or completion.announced_at is not None:
            return False
        course_completed.send(sender=CourseCompletion, completion_id=completion.pk)
        completion.announced_at = timezone.now()
        completion.save(update_fields=["announced_at"])
    return True


@shared_task(name="records.announce_pending_completions")
def announce_pending_completions() -> int:
    """Safety net for beat: completions whose announcement was lost (broker down at commit)."""
    pending = CourseCompletion.objects.filter(announced_at__isnull=True).values_list(
        "pk", flat=True
    )[:500]
    return sum(1 for pk in pending if announce_completion(pk))
