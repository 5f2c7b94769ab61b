"""A real Celery worker, started as a subprocess, serves work sent through Redis.

Needs REDIS_URL and a database another process can open (PostgreSQL, or a SQLite
file); the worker gets the test database's name so it writes where the test reads.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from celery.signals import after_task_publish
from django.conf import settings
from django.db import connection, transaction

from lms.celery import app as celery_app
from lms.jobs import enqueue_on_commit
from lms.ops.models import WorkerHeartbeat
from lms.ops.tasks import heartbeat

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="REDIS_URL is unset: a real worker needs a Redis broker"
    ),
    pytest.mark.django_db(transaction=True),
]

PROJECT_ROOT = Path(settings.BASE_DIR)
PICKUP_TIMEOUT_S = 30
SHUTDOWN_TIMEOUT_S = 15


def _database_url_for_subprocess() -> str:
    """A DATABASE_URL naming the test database pytest-django created for this run."""
    db = connection.settings_dict
    vendor = connection.vendor
    if vendor == "postgresql":
        credentials = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"], safe="")
        host = db["HOST"] or "localhost"
        port = f":{db['PORT']}" if db["PORT"] else ""
        return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"
    if vendor == "sqlite":
        name = str(db["NAME"])
        if connection.is_in_memory_db() or name.startswith("file:"):
            pytest.skip("the test database is SQLite in memory: a worker process cannot see it")
        return f"sqlite:///{Path(name).resolve()}"
    pytest.skip(f"no DATABASE_URL recipe for a {vendor} test database")


@pytest.fixture
def queue():
    """A queue only this test's worker listens on, routed to for heartbeat; removed after."""
    name = f"test-worker-{uuid.uuid4().hex[:12]}"
    routes, eager = celery_app.conf.task_routes, celery_app.conf.task_always_eager
    # lms/settings/test.py makes tasks eager; this process must send to the broker instead.
    celery_app.conf.update(task_routes={"ops.heartbeat": {"queue": name}}, task_always_eager=False)
    try:
        yield name
    finally:
        celery_app.conf.update(task_routes=routes, task_always_eager=eager)
        with celery_app.connection_for_write() as conn:
            conn.default_channel.client.delete(name)


@pytest.fixture
def worker(queue, tmp_path):
    """`celery -A lms worker` on `queue`, writing its log to a file; always stopped."""
    log = tmp_path / "worker.log"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": _database_url_for_subprocess(),
        "REDIS_URL": settings.REDIS_URL,
        # Once lms/settings/test.py reads it, tasks sent by the worker's own tasks go
        # through the broker as well instead of running inline.
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "lms",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-mingle",
        "--without-gossip",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        yield process, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=SHUTDOWN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=SHUTDOWN_TIMEOUT_S)


@pytest.fixture
def published():
    """The id and routing key of every task message this process publishes."""
    messages = []

    def record(sender=None, headers=None, routing_key=None, **kwargs):
        messages.append({"task": sender, "id": headers["id"], "routing_key": routing_key})

    after_task_publish.connect(record, weak=False)
    yield messages
    after_task_publish.disconnect(record)


def test_a_real_worker_runs_a_task_enqueued_on_commit(worker, queue, published):
    process, log = worker
    name = f"worker-test-{uuid.uuid4().hex[:8]}"

    with transaction.atomic():
        enqueue_on_commit(heartbeat, name)
        assert published == [], "a message was sent before the transaction committed"
    assert [(m["task"], m["routing_key"]) for m in published] == [("ops.heartbeat", queue)]
    task_id = published[0]["id"]

    deadline = time.monotonic() + PICKUP_TIMEOUT_S
    beat = None
    while beat is None and time.monotonic() < deadline and process.poll() is None:
        beat = WorkerHeartbeat.objects.filter(name=name).first()
        if beat is None:
            time.sleep(0.2)

    output = log.read_text(errors="replace")
    assert process.poll() is None, f"the worker exited with {process.returncode}:\n{output}"
    assert beat is not None, f"no heartbeat row after {PICKUP_TIMEOUT_S}s; worker log:\n{output}"
    assert beat.beats == 1
    # The row came from the worker: this process sent the message and ran nothing itself.
    assert f"ops.heartbeat[{task_id}] received" in output, output
    deadline = time.monotonic() + 5
    while f"ops.heartbeat[{task_id}] succeeded" not in output and time.monotonic() < deadline:
        time.sleep(0.1)
        output = log.read_text(errors="replace")
    assert f"ops.heartbeat[{task_id}] succeeded" in output, output
