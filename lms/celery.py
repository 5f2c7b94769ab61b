"""The Celery application.

Configuration comes from Django settings under the CELERY_ prefix, so the broker,
eager mode and limits are decided once in lms/settings/base.py from REDIS_URL.
"""

import os

import kombu.exceptions
import redis.exceptions
from celery import Celery, Task
from django import db

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")


class RetryingTask(Task):
    """Default base for every task: transient failures retry with jittered backoff.

    Tasks are written to be idempotent, so a retry (or a redelivery after a worker
    dies, given acks_late) repeats no side effect.
    """

    # The errors the database, Redis and the broker really raise when they drop out.
    autoretry_for = (
        ConnectionError,
        TimeoutError,
        OSError,
        db.OperationalError,
        db.InterfaceError,
        redis.exceptions.ConnectionError,
        redis.exceptions.TimeoutError,
        kombu.exceptions.OperationalError,
    )
    retry_backoff = 2
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 5


app = Celery("lms", task_cls=RetryingTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
