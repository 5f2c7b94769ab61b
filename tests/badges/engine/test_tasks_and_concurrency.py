"""Retried and concurrent evaluations award once: the unique constraint decides.

The concurrency tests need PostgreSQL (SQLite serialises writers, so nothing would
overlap): run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/h5_db.
"""

import threading
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.db import OperationalError, close_old_connections, connection, transaction

from badges.engine import evaluate as evaluate_module
from badges.engine.awarding import award_badge
from badges.engine.evaluate import evaluate_learner
from badges.models import AuditEntry, AwardEvidence, BadgeAward
from badges.tasks import evaluate_learner_task
from tests.badges.engine.conftest import Kind, badge_with, complete


@pytest.fixture(autouse=True)
def _page_tree():
    """A transactional test empties every table, the page tree and locale migrations made
    included, so the root and a home page are rebuilt when missing. (serialized_rollback
    would restore them, but clashes with content types recreated by an earlier flush.)"""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    if not Page.objects.filter(depth=2).exists():
        root.add_child(instance=Page(title="Home", slug="home"))


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
)


@pytest.mark.django_db(transaction=True)
def test_task_run_twice_awards_once(learner, course):
    badge = badge_with({"kind": Kind.COURSE_COMPLETED, "course": course})
    complete(learner, course)
    assert evaluate_learner_task.apply(args=(learner.pk,)).get() == 1
    assert evaluate_learner_task.apply(args=(learner.pk,)).get() == 0
    assert BadgeAward.objects.filter(badge_class=badge).count() == 1
    assert AuditEntry.objects.filter(action="awarded").count() == 1


@pytest.mark.django_db(transaction=True)
def test_task_failing_after_the_insert_rolls_back_and_its_retry_awards_once(learner, course):
    badge = badge_with({"kind": Kind.COURSE_COMPLETED, "course": course})
    complete(learner, course)
    real = AuditEntry.objects.bulk_create
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    with mock.patch.object(AuditEntry.objects, "bulk_create", side_effect=flaky):
        # The database error is one the task retries on; eagerly, the retry surfaces here.
        with pytest.raises(Retry):
            evaluate_learner_task.apply(args=(learner.pk,))
        assert not BadgeAward.objects.exists()  # the award went with the failed transaction
        assert evaluate_learner_task.apply(args=(learner.pk,)).get() == 1  # the retry
        assert evaluate_learner_task.apply(args=(learner.pk,)).get() == 0  # a redelivery
    assert len(calls) == 2
    award = BadgeAward.objects.get(badge_class=badge)
    assert award.cycle == 1
    assert AwardEvidence.objects.filter(award=award).count() == 1
    assert AuditEntry.objects.filter(award=award).count() == 1


def _together(target, count=2):
    """Run `target(n)` in `count` threads at once; each thread has its own connection."""
    errors = []

    def run(n):
        try:
            target(n)
        except Exception as error:  # reported by the test thread
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_evaluations_award_once(learner, course):
    badge = badge_with({"kind": Kind.COURSE_COMPLETED, "course": course})
    chained = badge_with({"kind": Kind.BADGE_HELD, "required_badge": badge})
    complete(learner, course)
    barrier = threading.Barrier(2, timeout=30)
    real_save = evaluate_module.save_pending_awards
    results = {}

    def save_together(pending):
        # Both have decided to award before either inserts.
        barrier.wait()
        return real_save(pending)

    def evaluate(n):
        with transaction.atomic():
            results[n] = evaluate_learner(user_id=learner.pk)

    with mock.patch.object(evaluate_module, "save_pending_awards", side_effect=save_together):
        _together(evaluate)
    assert sorted(len(r) for r in results.values()) == [0, 2]
    assert BadgeAward.objects.filter(badge_class=badge).count() == 1
    assert BadgeAward.objects.filter(badge_class=chained).count() == 1
    assert AuditEntry.objects.filter(action="awarded").count() == 2
    assert AwardEvidence.objects.count() == 2


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_manual_awards_award_once(learner):
    badge = badge_with()
    barrier = threading.Barrier(2, timeout=30)
    real_create = BadgeAward.objects.create
    results = {}

    def create_together(**kwargs):
        barrier.wait()
        return real_create(**kwargs)

    def award(n):
        with transaction.atomic():
            results[n] = award_badge(badge_class=badge, recipient=learner, method="manual")

    with mock.patch.object(BadgeAward.objects, "create", side_effect=create_together):
        _together(award)
    assert sorted(r is None for r in results.values()) == [False, True]
    assert BadgeAward.objects.count() == 1
    assert AuditEntry.objects.count() == 1
