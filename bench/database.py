"""The benchmark database: recreated on PostgreSQL for every run, migrated and seeded."""

from __future__ import annotations

import io
import os
from urllib.parse import urlsplit, urlunsplit

from bench.errors import BenchSetupError

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/lms_bench"


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def reset_database(url: str, *, log) -> None:
    """Drop and create the database, so every run measures the same freshly seeded data."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql") or "bench" not in name:
        # This database is dropped on every run: refuse anything that might hold real data.
        raise BenchSetupError(
            f"BENCH_DATABASE_URL must be a PostgreSQL URL whose database name contains "
            f"'bench' (it is dropped on every run), not {_without_password(url)}"
        )
    log(f"recreating the benchmark database {name}")
    maintenance_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        connection = psycopg.connect(maintenance_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        raise BenchSetupError(
            f"PostgreSQL is not reachable at {_without_password(maintenance_url)}: "
            f"{str(exc).strip()}\nStart it (for example: pg_ctlcluster 15 main start) or point "
            "BENCH_DATABASE_URL at a server that runs."
        ) from exc
    with connection:
        # FORCE ends sessions left behind by an interrupted run.
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare(*, log) -> None:
    """Migrate, seed and collect static files; Django must already be set up."""
    from django.core.management import call_command

    log("migrating")
    call_command("migrate", interactive=False, verbosity=0)
    log("seeding with seed_demo")
    # Its output is demo logins for people, not figures.
    call_command("seed_demo", stdout=io.StringIO())
    log("collecting static files")
    call_command("collectstatic", interactive=False, verbosity=0)
