"""Queue Celery work only once the data it reads has been committed."""

from __future__ import annotations

from functools import partial

from celery import Task
from django.db import transaction


def enqueue_on_commit(task: Task, *args, using: str | None = None, **kwargs) -> None:
    """Send `task` with plain arguments after the current transaction commits.

    Outside a transaction it is sent at once. If the transaction rolls back, nothing
    is sent, so a worker never looks for rows that do not exist.
    """
    transaction.on_commit(partial(task.apply_async, args=args, kwargs=kwargs), using=using)
