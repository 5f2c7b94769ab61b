"""The badge engine: queries and time to evaluate one learner, and bulk re-evaluation speed.

badge_eval_queries_10 / _200: SQL queries (BEGIN and COMMIT included) to evaluate one
learner right after one event (passing the quiz that completes a course, which earns a
badge and, through a chain, a second one) with 10 and with 200 active badge classes
covering every kind of criterion, besides those two. Counted in-process; the learner's
earlier history has been evaluated first, as it would have been when it happened.

badge_eval_ms: median time of that evaluation with 200 badge classes, over fresh
learners with the same history; its baseline (badge_eval_baseline_ms) is the same
number of primary-key ORM queries run back to back on the same connection, so the ratio
says what the engine costs beyond its round trips.

badge_bulk_learners_per_s: a re-evaluation run over every learner (50,000 bench learners
plus the demo staff) against 100 badge classes, after a criteria change (the activity
badges' pass mark lowered) that earns some of them a new badge: learners processed per
second, wall clock, in this process. badge_bulk_first_run_learners_per_s is the first
run over the same learners, which awards everything they had earned (several awards each,
so it is mostly writing). Fixtures go in with COPY.

The badge_awarded signal is sent for every new award, on commit, as in production; its
receivers (the credential issuer queues a task) are swapped for a counter during the runs,
because with no broker here Celery would run the signing inline and this would measure
that instead. The count must equal the awards made, or the benchmark fails.
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
from contextlib import contextmanager, nullcontext
from decimal import Decimal

from bench.context import BenchContext, Figure, log
from bench.errors import BenchmarkFailed

BULK_LEARNERS = 50_000
BULK_BADGES = 100
GRADUATE_SHARE = 10  # one learner in ten has no council
COURSES = 20
COURSES_PER_LEARNER = 3
SCORED_PER_LEARNER = 2
TIMED_LEARNERS = 41
PREFIX = "bench-badges"


def run(ctx: BenchContext) -> list[Figure]:
    ctx.database()
    from badges.models import BadgeClass

    BadgeClass.objects.update(is_active=False)  # the demo's badges are not part of this
    world = _courses()
    queries_10, queries_200, eval_ms, baseline_ms = _single_learner(world)
    BadgeClass.objects.update(is_active=False)
    first_rate, rate, awarded = _bulk(world)
    log(f"bulk runs awarded {awarded[0]} then {awarded[1]} badges")
    return [
        Figure("badge_eval_queries_10", queries_10, "queries"),
        Figure("badge_eval_queries_200", queries_200, "queries"),
        Figure("badge_eval_ms", eval_ms, "ms"),
        Figure("badge_eval_baseline_ms", baseline_ms, "ms"),
        Figure("badge_eval_ratio", eval_ms / baseline_ms, "ratio"),
        Figure("badge_bulk_first_run_learners_per_s", first_rate, "rps"),
        Figure("badge_bulk_learners_per_s", rate, "rps"),
    ]


# --- fixtures --------------------------------------------------------------------------


def _courses() -> dict:
    """Bench courses, each one quiz lesson, a council, and a framework item with levels."""
    from badges.models import FrameworkItem, ProficiencyLevel
    from courses.factories import course_with_lessons, quiz_block
    from lms.people.models import Organisation

    council = Organisation.objects.create(name="Bench Borough Council", slug=f"{PREFIX}-council")
    log(f"building {COURSES} courses with a quiz")
    courses, quizzes = [], []
    for number in range(COURSES):
        course = course_with_lessons(
            title=f"Benchmark: badges {number}",
            owning_council=council,
            shared_with_sector=True,
            lessons=[[quiz_block()]],
        )
        lesson = course.lessons().first()
        courses.append(course.pk)
        quizzes.append((lesson.pk, lesson.activities()[0][0]))
    # The event's course: no learner's history touches it, so only the event can earn
    # the badges on it.
    event = course_with_lessons(
        title="Benchmark: badges event",
        owning_council=council,
        shared_with_sector=True,
        lessons=[[quiz_block()]],
    )
    event_lesson = event.lessons().first()
    item = FrameworkItem.objects.filter(framework__code="digcomp", kind="competence").first()
    if item is None:
        raise BenchmarkFailed("seed_demo loaded no DigComp framework to self-assess against.")
    levels = list(ProficiencyLevel.objects.filter(framework=item.framework).order_by("rank"))
    return {
        "council": council,
        "courses": courses,
        "quizzes": quizzes,
        "event_course": event.pk,
        "event_quiz": (event_lesson.pk, event_lesson.activities()[0][0]),
        "item": item,
        "levels": levels,
    }


def _copy(model, objects) -> None:
    """INSERT many unsaved model instances with COPY (Python defaults and auto_now applied)."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for obj in objects:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])


def _badges(world: dict, count: int, *, tag: str, organisation=None) -> list:
    """`count` badge classes mixing every kind of criterion, as a council might build them."""
    from badges.models import BadgeClass, Criterion

    badges = BadgeClass.objects.bulk_create(
        BadgeClass(
            organisation=organisation if n % 3 == 0 else None,
            slug=f"{PREFIX}-{tag}-{n}",
            name=f"Bench {tag} {n}",
            description="Benchmark badge.",
            criteria_narrative="See the criteria.",
            valid_for_days=730 if n % 4 == 0 else None,
            recertify_within_days=60 if n % 4 == 0 else None,
        )
        for n in range(count)
    )
    courses, quizzes = world["courses"], world["quizzes"]
    rules = []
    for n, badge in enumerate(badges):
        shape = n % 10
        course = courses[n % len(courses)]
        if shape < 4:
            rules.append(Criterion(badge_class=badge, kind="course_completed", course_id=course))
        elif shape < 6:
            for other in (course, courses[(n + 7) % len(courses)]):
                rules.append(Criterion(badge_class=badge, kind="course_completed", course_id=other))
        elif shape < 8:
            lesson, key = quizzes[n % len(quizzes)]
            rules.append(
                Criterion(
                    badge_class=badge,
                    kind="activity_score",
                    lesson_id=lesson,
                    activity_key=key,
                    min_score=Decimal("0.8"),
                )
            )
        elif shape == 8:
            rules.append(
                Criterion(badge_class=badge, kind="badge_held", required_badge=badges[n - 8])
            )
            rules.append(Criterion(badge_class=badge, kind="course_completed", course_id=course))
        else:
            rules.append(Criterion(badge_class=badge, group=1, kind="sign_off"))
            rules.append(
                Criterion(
                    badge_class=badge,
                    group=2,
                    kind="self_assessment",
                    item=world["item"],
                    level=world["levels"][2],
                )
            )
    Criterion.objects.bulk_create(rules)
    return badges


def _learners(
    world: dict, count: int, *, tag: str, rng: random.Random
) -> list[tuple[int, int | None]]:
    """`count` learners with completions, quiz scores (and their events) on record."""
    from django.utils import timezone

    from lms.people.models import StaffProfile, User
    from lms.records.models import (
        ActivityProgress,
        CourseCompletion,
        Enrolment,
        LearningEvent,
    )

    now = timezone.now()
    council = world["council"]
    _copy(
        User,
        (
            User(email=f"{PREFIX}-{tag}-{n}@bench.example", password="!", first_name="Bench")
            for n in range(count)
        ),
    )
    ids = list(
        User.objects.filter(email__startswith=f"{PREFIX}-{tag}-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    learners = [(uid, None if n % GRADUATE_SHARE == 0 else council.pk) for n, uid in enumerate(ids)]
    _copy(
        StaffProfile,
        (StaffProfile(user_id=uid, organisation_id=org) for uid, org in learners if org),
    )
    taken = {
        uid: rng.sample(range(len(world["courses"])), COURSES_PER_LEARNER) for uid, _ in learners
    }
    _copy(
        Enrolment,
        (
            Enrolment(
                user_id=uid,
                organisation_id=org,
                course_id=world["courses"][c],
                status="completed",
                completed_at=now,
            )
            for uid, org in learners
            for c in taken[uid]
        ),
    )
    enrolments = {
        (uid, course): (pk, org)
        for pk, uid, course, org in Enrolment.objects.filter(user_id__in=ids).values_list(
            "pk", "user_id", "course_id", "organisation_id"
        )
    }
    completed_at = {key: now - datetime.timedelta(days=rng.randint(1, 300)) for key in enrolments}
    _copy(
        CourseCompletion,
        (
            CourseCompletion(
                enrolment_id=pk,
                user_id=uid,
                organisation_id=org,
                course_id=course,
                completed_at=completed_at[(uid, course)],
                announced_at=completed_at[(uid, course)],
            )
            for (uid, course), (pk, org) in enrolments.items()
        ),
    )
    scores = []
    for uid, _ in learners:
        for c in taken[uid][:SCORED_PER_LEARNER]:
            course = world["courses"][c]
            lesson, key = world["quizzes"][c]
            value = Decimal(rng.randint(50, 100)) / 100
            scores.append((uid, course, lesson, key, value))
    _copy(
        ActivityProgress,
        (
            ActivityProgress(
                enrolment_id=enrolments[(uid, course)][0],
                lesson_id=lesson,
                activity_key=key,
                kind="quiz",
                status="passed" if value >= Decimal("0.8") else "failed",
                score=value,
                best_score=value,
                attempts=1,
            )
            for uid, course, lesson, key, value in scores
        ),
    )
    events = [
        LearningEvent(
            user_id=uid,
            organisation_id=enrolments[(uid, course)][1],
            enrolment_id=enrolments[(uid, course)][0],
            course_id=course,
            lesson_id=lesson,
            activity_key=key,
            verb="passed" if value >= Decimal("0.8") else "failed",
            source="quiz",
            result={"status": "passed", "score": str(value)},
        )
        for uid, course, lesson, key, value in scores
    ]
    _copy(LearningEvent, events)
    # auto_now_add stamped them all now; spread them back as real histories would be.
    LearningEvent.objects.filter(user_id__in=ids).update(
        occurred_at=now - datetime.timedelta(days=150)
    )
    return learners


def _evidence(world: dict, learners, badges, rng: random.Random) -> None:
    """Sign-offs for one learner in twenty and confirmed self-assessments for one in ten."""
    from django.utils import timezone

    from badges.models import Criterion, EvidenceSubmission, SelfAssessment

    staff = [(uid, org) for uid, org in learners if org]
    signed = list(Criterion.objects.filter(badge_class__in=badges, kind="sign_off"))
    now = timezone.now()
    _copy(
        EvidenceSubmission,
        (
            EvidenceSubmission(
                organisation_id=org,
                learner_id=uid,
                badge_class_id=criterion.badge_class_id,
                criterion=criterion,
                statement="Benchmark evidence.",
                status="approved",
                reviewed_at=now,
            )
            for uid, org in rng.sample(staff, len(staff) // 20)
            for criterion in [rng.choice(signed)]
        ),
    )
    _copy(
        SelfAssessment,
        (
            SelfAssessment(
                organisation_id=org,
                learner_id=uid,
                item=world["item"],
                level=rng.choice(world["levels"][1:5]),
                status="confirmed",
                confirmed_at=now,
            )
            for uid, org in rng.sample(staff, len(staff) // 10)
        ),
    )


# --- one learner -----------------------------------------------------------------------


def _earned_by_the_event(world: dict) -> None:
    """Badges the event earns: one on the course and its quiz, and one chained to it."""
    from badges.models import BadgeClass, Criterion

    lesson, key = world["event_quiz"]
    first = BadgeClass.objects.create(
        slug=f"{PREFIX}-event", name="Bench event", description="-", criteria_narrative="-"
    )
    Criterion.objects.create(
        badge_class=first, kind="course_completed", course_id=world["event_course"]
    )
    Criterion.objects.create(
        badge_class=first,
        kind="activity_score",
        lesson_id=lesson,
        activity_key=key,
        min_score=Decimal("0.5"),
    )
    chained = BadgeClass.objects.create(
        slug=f"{PREFIX}-chained", name="Bench chained", description="-", criteria_narrative="-"
    )
    Criterion.objects.create(badge_class=chained, kind="badge_held", required_badge=first)


def _the_event(world: dict, user_id: int, organisation_id: int | None):
    """The event: the learner passes the event course's quiz, which completes the course."""
    from django.utils import timezone

    from lms.records.models import ActivityProgress, CourseCompletion, Enrolment, LearningEvent

    course = world["event_course"]
    lesson, key = world["event_quiz"]
    enrolment, _ = Enrolment.objects.get_or_create(
        user_id=user_id, course_id=course, defaults={"organisation_id": organisation_id}
    )
    ActivityProgress.objects.update_or_create(
        enrolment=enrolment,
        activity_key=key,
        defaults={"lesson_id": lesson, "kind": "quiz", "status": "passed", "best_score": 1},
    )
    LearningEvent.objects.create(
        user_id=user_id,
        organisation_id=organisation_id,
        enrolment=enrolment,
        course_id=course,
        lesson_id=lesson,
        activity_key=key,
        verb="passed",
        source="quiz",
        result={"status": "passed", "score": "1.0000"},
    )
    CourseCompletion.objects.create(
        enrolment=enrolment,
        user_id=user_id,
        organisation_id=organisation_id,
        course_id=course,
        number=enrolment.completions.count() + 1,
        completed_at=timezone.now(),
    )


def _single_learner(world: dict) -> tuple[int, int, float, float]:
    from unittest import mock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from badges.engine.evaluate import evaluate_learner
    from badges.models import BadgeClass
    from lms.people.models import User

    rng = random.Random(5)
    _earned_by_the_event(world)
    ten = _badges(world, 10, tag="ten", organisation=world["council"])
    staff = [
        pair for pair in _learners(world, 2 + TIMED_LEARNERS * 2, tag="one", rng=rng) if pair[1]
    ]
    _evidence(world, staff, ten, rng)

    def evaluate_after_event(user_id, organisation_id, *, count: bool) -> tuple[int, float]:
        # First whatever their history already earns, so that the measured evaluation
        # is the one after the event, awarding what the event earns.
        evaluate_learner(user_id=user_id)
        # The receivers would queue the evaluation for a worker (run inline, with no
        # broker); hold it back and run it here, where it can be measured.
        with mock.patch("badges.receivers.queue_evaluation"):
            _the_event(world, user_id, organisation_id)
        with CaptureQueriesContext(connection) if count else nullcontext() as queries:
            started = time.perf_counter()
            awards = evaluate_learner(user_id=user_id)
            elapsed = time.perf_counter() - started
        if len(awards) != 2:
            raise BenchmarkFailed(f"the event earned {len(awards)} awards, not the chain of 2")
        return (len(queries.captured_queries) if count else 0), elapsed * 1000

    with _signals_counted():
        queries_10, _ = evaluate_after_event(*staff[0], count=True)
        more = _badges(world, 190, tag="more", organisation=world["council"])
        active = BadgeClass.objects.filter(is_active=True).count()
        if active != 202:
            raise BenchmarkFailed(f"{active} active badge classes, expected 200 and the event's 2")
        _evidence(world, staff, more, rng)
        queries_200, _ = evaluate_after_event(*staff[1], count=True)
        # Timed without the query log, which costs more than some of the queries.
        times = [
            evaluate_after_event(*pair, count=False)[1] for pair in staff[2 : 2 + TIMED_LEARNERS]
        ]
    eval_ms = statistics.median(times)
    log(f"evaluation: {queries_10} and {queries_200} queries, median {eval_ms:.2f} ms")

    def baseline() -> float:
        started = time.perf_counter()
        for uid, _ in staff[:queries_200]:
            User.objects.filter(pk=uid).values_list("pk", flat=True).first()
        return (time.perf_counter() - started) * 1000

    baseline_ms = statistics.median(baseline() for _ in range(TIMED_LEARNERS))
    return queries_10, queries_200, eval_ms, baseline_ms


# --- bulk ------------------------------------------------------------------------------


@contextmanager
def _signals_counted():
    """Count badge_awarded sends instead of running their receivers (see the docstring)."""
    from unittest import mock

    from badges.engine.signals import badge_awarded

    sent = []
    with mock.patch.object(
        badge_awarded, "send", side_effect=lambda sender, award_id, **kw: sent.append(award_id)
    ):
        yield sent


def _timed_run() -> tuple[float, int, int]:
    from django.db import connection

    from badges.engine.reevaluation import continue_run, start_reevaluation
    from badges.models import ReevaluationRun

    run = start_reevaluation(queue=False)
    with _signals_counted() as sent:
        started = time.perf_counter()
        status = continue_run(run_id=run.pk, time_slice=float("inf"))
        elapsed = time.perf_counter() - started
    run = ReevaluationRun.objects.get(pk=run.pk)
    if status != "done" or run.processed != run.total:
        raise BenchmarkFailed(f"run {run.pk} ended {status} at {run.processed}/{run.total}")
    if len(sent) != run.awarded:
        raise BenchmarkFailed(f"{run.awarded} awards but {len(sent)} badge_awarded signals")
    connection.close()
    log(f"run {run.pk}: {run.processed} learners in {elapsed:.1f}s, {run.awarded} awards")
    return run.processed / elapsed, run.processed, run.awarded


def _bulk(world: dict) -> tuple[float, float, tuple[int, int]]:
    from django.db import connection

    from badges.models import Criterion

    rng = random.Random(50_000)
    badges = _badges(world, BULK_BADGES, tag="bulk", organisation=world["council"])
    log(f"creating {BULK_LEARNERS} learners with their records (COPY)")
    started = time.perf_counter()
    learners = _learners(world, BULK_LEARNERS, tag="bulk", rng=rng)
    _evidence(world, learners, badges, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"fixtures ready in {time.perf_counter() - started:.1f}s")
    first_rate, _, first_awarded = _timed_run()
    # The criteria change: the activity badges' pass mark drops from 80% to 70%.
    changed = Criterion.objects.filter(badge_class__in=badges, kind="activity_score").update(
        min_score=Decimal("0.7")
    )
    log(f"lowered the pass mark of {changed} activity rules; re-evaluating everyone")
    rate, _, awarded = _timed_run()
    if not awarded:
        raise BenchmarkFailed("the criteria change earned nobody a badge; the run proved nothing")
    return first_rate, rate, (first_awarded, awarded)
