"""The cache as a shortcut the site can do without.

Pages keep what they read on every request (the site, the course catalogue, a course's
lesson list) in the cache. When the cache cannot be reached they read the database
instead, and editors' changes still save: an outage of Redis slows pages down, it does not
take them down (and /healthz still answers, naming the cache). Entries dropped while the
cache was unreachable expire on their own timeout.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def read(key: str) -> Any | None:
    try:
        return cache.get(key)
    except Exception:
        logger.warning("cache unavailable: reading %s from the database", key, exc_info=True)
        return None


def keep(key: str, value: Any, timeout: int | None) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("cache unavailable: %s not kept", key, exc_info=True)


def keep_unless_there(key: str, value: Any, timeout: int | None) -> None:
    try:
        cache.add(key, value, timeout)
    except Exception:
        logger.warning("cache unavailable: %s not kept", key, exc_info=True)


def forget(*keys: str) -> None:
    """Drop the keys now and again once the current transaction commits: a request that
    read the old data just before the change committed may have put it back."""

    def drop() -> None:
        try:
            cache.delete_many(keys)
        except Exception:
            logger.warning("cache unavailable: %s not dropped", ", ".join(keys), exc_info=True)

    drop()
    transaction.on_commit(drop)
