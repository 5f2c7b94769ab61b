"""The cache as a shortcut: when it fails, pages read the database, and a cache that has
just failed is left alone for a while rather than costing every call its timeout."""

from __future__ import annotations

import pytest

from lms import caching


class _DownCache:
    """A cache whose every call fails, as Redis does when it stops answering."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def _fail(self, name: str):
        self.calls.append(name)
        raise ConnectionError("Redis is not answering")

    def get(self, key):
        self._fail("get")

    def set(self, key, value, timeout):
        self._fail("set")

    def add(self, key, value, timeout):
        self._fail("add")

    def delete_many(self, keys):
        self._fail("delete_many")


@pytest.fixture
def down(monkeypatch) -> _DownCache:
    cache = _DownCache()
    monkeypatch.setattr(caching, "cache", cache)
    return cache


@pytest.fixture
def clock(monkeypatch) -> list[float]:
    now = [1000.0]
    monkeypatch.setattr(caching.time, "monotonic", lambda: now[0])
    return now


def test_after_a_failure_reads_and_writes_skip_the_cache_for_a_while(down, clock, caplog):
    assert caching.read("a") is None
    assert caching.read("b") is None
    caching.keep("c", 1, 60)
    caching.keep_unless_there("d", 1, 60)

    assert down.calls == ["get"]
    assert len([r for r in caplog.records if r.name == "lms.caching"]) == 1


def test_the_cache_is_asked_again_once_the_while_has_passed(down, clock):
    caching.read("a")
    clock[0] += caching.RETRY_SECONDS - 1
    caching.read("a")
    assert down.calls == ["get"]

    clock[0] += 1
    caching.read("a")
    assert down.calls == ["get", "get"]


def test_dropping_keys_is_tried_even_while_reads_skip_the_cache(down, clock, db):
    caching.read("a")
    caching.forget("a")
    assert down.calls == ["get", "delete_many"]


def test_a_working_cache_is_read_and_written(clock, db):
    caching.keep("a", "value", 60)
    assert caching.read("a") == "value"
    caching.forget("a")
    assert caching.read("a") is None
