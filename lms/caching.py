"""The cache as a shortcut the site can do without.

Pages keep what they read on every request (the site, the course catalogue, a course's
lesson list) in the cache. When the cache cannot be reached they read the database
instead, and editors' changes still save: an outage of Redis slows pages down, it does not
take them down (and /healthz still answers, naming the cache). Entries dropped while the
cache was unreachable expire on their own timeout.

A Redis that stops answering costs each call its socket timeout, and a page makes several
calls, so after one failure this process leaves the cache alone for RETRY_SECONDS: pages
read the database at its own speed, and the log gets one warning per window, not one per
call. Dropping keys is still tried every time: it is rare (an editor's change), and a
stale entry would outlive a brief outage.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

RETRY_SECONDS = 30.0

# time.monotonic() before which reads and writes skip the cache; per process.
_skip_until = 0.0


def _skipping() -> bool:
    return time.monotonic() < _skip_until


def _failed(message: str, *args: object) -> None:
    global _skip_until
    _skip_until = time.monotonic() + RETRY_SECONDS
    logger.warning(
        f"cache unavailable: {message}; not asked again for %ss",
        *args,
        RETRY_SECONDS,
        exc_info=True,
    )


def retry_now() -> None:
    """Ask the cache again on the next call, whenever it last failed (tests start here)."""
    global _skip_until
    _skip_until = 0.0


def read(key: str) -> Any | None:
    if _skipping():
        return None
    try:
        return cache.get(key)
    except Exception:
        _failed("reading %s from the database", key)
        return None


def keep(key: str, value: Any, timeout: int | None) -> None:
    if _skipping():
        return
    try:
        cache.set(key, value, timeout)
    except Exception:
        _failed("%s not kept", key)


def keep_unless_there(key: str, value: Any, timeout: int | None) -> None:
    if _skipping():
        return
    try:
        cache.add(key, value, timeout)
    except Exception:
        _failed("%s not kept", key)


def generation(key: str) -> str | None:
    """The generation stored at `key`, started if there is none; None when the cache
    cannot be reached. Entries whose keys name it are all dropped at once by forget(key):
    the next call starts another generation."""
    value = read(key)
    if value is None:
        keep_unless_there(key, uuid4().hex, None)
        value = read(key)
    return value


def forget(*keys: str) -> None:
    """Drop the keys now and again once the current transaction commits: a request that
    read the old data just before the change committed may have put it back."""

    def drop() -> None:
        try:
            cache.delete_many(keys)
        except Exception:
            _failed("%s not dropped", ", ".join(keys))

    drop()
    transaction.on_commit(drop)
