"""The shared per-address request limit: counts per scope and address, refuses past the
limit, and lets requests through when the cache cannot be reached."""

from __future__ import annotations

from lms import ratelimit


def _request(rf, address: str):
    return rf.get("/", REMOTE_ADDR=address)


def test_requests_past_the_limit_are_refused_per_address_and_scope(rf):
    first, second = _request(rf, "192.0.2.1"), _request(rf, "192.0.2.2")

    outcomes = [ratelimit.allow(first, scope="a", limit=2, window_seconds=60) for _ in range(3)]

    assert outcomes == [True, True, False]
    assert ratelimit.allow(second, scope="a", limit=2, window_seconds=60)
    assert ratelimit.allow(first, scope="b", limit=2, window_seconds=60)


def test_a_limit_of_nothing_refuses_the_first_request_too(rf):
    assert not ratelimit.allow(_request(rf, "192.0.2.3"), scope="c", limit=0, window_seconds=60)


def test_with_the_cache_down_requests_are_allowed(rf, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

    assert ratelimit.allow(_request(rf, "192.0.2.4"), scope="d", limit=1, window_seconds=60)
    assert "not rate limited" in caplog.text
