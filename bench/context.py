"""What a benchmark module receives: the database, the server and the load generator,
each started only when a benchmark first asks for it and stopped by run.py."""

from __future__ import annotations

import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

import django

from bench import database
from bench.errors import BenchmarkFailed
from bench.load import LoadResult, LoadSettings, compare
from bench.server import Server

DECIMALS = {"rps": 1, "ratio": 3, "ms": 2, "s": 3, "queries": 0}
BARE_VIEW_PATH = "/bench/bare"
# Redis as production has it: the shared cache, and the broker, so follow-up work (badge
# evaluation, credentials, certificates) is queued for a worker as it would be in
# production rather than run inside the measured request. Emptied at every run.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str

    def rounded(self) -> float | int:
        decimals = DECIMALS.get(self.unit, 3)
        return round(self.value) if decimals == 0 else round(self.value, decimals)

    def line(self) -> str:
        return f"{self.name}: {self.rounded()} {self.unit}"


def log(message: str) -> None:
    # stderr, so stdout holds nothing but the `name: value unit` lines.
    print(f"bench: {message}", file=sys.stderr, flush=True)


def configure_environment(workdir: Path) -> None:
    """The environment production settings demand; it must be set before Django is imported."""
    static_root = workdir / "static"
    static_root.mkdir()
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    _empty_redis(redis_url)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": database.database_url(),
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            # No TLS terminator in front of gunicorn here; every request would be a redirect.
            "SECURE_SSL_REDIRECT": "false",
            "DEBUG": "false",
            "BENCH_STATIC_ROOT": str(static_root),
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
            "REDIS_URL": redis_url,
            # Demo awards email their certificates; printed, they would bury the figures.
            "EMAIL_URL": "dummymail://",
        }
    )
    # Persistent connections, as a production gunicorn would be configured; without them
    # every request pays for a PostgreSQL connection and that cost swamps the page's own.
    os.environ.setdefault("CONN_MAX_AGE", "60")


def _empty_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url).flushdb()
    except redis.RedisError as error:
        raise BenchmarkFailed(
            f"benchmarks need Redis at {url} (set BENCH_REDIS_URL): {error}"
        ) from error


class BenchContext:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.load_settings = LoadSettings.from_env()
        self._database_ready = False
        self._server: Server | None = None

    def database(self) -> None:
        """Recreate, migrate and seed the benchmark database, and set Django up in-process."""
        if self._database_ready:
            return
        database.reset_database(database.database_url(), log=log)
        django.setup()
        database.prepare(log=log)
        self._database_ready = True

    def server(self) -> Server:
        if self._server is None:
            self.database()
            server = Server(log_path=self.workdir / "gunicorn.log", log=log)
            # Assigned before start() so close() stops a server that failed half-way.
            self._server = server
            server.start()
        return self._server

    def compare(
        self,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        script: Path | None = None,
        environment: dict[str, str] | None = None,
    ) -> tuple[LoadResult, LoadResult]:
        """The bare view and path under the same wrk load: (baseline, page). `script` and
        `environment` replace the GET-only report script for both, as bench.load.run_wrk."""
        server = self.server()
        settings = self.load_settings
        log(
            f"loading {path} against {BARE_VIEW_PATH}: {settings.warmup_seconds}s warm-up, "
            f"then {settings.rounds} rounds of {settings.seconds}s each"
        )
        try:
            return compare(
                server.base_url,
                path,
                BARE_VIEW_PATH,
                settings,
                log=log,
                headers=headers,
                script=script,
                environment=environment,
            )
        except BenchmarkFailed as exc:
            raise BenchmarkFailed(f"{exc}\ngunicorn log:\n{server.log_tail()}") from exc

    def count_queries(self, path: str, *, user=None) -> int:
        """SQL queries for one GET of path, after a warm-up request has filled the caches."""
        self.database()
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        def new_client() -> Client:
            # A fresh client each time: no cookies carried over, like each wrk request.
            client = Client(HTTP_HOST="127.0.0.1")
            if user is not None:
                client.force_login(user)
            return client

        try:
            new_client().get(path)
            client = new_client()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
        except Exception as exc:
            # Django has already logged the traceback; one line is enough here.
            raise BenchmarkFailed(f"GET {path} raised {type(exc).__name__}: {exc}") from exc
        if response.status_code != 200:
            raise BenchmarkFailed(f"GET {path} answered {response.status_code}, not 200")
        return len(queries.captured_queries)

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
