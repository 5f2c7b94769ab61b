"""Probes of the services the platform depends on, for /healthz and check_services."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection


@dataclass(frozen=True)
class ServiceStatus:
    name: str
    ok: bool
    detail: str
    ms: float

    def as_dict(self) -> dict:
        return {"ok": self.ok, "detail": self.detail, "ms": round(self.ms, 1)}


def _timed(name: str, probe) -> ServiceStatus:
    started = time.perf_counter()
    try:
        detail = probe()
        ok = True
    except Exception as exc:  # a probe reports any failure rather than raising it
        detail = f"{type(exc).__name__}: {exc}"[:300]
        ok = False
    return ServiceStatus(name, ok, detail, (time.perf_counter() - started) * 1000)


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _cache() -> str:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("value written to the cache could not be read back")
    cache.delete(key)
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def _broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER and not settings.REDIS_URL:
        return "none configured: tasks run in-process"
    from lms.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return conn.transport_cls if isinstance(conn.transport_cls, str) else "connected"


def check_all() -> list[ServiceStatus]:
    return [_timed("database", _database), _timed("cache", _cache), _timed("broker", _broker)]
