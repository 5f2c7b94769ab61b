from celery import shared_task
from django.db.models import F
from django.utils import timezone

from lms.ops.models import WorkerHeartbeat


@shared_task(name="ops.heartbeat")
def heartbeat(name: str = "default") -> int:
    """Record that a worker picked up work. Re-running it only moves the timestamp on."""
    now = timezone.now()
    beat, created = WorkerHeartbeat.objects.get_or_create(
        name=name, defaults={"last_seen": now, "beats": 1}
    )
    if not created:
        WorkerHeartbeat.objects.filter(pk=beat.pk).update(beats=F("beats") + 1, last_seen=now)
    return WorkerHeartbeat.objects.get(pk=beat.pk).beats
