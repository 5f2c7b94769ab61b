"""Two workers issuing the same award at once get one credential (PostgreSQL only).

SQLite serialises writers, so the race cannot happen there; run with
DATABASE_URL=postgres://... to exercise it.
"""

import threading

import pytest
from django.db import connection, connections

from badges.models import IssuedCredential, SigningKey
from badges.openbadges import issuing
from badges.openbadges.issuing import issue_credential

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL (set DATABASE_URL).")


def run_together(count, work):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(work())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def test_concurrent_issuing_yields_one_credential(award, monkeypatch):
    # Every worker misses the early check, as it would if all looked before any committed.
    monkeypatch.setattr(issuing, "_existing", lambda award_id: None)
    results, errors = run_together(4, lambda: issue_credential(award=award))
    assert errors == []
    assert len({issued.pk for issued in results}) == 1
    assert len({issued.jwt for issued in results}) == 1
    assert IssuedCredential.objects.filter(award=award).count() == 1


def test_concurrent_first_use_leaves_one_key_signing(council):
    from badges.openbadges.keys import active_key

    _results, errors = run_together(4, lambda: active_key(organisation=council).pk)
    assert errors == []
    # Whatever each worker created, from the next use on one key signs for the council:
    # the oldest, and it is the one each later call returns.
    first = min(SigningKey.objects.filter(organisation=council).values_list("pk", flat=True))
    assert active_key(organisation=council).pk == first
    assert active_key(organisation=council).pk == first
    assert list(
        SigningKey.objects.filter(organisation=council, retired_at__isnull=True).values_list(
            "pk", flat=True
        )
    ) == [first]
