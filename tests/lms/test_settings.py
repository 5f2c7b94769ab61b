"""Settings are read from the environment once, at import: test them in fresh processes."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
GOOD_KEY = secrets.token_urlsafe(64)
HOST = "learning.northby.gov.uk"

# Variables the settings read; a developer's shell must not leak into these tests.
SETTINGS_VARIABLES = (
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "LOGIN_FAILED_RATE_LIMIT",
    "MFA_REQUIRED_FOR",
    "EMAIL_URL",
    # The browser tests set this for Playwright's event loop; a deployment never would.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def run(args, settings_module, **env_vars):
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    # Empty values win over a local .env file, which never overwrites the environment.
    env.update({"SECRET_KEY": "", "ALLOWED_HOSTS": "", "DATABASE_URL": "", "REDIS_URL": ""})
    env.update({"DJANGO_SETTINGS_MODULE": settings_module, **env_vars})
    if not env["DATABASE_URL"]:
        del env["DATABASE_URL"]  # an empty URL is not the SQLite default
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def start_production(**env_vars):
    return run(["-c", "import django; django.setup()"], "lms.settings.production", **env_vars)


def settings_json(settings_module, names, **env_vars):
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = run(["-c", code], settings_module, **env_vars)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- production refuses to start without its secrets -------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "",
        "too-short-but-random-Kx81",
        "dev-only-insecure-key-do-not-use-in-production",
        "dev-" + "x" * 60,
        "test-only-key-not-secret-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    ],
    ids=["missing", "short", "dev-default", "dev-prefix", "test-key"],
)
def test_production_refuses_a_missing_or_weak_secret_key(key):
    result = start_production(SECRET_KEY=key, ALLOWED_HOSTS=HOST)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is missing or too weak" in result.stderr
    assert "at least 50 characters" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = start_production(SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_starts_with_its_secrets():
    result = start_production(SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS=HOST)
    assert result.returncode == 0, result.stderr


def test_the_secret_key_is_not_echoed_in_the_error():
    weak = "weak-but-secret-value"
    result = start_production(SECRET_KEY=weak, ALLOWED_HOSTS=HOST)
    assert result.returncode != 0
    assert weak not in result.stderr


# --- the deploy check --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preload", "silenced"), [("false", "(1 silenced)"), ("true", "(0 silenced)")]
)
def test_deploy_check_is_clean_under_production_settings(preload, silenced):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        "lms.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS=HOST,
        SECURE_HSTS_PRELOAD=preload,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert silenced in output


def test_production_security_settings():
    names = [
        "DEBUG",
        "ALLOWED_HOSTS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_REFERRER_POLICY",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
        "CONTENT_SECURITY_POLICY",
    ]
    values = settings_json(
        "lms.settings.production", names, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS=HOST
    )
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == [HOST]
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    directives = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    for directive in ("default-src", "script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[directive]
        assert "'unsafe-eval'" not in directives[directive]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


# --- what the environment switches -------------------------------------------------------


def test_defaults_are_sqlite_in_process_tasks_and_local_memory_cache():
    values = settings_json(
        "lms.settings.dev", ["DATABASES", "CACHES", "CELERY_TASK_ALWAYS_EAGER", "REDIS_URL"]
    )
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASES"]["default"]["NAME"].endswith("db.sqlite3")
    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True


def test_database_and_redis_urls_switch_to_postgresql_redis_and_a_real_broker():
    values = settings_json(
        "lms.settings.dev",
        ["DATABASES", "CACHES", "CELERY_TASK_ALWAYS_EAGER", "CELERY_BROKER_URL"],
        DATABASE_URL="postgres://lms:pw@db.internal:5432/learning",
        REDIS_URL="redis://cache.internal:6379/2",
    )
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.internal",
        5432,
        "learning",
    )
    assert values["CACHES"]["default"]["BACKEND"].endswith("RedisCache")
    assert values["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/2"
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False
    assert values["CELERY_BROKER_URL"] == "redis://cache.internal:6379/2"


def test_login_is_rate_limited_per_ip_and_per_account_by_default():
    values = settings_json("lms.settings.dev", ["ACCOUNT_RATE_LIMITS"])
    login_failed = values["ACCOUNT_RATE_LIMITS"]["login_failed"]
    assert "/ip" in login_failed
    assert "/key" in login_failed


def test_mfa_is_required_for_hr_and_platform_admins_by_default():
    values = settings_json("lms.settings.dev", ["LMS_MFA_REQUIRED_FOR", "MFA_SUPPORTED_TYPES"])
    assert set(values["LMS_MFA_REQUIRED_FOR"]) == {"hr_admin", "platform_admin"}
    assert "totp" in values["MFA_SUPPORTED_TYPES"]


def test_email_verification_is_mandatory():
    values = settings_json("lms.settings.dev", ["ACCOUNT_EMAIL_VERIFICATION"])
    assert values["ACCOUNT_EMAIL_VERIFICATION"] == "mandatory"
