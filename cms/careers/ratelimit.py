"""A per-address limit on registering interest: lms.ratelimit's fixed window, sized by
CAREERS_INTEREST_RATE_LIMIT (attempts, seconds).

With the cache unreachable every attempt is allowed (lms.ratelimit): the honeypot still
works, and people's interest is not turned away because of an outage.
"""

from __future__ import annotations

from django.conf import settings

from lms.ratelimit import allow

DEFAULT_LIMIT = (5, 3600)  # attempts, seconds


def limit() -> tuple[int, int]:
    return getattr(settings, "CAREERS_INTEREST_RATE_LIMIT", DEFAULT_LIMIT)


def allow_attempt(request) -> bool:
    """Count one attempt from the request's address; False once the window's limit is used."""
    attempts, window = limit()
    return allow(request, scope="careers-interest", limit=attempts, window_seconds=window)
