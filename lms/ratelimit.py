"""A fixed-window request limit per client address, counted in the Django cache.

The cache is Redis in production, so a limit holds across web workers. The client address
comes from allauth's adapter, as for sign-in's own limits: REMOTE_ADDR unless the
deployment names its trusted proxies (ALLAUTH_TRUSTED_PROXY_COUNT or
ALLAUTH_TRUSTED_CLIENT_IP_HEADER). Behind a load balancer REMOTE_ADDR alone would put every
visitor in one count, and a forwarded header trusted without that setting is whatever the
client chose to send.

With the cache unreachable every request is allowed: a verification page or an interest
form that answered 500 during a Redis outage would turn honest people away, and the
limits are there against walking the code space or spamming, not for safety.
"""

from __future__ import annotations

import logging
import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

logger = logging.getLogger(__name__)


def client_address(request) -> str:
    try:
        return get_adapter(request).get_client_ip(request) or "unknown"
    except PermissionDenied:
        # allauth refuses a request whose forwarded chain is shorter than the trusted
        # proxy count says; such requests share one count rather than escaping it.
        return "unknown"


def allow(request, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this request; False once the address has made `limit` in this window."""
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{scope}:{client_address(request)}:{window}"
    try:
        return _count(key, window_seconds) <= limit
    except Exception:
        logger.warning("cache unavailable: %s is not rate limited", scope, exc_info=True)
        return True


def _count(key: str, window_seconds: int) -> int:
    # add() only sets a missing key, so the first request of a window starts at 1 and the
    # expiry is set once; incr() is atomic in Redis.
    if cache.add(key, 1, timeout=window_seconds + 1):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this request opens a new window.
        cache.add(key, 1, timeout=window_seconds + 1)
        return 1
