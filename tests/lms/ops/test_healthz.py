"""/healthz and `manage.py check_services`: what they report when services are up or down.

The failures are real where that is cheap (a cache or broker URL pointing at a port
nothing listens on) and simulated for the database, which the test itself runs on.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection
from django.test import override_settings

from lms.celery import app as celery_app
from lms.ops import checks

DEAD_REDIS = "redis://127.0.0.1:1/0"
DEAD_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_REDIS}
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_cache():
    with override_settings(CACHES=DEAD_CACHE):
        yield


@pytest.fixture
def dead_broker():
    """A broker URL nothing answers on. REDIS_URL is set so the probe does not skip it."""
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = DEAD_REDIS
    with override_settings(REDIS_URL=DEAD_REDIS):
        yield
    celery_app.conf.broker_url = original


class _UnreachableDatabase:
    vendor = "postgresql"

    def cursor(self):
        raise OperationalError('connection to server at "db.invalid" failed: timeout expired')


@pytest.fixture
def dead_database(monkeypatch):
    monkeypatch.setattr(checks, "connection", _UnreachableDatabase())


def _healthz(client):
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    return response, response.json()


def test_healthz_reports_every_service_when_all_are_up(admin_client, settings):
    response, body = _healthz(admin_client)

    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["database"]["detail"] == connection.vendor
    assert body["cache"]["ok"] is True
    assert body["cache"]["detail"] == settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    assert body["broker"]["ok"] is True
    if settings.REDIS_URL:
        assert "in-process" not in body["broker"]["detail"]
    else:
        assert body["broker"]["detail"] == "none configured: tasks run in-process"
    for service in ("database", "cache", "broker"):
        assert isinstance(body[service]["ms"], int | float)
        assert body[service]["ms"] >= 0


def test_healthz_is_never_cached(admin_client):
    response, _ = _healthz(admin_client)

    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "must-revalidate", "private", "max-age=0"} <= directives
    assert "Expires" in response


def test_healthz_only_answers_get_and_head(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


def test_healthz_shows_error_detail_to_platform_admins_only(client, dead_cache):
    body = client.get("/healthz").json()
    assert body["cache"]["ok"] is False
    # Error text names hosts and database users: not for anonymous visitors.
    assert "detail" not in body["cache"] and "detail" not in body["database"]


@pytest.mark.parametrize(
    ("failure", "service"),
    [("dead_cache", "cache"), ("dead_broker", "broker"), ("dead_database", "database")],
)
def test_healthz_is_503_naming_the_failing_service(admin_client, request, failure, service):
    request.getfixturevalue(failure)

    response, body = _healthz(admin_client)

    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body[service]["ok"] is False
    assert body[service]["detail"], "a failing probe says why"
    healthy = {"database", "cache", "broker"} - {service}
    assert {name for name in healthy if body[name]["ok"]} == healthy, body


def test_healthz_failure_detail_is_bounded(admin_client, monkeypatch):
    def explode():
        raise RuntimeError("x" * 5000)

    monkeypatch.setattr(checks, "_cache", explode)

    response, body = _healthz(admin_client)

    assert response.status_code == 503
    assert body["cache"]["detail"].startswith("RuntimeError: xxx")
    assert len(body["cache"]["detail"]) <= 300


def test_healthz_cache_probe_reads_back_what_it_wrote(admin_client, monkeypatch):
    """A cache that accepts writes but loses them (e.g. a full, evicting Redis) is not healthy."""

    class ForgetfulCache:
        def set(self, *args, **kwargs):
            pass

        def get(self, *args, **kwargs):
            return None

        def delete(self, *args, **kwargs):
            pass

    monkeypatch.setattr(checks, "cache", ForgetfulCache())

    response, body = _healthz(admin_client)

    assert response.status_code == 503
    assert "could not be read back" in body["cache"]["detail"]


# --- manage.py check_services ----------------------------------------------------------------


def test_check_services_lists_every_service_when_all_are_up():
    out = io.StringIO()

    call_command("check_services", stdout=out)

    lines = out.getvalue().splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["database", "ok"],
        ["cache", "ok"],
        ["broker", "ok"],
    ]


@pytest.mark.parametrize("failure", ["dead_cache", "dead_broker", "dead_database"])
def test_check_services_raises_naming_the_failing_service(request, failure):
    request.getfixturevalue(failure)
    service = failure.removeprefix("dead_")
    out = io.StringIO()

    with pytest.raises(CommandError, match=rf"^unavailable: {service}$"):
        call_command("check_services", stdout=out)

    status = {line.split()[0]: line.split()[1] for line in out.getvalue().splitlines()}
    expected = {"database": "ok", "cache": "ok", "broker": "ok"} | {service: "FAIL"}
    assert status == expected


def test_check_services_names_every_failing_service(dead_cache, dead_broker):
    with pytest.raises(CommandError, match=r"^unavailable: cache, broker$"):
        call_command("check_services", stdout=io.StringIO())


def test_check_services_exits_non_zero_from_the_command_line(dead_cache, capsys):
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "check_services"]).execute()

    assert exited.value.code != 0
    captured = capsys.readouterr()
    assert "cache" in captured.out
    assert "unavailable: cache" in captured.err
