"""A per-IP limit on registering interest, counted in the cache (no third-party service).

A fixed window: the first attempt from an address starts a counter that expires after the
window; attempts past the limit inside it are refused.
"""

from __future__ import annotations

import logging

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

logger = logging.getLogger(__name__)

KEY = "careers:interest-attempts:{ip}"
DEFAULT_LIMIT = (5, 3600)  # attempts, seconds


def client_ip(request) -> str:
    # The address as sign-in's rate limits and the badge and certificate checks see it:
    # REMOTE_ADDR unless the deployment names its trusted proxies
    # (ALLAUTH_TRUSTED_PROXY_COUNT or ALLAUTH_TRUSTED_CLIENT_IP_HEADER). Behind a load
    # balancer REMOTE_ADDR alone would put every visitor in one count, and a forwarded
    # header trusted without that setting is whatever the client chose to send.
    try:
        return get_adapter(request).get_client_ip(request) or "unknown"
    except PermissionDenied:
        return "unknown"


def limit() -> tuple[int, int]:
    return getattr(settings, "CAREERS_INTEREST_RATE_LIMIT", DEFAULT_LIMIT)


def allow_attempt(request) -> bool:
    """Count one attempt from the request's address; False once the window's limit is used.

    With the cache unreachable every attempt is allowed: the honeypot still works, and
    people's interest is not turned away because of an outage.
    """
    attempts, window = limit()
    key = KEY.format(ip=client_ip(request))
    try:
        return _count(key, window) <= attempts
    except Exception:
        logger.warning("cache unavailable: registering interest is not rate limited", exc_info=True)
        return True


def _count(key: str, window: int) -> int:
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        # Expired between add and incr: this attempt opens a new window.
        cache.add(key, 1, window)
        return 1
