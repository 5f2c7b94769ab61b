"""How many verification lookups one address may make: enough for any honest checker,
too few to walk the code space. Counted in the cache (Redis in production, so the
count is shared by every web worker) in fixed windows."""

from __future__ import annotations

import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMIT = 30
DEFAULT_WINDOW_SECONDS = 60


def limits() -> tuple[int, int]:
    limit = getattr(settings, "CERTIFICATE_VERIFY_RATE_LIMIT", DEFAULT_LIMIT)
    window = getattr(settings, "CERTIFICATE_VERIFY_RATE_WINDOW", DEFAULT_WINDOW_SECONDS)
    return limit, window


def lookup_allowed(request) -> bool:
    """Count one lookup from this address; False once it is over the limit."""
    limit, window = limits()
    address = get_adapter(request).get_client_ip(request) or "unknown"
    key = f"certificates:verify:{address}:{int(time.time() // window)}"
    if cache.add(key, 1, timeout=window + 5):
        return limit >= 1
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add() and incr(): a new window has begun
        cache.add(key, 1, timeout=window + 5)
        return True
