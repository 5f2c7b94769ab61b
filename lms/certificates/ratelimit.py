"""How many verification lookups one address may make: enough for any honest checker,
too few to walk the code space. Counted in the cache (Redis in production, so the
count is shared by every web worker) in fixed windows."""

from __future__ import annotations

from django.conf import settings

from lms import ratelimit

DEFAULT_LIMIT = 30
DEFAULT_WINDOW_SECONDS = 60


def limits() -> tuple[int, int]:
    limit = getattr(settings, "CERTIFICATE_VERIFY_RATE_LIMIT", DEFAULT_LIMIT)
    window = getattr(settings, "CERTIFICATE_VERIFY_RATE_WINDOW", DEFAULT_WINDOW_SECONDS)
    return limit, window


def lookup_allowed(request) -> bool:
    """Count one lookup from this address; False once it is over the limit."""
    limit, window = limits()
    return ratelimit.allow(request, scope="certificate-verify", limit=limit, window_seconds=window)
