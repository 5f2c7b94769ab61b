"""The Celery app's policy, enqueue_on_commit and the heartbeat task (tasks run eagerly here).

A real worker is exercised in test_worker.py.
"""

from __future__ import annotations

import pytest
import redis.exceptions
from celery.app import autoretry
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from kombu.exceptions import EncodeError
from kombu.exceptions import OperationalError as KombuOperationalError

from lms.celery import RetryingTask
from lms.celery import app as celery_app
from lms.jobs import enqueue_on_commit
from lms.ops.models import WorkerHeartbeat
from lms.ops.tasks import heartbeat

PROJECT_PACKAGES = ("lms", "courses", "badges", "cms")


class _Boom(Exception):
    pass


# --- the app's configuration ------------------------------------------------------------------


def test_messages_are_json_only():
    conf = celery_app.conf
    assert conf.task_serializer == "json"
    assert conf.result_serializer == "json"
    assert list(conf.accept_content) == ["json"]
    assert conf.result_accept_content in (None, ["json"])


def test_a_non_json_argument_is_refused_when_sent_to_a_broker():
    """Tasks take plain ids: a model instance cannot be smuggled into a message."""
    instance = WorkerHeartbeat(name="not-json")
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with pytest.raises(EncodeError):
            heartbeat.apply_async(args=(instance,), queue="tests-json-refusal-never-consumed")
    finally:
        celery_app.conf.task_always_eager = eager


def test_work_is_acknowledged_late_and_redelivered_if_a_worker_dies():
    conf = celery_app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1


def test_time_limits_are_set_and_outlasted_by_the_visibility_timeout():
    conf = celery_app.conf
    assert conf.task_soft_time_limit == settings.CELERY_TASK_SOFT_TIME_LIMIT
    assert conf.task_time_limit == settings.CELERY_TASK_TIME_LIMIT
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit
    # A message not acknowledged within the visibility timeout is handed to another
    # worker; with acks_late that must not happen to a task that is still running.
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit


def test_the_default_task_class_retries_transient_failures_with_jittered_backoff():
    assert issubclass(celery_app.Task, RetryingTask)
    assert issubclass(ConnectionError, RetryingTask.autoretry_for)
    assert issubclass(TimeoutError, RetryingTask.autoretry_for)
    assert RetryingTask.retry_backoff
    assert RetryingTask.retry_jitter is True
    assert 0 < RetryingTask.retry_backoff_max <= settings.CELERY_TASK_TIME_LIMIT
    assert 0 < RetryingTask.max_retries <= 10


def test_every_project_task_uses_the_retrying_base():
    celery_app.loader.import_default_modules()
    project_tasks = {
        name: task
        for name, task in celery_app.tasks.items()
        if task.__module__.split(".")[0] in PROJECT_PACKAGES
    }
    assert "ops.heartbeat" in project_tasks
    plain = [name for name, task in project_tasks.items() if not isinstance(task, RetryingTask)]
    assert plain == []


# A task written the project's way, failing a set number of times before it succeeds.
_attempts: list[int] = []


@celery_app.task(name="tests.ops.flaky", bind=True)
def flaky(self, failures: int) -> str:
    _attempts.append(self.request.retries)
    if len(_attempts) <= failures:
        raise ConnectionError("broker went away")
    return "done"


@celery_app.task(name="tests.ops.outage", bind=True)
def outage(self, error: str) -> str:
    _attempts.append(self.request.retries)
    if len(_attempts) == 1:
        raise TRANSIENT_ERRORS[error]("the service went away for a moment")
    return "done"


# What a task meets when the database, Redis or the broker restarts or fails over.
TRANSIENT_ERRORS = {
    "database-operational": OperationalError,
    "database-interface": InterfaceError,
    "redis-connection": redis.exceptions.ConnectionError,
    "redis-timeout": redis.exceptions.TimeoutError,
    "broker": KombuOperationalError,
}


@celery_app.task(name="tests.ops.broken", bind=True)
def broken(self) -> None:
    _attempts.append(self.request.retries)
    raise _Boom("a bug, not a transient failure")


@pytest.fixture
def attempts(monkeypatch):
    """Attempts made, and the backoff Celery was asked to compute before each retry."""
    _attempts.clear()
    backoffs = []
    real = autoretry.get_exponential_backoff_interval

    def recording(**kwargs):
        backoffs.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(autoretry, "get_exponential_backoff_interval", recording)
    # Celery runs each eager retry with apply(); only with propagation off does it carry
    # on retrying in-process instead of raising Retry at the first one.
    propagates = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    try:
        yield _attempts, backoffs
    finally:
        celery_app.conf.task_eager_propagates = propagates
        _attempts.clear()


def test_a_transient_failure_is_retried_with_growing_backoff(attempts):
    tries, backoffs = attempts

    result = flaky.apply(args=(2,))

    assert result.get() == "done"
    assert tries == [0, 1, 2]
    assert [b["retries"] for b in backoffs] == [0, 1]
    for backoff in backoffs:
        assert backoff["factor"] == RetryingTask.retry_backoff
        assert backoff["maximum"] == RetryingTask.retry_backoff_max
        assert backoff["full_jitter"] is True


def test_retries_stop_at_max_retries(attempts):
    tries, _ = attempts

    result = flaky.apply(args=(1000,))

    assert result.failed()
    assert isinstance(result.result, ConnectionError)
    assert tries == list(range(RetryingTask.max_retries + 1))


@pytest.mark.parametrize("error", TRANSIENT_ERRORS)
def test_an_outage_of_a_service_the_task_uses_is_retried(attempts, error):
    """The library errors for a dropped database or Redis connection are not the built-in
    ConnectionError/OSError, so the retry policy has to name them."""
    tries, _ = attempts

    result = outage.apply(args=(error,))

    assert tries == [0, 1], f"{TRANSIENT_ERRORS[error].__module__} error was not retried"
    assert result.get() == "done"


def test_a_programming_error_is_not_retried(attempts):
    tries, backoffs = attempts

    result = broken.apply()

    assert result.failed()
    assert isinstance(result.result, _Boom)
    assert tries == [0]
    assert backoffs == []


# --- enqueue_on_commit ----------------------------------------------------------------------


@pytest.fixture
def sent(monkeypatch):
    """Replace heartbeat's apply_async with a recorder of what would be sent."""
    calls = []

    def record(self, args=None, kwargs=None, **options):
        calls.append((args, kwargs, options))

    # Celery makes a class per task, so patching it touches no other task.
    monkeypatch.setattr(heartbeat.__class__, "apply_async", record)
    return calls


def test_enqueue_on_commit_sends_only_once_the_transaction_commits(
    db, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            enqueue_on_commit(heartbeat, "after-commit", using="default")
            assert sent == []
        assert sent == [], "sent before the outermost transaction committed"

    assert len(callbacks) == 1
    assert sent == [(("after-commit",), {}, {})]


def test_enqueue_on_commit_passes_plain_positional_and_keyword_arguments(
    db, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(heartbeat, 7, name="kw")

    assert sent == [((7,), {"name": "kw"}, {})]


def test_enqueue_on_commit_sends_nothing_when_the_transaction_rolls_back(
    db, sent, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(_Boom),
        transaction.atomic(),
    ):
        enqueue_on_commit(heartbeat, "rolled-back")
        raise _Boom

    assert callbacks == []
    assert sent == []


@pytest.mark.django_db(transaction=True)
def test_enqueued_task_runs_after_a_real_commit_and_never_after_a_rollback():
    with transaction.atomic():
        enqueue_on_commit(heartbeat, "committed")
        assert not WorkerHeartbeat.objects.filter(name="committed").exists()
    assert WorkerHeartbeat.objects.get(name="committed").beats == 1

    with pytest.raises(_Boom), transaction.atomic():
        enqueue_on_commit(heartbeat, "rolled-back")
        raise _Boom
    assert not WorkerHeartbeat.objects.filter(name="rolled-back").exists()

    # Only the part that rolled back loses its work; the outer transaction's is sent.
    with transaction.atomic():
        enqueue_on_commit(heartbeat, "outer")
        with pytest.raises(_Boom), transaction.atomic():
            enqueue_on_commit(heartbeat, "inner-rolled-back")
            raise _Boom
    assert set(WorkerHeartbeat.objects.values_list("name", flat=True)) == {"committed", "outer"}


@pytest.mark.django_db(transaction=True)
def test_enqueue_on_commit_outside_a_transaction_sends_at_once():
    enqueue_on_commit(heartbeat, "autocommit")

    assert WorkerHeartbeat.objects.get(name="autocommit").beats == 1


# --- the heartbeat task ---------------------------------------------------------------------


def test_heartbeat_run_twice_keeps_one_row_and_counts_both_beats(db):
    first = heartbeat("worker-a")
    seen_first = WorkerHeartbeat.objects.get(name="worker-a").last_seen
    second = heartbeat("worker-a")

    beat = WorkerHeartbeat.objects.get(name="worker-a")
    assert (first, second) == (1, 2)
    assert WorkerHeartbeat.objects.count() == 1
    assert beat.beats == 2
    assert beat.last_seen >= seen_first


def test_heartbeats_of_different_names_are_counted_apart(db):
    heartbeat("worker-a")
    heartbeat("worker-b")
    heartbeat("worker-b")

    assert dict(WorkerHeartbeat.objects.values_list("name", "beats")) == {
        "worker-a": 1,
        "worker-b": 2,
    }


def test_heartbeat_through_celery_returns_the_count(db):
    assert heartbeat.delay().get() == 1
    assert heartbeat.delay().get() == 2
    assert WorkerHeartbeat.objects.get().name == "default"
