"""H5P xAPI statements, as the lesson page's bridge posts them, against the bare view.

Every measured statement is really recorded: it is the answered statement H5P's TrueFalse
sends, with a score below the block's pass mark, so each one adds an attempt, a learning
event and a fresh lesson status, and none completes the course (a completion happens once
per course and is not what a statement usually costs). A statement is checked, then
recorded under a lock on its enrolment row; so that the load measures the work rather
than waiting for that lock, each wrk thread posts to its own activities, each in its own
course, round-robin.

The load reuses bench/wrk_report.lua for its accounting: the script written here loads it
and turns the requests for statement URLs into POSTs.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from bench import load
from bench.context import BenchContext, Figure, log
from bench.errors import BenchmarkFailed

ACTIVITIES_PER_CONNECTION = 4
PASS_MARK = 80
BENCH_TITLE = "Benchmark: H5P statements"
# Any 32 letters and digits are a valid CSRF secret; the same value in the cookie and the
# header is what the lesson page sends with the token it was given.
CSRF_SECRET = "benchxapistatementsecret01234567"

WRK_SCRIPT = """\
dofile(os.getenv("BENCH_WRK_REPORT"))

local report_setup, report_init = setup, init
local all_paths = {}
for path in string.gmatch(os.getenv("BENCH_XAPI_PATHS") or "", "%S+") do
  table.insert(all_paths, path)
end
local per_thread = tonumber(os.getenv("BENCH_XAPI_PER_THREAD"))
local threads_set_up = 0

function setup(thread)
  report_setup(thread)
  local first = threads_set_up * per_thread + 1
  thread:set("statement_paths", table.concat(all_paths, " ", first, first + per_thread - 1))
  threads_set_up = threads_set_up + 1
end

function init(args)
  report_init(args)
  is_statement_run = string.find(wrk.path, "/statements/", 1, true) ~= nil
  prepared = {}
  local template = os.getenv("BENCH_XAPI_BODY")
  local site = os.getenv("BENCH_XAPI_SITE_URL")
  local post_headers = {}
  for name, value in pairs(wrk.headers) do
    post_headers[name] = value
  end
  post_headers["Content-Type"] = "application/json"
  for path in string.gmatch(statement_paths, "%S+") do
    -- The statement's object is the activity, whose IRI is its launch URL on the site.
    local iri = site .. string.gsub(path, "statements/$", "")
    local body = string.gsub(template, "@IRI@", iri)
    table.insert(prepared, wrk.format("POST", path, post_headers, body))
  end
  sent = 0
end

function request()
  if not is_statement_run then
    return wrk.format()
  end
  sent = sent + 1
  return prepared[(sent - 1) % #prepared + 1]
end
"""


@dataclass(frozen=True)
class StatementLoad:
    headers: dict[str, str]  # the learner's session and the CSRF cookie and header
    paths: list[str]  # one statement URL per activity
    spare_path: str  # an activity kept out of the load, for counting queries
    user: object


def run(ctx: BenchContext) -> list[Figure]:
    ctx.database()
    settings = ctx.load_settings
    per_thread = ACTIVITIES_PER_CONNECTION * math.ceil(settings.connections / settings.threads)
    statement_load = _prepare(activities=per_thread * settings.threads + 1)
    queries = _count_statement_queries(statement_load)
    script = ctx.workdir / "xapi_statement.lua"
    script.write_text(WRK_SCRIPT)
    from django.conf import settings as django_settings

    environment = {
        "BENCH_WRK_REPORT": str(load.REPORT_SCRIPT),
        "BENCH_XAPI_PATHS": " ".join(statement_load.paths),
        "BENCH_XAPI_PER_THREAD": str(per_thread),
        "BENCH_XAPI_SITE_URL": django_settings.SITE_URL,
        "BENCH_XAPI_BODY": _body_template(),
    }
    bare, statements = ctx.compare(
        statement_load.paths[0],
        headers=statement_load.headers,
        script=script,
        environment=environment,
    )
    return [
        Figure("xapi_statement_rps", statements.rps, "rps"),
        Figure("xapi_statement_ratio", statements.rps / bare.rps, "ratio"),
        Figure("xapi_statement_p95_ms", statements.p95_ms, "ms"),
        Figure("xapi_statement_queries", queries, "queries"),
    ]


def _prepare(*, activities: int) -> StatementLoad:
    """A learner enrolled on `activities` courses, each with one H5P lesson."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from courses.factories import course_with_lessons
    from lms.people.models import StaffProfile
    from lms.records import services as records

    profile = (
        StaffProfile.objects.filter(is_active=True, is_hr_admin=False, direct_reports=None)
        .select_related("user", "organisation")
        .order_by("pk")
        .first()
    )
    if profile is None:
        raise BenchmarkFailed("seed_demo made no learner without reports to sign in as.")
    log(f"building {activities} courses with an H5P lesson for {profile.user.email}")
    package = _package()
    paths = []
    for number in range(1, activities + 1):
        course = course_with_lessons(
            title=f"{BENCH_TITLE} {number}",
            owning_council=profile.organisation,
            lessons=[[("h5p", {"package": package, "pass_mark": PASS_MARK})]],
        )
        lesson = course.lessons()[0]
        key = lesson.activities()[0][0]
        records.enrol(user=profile.user, course=course)
        paths.append(reverse("h5p_statement", kwargs={"lesson_id": lesson.pk, "activity_key": key}))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(profile.user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    headers = {
        "Cookie": (
            f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={CSRF_SECRET}"
        ),
        "X-CSRFToken": CSRF_SECRET,
    }
    # The spare activity is for counting queries in-process; it never sees the load.
    return StatementLoad(headers=headers, paths=paths[:-1], spare_path=paths[-1], user=profile.user)


def _package():
    """A ready H5P package record: statements never read its files."""
    from courses.models import ContentPackage

    return ContentPackage.objects.create(
        kind=ContentPackage.Kind.H5P,
        title=BENCH_TITLE,
        status=ContentPackage.Status.READY,
        content_prefix="bench-h5p/",
        source="uploads/bench.h5p",
    )


def _body_template() -> str:
    """What the bridge posts after a wrong answer to H5P's TrueFalse: the statement as H5P
    builds it, and the content's state."""
    statement = {
        "actor": {
            "account": {"name": "not-trackable-5e1f", "homePage": "http://127.0.0.1:8000"},
            "objectType": "Agent",
        },
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/answered",
            "display": {"en-US": "answered"},
        },
        "object": {
            "id": "@IRI@",
            "objectType": "Activity",
            "definition": {
                "extensions": {"http://h5p.org/x-api/h5p-local-content-id": "bench"},
                "name": {"en-US": "Is this false?"},
                "description": {"en-US": "<p>Is this false?</p>\n"},
                "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                "interactionType": "true-false",
                "correctResponsesPattern": ["false"],
            },
        },
        "context": {
            "contextActivities": {
                "category": [
                    {
                        "id": "http://h5p.org/libraries/H5P.TrueFalse-1.6",
                        "objectType": "Activity",
                    }
                ]
            }
        },
        "result": {
            "score": {"min": 0, "max": 1, "raw": 0, "scaled": 0},
            "completion": True,
            "success": False,
            "duration": "PT4.12S",
            "response": "true",
        },
    }
    return json.dumps({"statement": statement, "state": '{"answer":true}'})


def _count_statement_queries(statement_load: StatementLoad) -> int:
    """SQL queries for one recorded statement, after one has made the activity's row."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    iri = settings.SITE_URL + statement_load.spare_path.removesuffix("statements/")
    body = _body_template().replace("@IRI@", iri)

    def post():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(statement_load.user)
        return client

    post().post(statement_load.spare_path, data=body, content_type="application/json")
    client = post()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            statement_load.spare_path, data=body, content_type="application/json"
        )
    if response.status_code != 200 or response.json().get("status") != "failed":
        raise BenchmarkFailed(
            f"an H5P statement answered {response.status_code}: {response.content[:300]!r}"
        )
    return len(queries.captured_queries)
