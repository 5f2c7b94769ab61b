"""A fixed-window request limit per client address, kept in the Django cache.

The cache is Redis in production, so the limit holds across web workers. The client
address comes from allauth's adapter, the same one that throttles sign-in, so both
read the address the same way behind the proxy.
"""

from __future__ import annotations

import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache


def allow(request, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this request; False once the address has made `limit` in this window."""
    address = get_adapter(request).get_client_ip(request) or "unknown"
    window = int(time.time() // window_seconds)
    key = f"openbadges:rl:{scope}:{address}:{window}"
    # add() only sets a missing key, so the first request of a window starts at 1
    # and the expiry is set once; incr() is atomic in Redis.
    if cache.add(key, 1, timeout=window_seconds + 1):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:
        # The key expired between add() and incr(): this is a new window.
        cache.add(key, 1, timeout=window_seconds + 1)
        return True
