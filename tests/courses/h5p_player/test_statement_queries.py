"""How many SQL queries an H5P statement costs, and that the count does not grow with the
course: its number of lessons, or the activities beside the H5P block in its lesson.

Counted as the xAPI benchmark (bench/bench_xapi.py) counts it: a fresh signed-in client,
after one statement has made the activity's progress row, posting the wrong answer H5P's
TrueFalse sends (a failed attempt with the content's state), which is what most
statements are. Transaction statements count (SAVEPOINT and RELEASE here, BEGIN and COMMIT
in production). What runs after the commit (the badge evaluation the learning event
queues) is not counted here: a test's transaction never commits.

The ceiling, 12 (16 before the sign-in backend loaded the staff profile with the user and
the lookup below was one query):
- the session, and the user with their staff profile, as for every signed-in request (2);
- the lesson with its course, the learner's enrolment and the course's page privacy, in
  one query (courses/h5p_player/selectors.py), and the block's package (2);
- lms.records.services.record_activity_outcome: its transaction, the enrolment lock, the
  activity's row read and written, the learning event, the lesson's progress row (7),
  and the other activities' rows when the lesson has more than one (1).
Saying whether the course is complete reads the enrolment again only when the statement
leaves the activity done. An unchanged resume state only reads: the same lookups (4),
then the stored state (1).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.factories import course_with_lessons, quiz_block, text_block
from lms.records import services as records
from tests.courses.h5p_player.builders import H5PLesson, post_json, ready_package, statement

STATEMENT_MAX_QUERIES = 12
UNCHANGED_STATE_MAX_QUERIES = 5
WRONG_ANSWER = {"min": 0, "max": 1, "raw": 0, "scaled": 0}


def _h5p_course(council, *, lessons: int, quizzes_beside: int) -> H5PLesson:
    """A course whose last lesson holds the H5P block between text and quizzes."""
    package = ready_package()
    measured = [
        text_block(),
        ("h5p", {"package": package, "pass_mark": 80}),
        *(quiz_block() for _ in range(quizzes_beside)),
    ]
    course = course_with_lessons(
        owning_council=council,
        title=f"Spotting scams ({lessons} lessons)",
        lessons=[*([text_block(), quiz_block()] for _ in range(lessons - 1)), measured],
    )
    lesson = course.lessons().last()
    key = next(key for key, block in lesson.activities() if block.block_type == "h5p")
    return H5PLesson(course=course, lesson=lesson, key=key, package=package)


def _wrong_answer(h5p: H5PLesson) -> dict:
    body = statement(h5p.iri, score=WRONG_ANSWER, success=False)
    return {"statement": body, "state": '{"answer":true}'}


def _count_statement(client_for, learner, h5p: H5PLesson) -> int:
    url = h5p.url("h5p_statement")
    post_json(client_for(learner), url, _wrong_answer(h5p))
    client = client_for(learner)
    with CaptureQueriesContext(connection) as captured:
        response = post_json(client, url, _wrong_answer(h5p))
    assert response.status_code == 200
    assert response.json()["status"] == "failed"
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("quizzes_beside", [0, 8])
def test_a_statement_costs_the_same_in_a_small_and_a_large_course(
    client_for, learner, council, quizzes_beside
):
    small = _h5p_course(council, lessons=2, quizzes_beside=quizzes_beside)
    large = _h5p_course(council, lessons=30, quizzes_beside=quizzes_beside)
    records.enrol(user=learner, course=small.course)
    records.enrol(user=learner, course=large.course)

    in_small = _count_statement(client_for, learner, small)
    in_large = _count_statement(client_for, learner, large)

    assert in_small == in_large


@pytest.mark.django_db
def test_a_statement_stays_within_its_query_budget(
    client_for, learner, council, django_assert_max_num_queries
):
    h5p = _h5p_course(council, lessons=12, quizzes_beside=4)
    records.enrol(user=learner, course=h5p.course)
    url = h5p.url("h5p_statement")
    post_json(client_for(learner), url, _wrong_answer(h5p))
    client = client_for(learner)

    with django_assert_max_num_queries(STATEMENT_MAX_QUERIES):
        response = post_json(client, url, _wrong_answer(h5p))

    assert response.json()["status"] == "failed"


@pytest.mark.django_db
def test_an_unchanged_resume_state_only_reads(
    client_for, learner, council, django_assert_max_num_queries
):
    h5p = _h5p_course(council, lessons=12, quizzes_beside=4)
    records.enrol(user=learner, course=h5p.course)
    url = h5p.url("h5p_state")
    post_json(client_for(learner), url, {"state": '{"answer":true}'})
    client = client_for(learner)

    with django_assert_max_num_queries(UNCHANGED_STATE_MAX_QUERIES):
        response = post_json(client, url, {"state": '{"answer":true}'})

    assert response.status_code == 204
