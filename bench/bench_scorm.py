"""SCORM runtime commits, as scorm-again posts them, against the bare view in the same run.

Every measured commit must really be applied: the server ignores a commit whose sequence
number is not above the last one of its attempt, and such a replay costs less than a real
commit. So each wrk thread owns its own attempts (each in its own course, as one learner
only ever has one SCO open per course) and sends them commits round-robin with rising
numbers; an attempt gets its next commit long after its last one was answered. A response
that says the commit changed nothing (`X-Scorm-Commit` other than "applied") counts as a
failure, so the harness refuses the run rather than report a flattering figure.

The load reuses bench/wrk_report.lua for its accounting: the script written here loads it
and adds the POST requests.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from bench import load
from bench.context import BenchContext, Figure, log
from bench.errors import BenchmarkFailed

# Real SCOs hold more attempts than a round-robin needs; four per connection means an
# attempt's next commit is generated only after many others have been answered.
ATTEMPTS_PER_CONNECTION = 4
SUSPEND_DATA_CHARACTERS = 1_000
BENCH_TITLE = "Benchmark: SCORM commits"

# Each wrk thread takes its own slice of the commit URLs, keeps the report script's counting,
# and marks a commit the server did not apply as a failed response.
WRK_SCRIPT = """\
dofile(os.getenv("BENCH_WRK_REPORT"))

local report_setup, report_init, report_response = setup, init, response
local all_paths = {}
for path in string.gmatch(os.getenv("BENCH_SCORM_COMMITS") or "", "%S+") do
  table.insert(all_paths, path)
end
local per_thread = tonumber(os.getenv("BENCH_SCORM_PER_THREAD"))
local threads_set_up = 0

function setup(thread)
  report_setup(thread)
  local first = threads_set_up * per_thread + 1
  thread:set("commit_paths", table.concat(all_paths, " ", first, first + per_thread - 1))
  threads_set_up = threads_set_up + 1
end

function init(args)
  report_init(args)
  is_commit_run = string.find(wrk.path, "/commit/", 1, true) ~= nil
  paths = {}
  for path in string.gmatch(commit_paths, "%S+") do
    table.insert(paths, path)
  end
  -- Numbers rise across wrk runs too: every run starts a second or more after the last.
  base = os.time() * 100000
  sent = 0
  template = os.getenv("BENCH_SCORM_BODY")
  post_headers = {}
  for name, value in pairs(wrk.headers) do
    post_headers[name] = value
  end
  post_headers["Content-Type"] = "application/json"
end

function request()
  if not is_commit_run then
    return wrk.format()
  end
  local round = math.floor(sent / #paths) + 1
  local path = paths[sent % #paths + 1]
  sent = sent + 1
  local body = template
  body = body:gsub("@SEQUENCE@", string.format("%.0f", base + round))
  body = body:gsub("@LOCATION@", tostring(round % 40 + 1))
  body = body:gsub("@SECONDS@", string.format("%02d", round % 60))
  return wrk.format("POST", path, post_headers, body)
end

function response(status, headers, body)
  if is_commit_run and status == 200 and headers["X-Scorm-Commit"] ~= "applied" then
    status = 409
  end
  report_response(status, headers, body)
end
"""


@dataclass(frozen=True)
class CommitLoad:
    cookie: str  # the learner's session cookie, "name=value"
    paths: list[str]  # one commit URL (with its token) per attempt
    spare_path: str  # an attempt kept out of the load, for counting queries
    user: object


def run(ctx: BenchContext) -> list[Figure]:
    ctx.database()
    settings = ctx.load_settings
    per_thread = ATTEMPTS_PER_CONNECTION * math.ceil(settings.connections / settings.threads)
    commit_load = _prepare(attempts=per_thread * settings.threads + 1)
    queries = _count_commit_queries(commit_load)
    script = ctx.workdir / "scorm_commit.lua"
    script.write_text(WRK_SCRIPT)
    environment = {
        "BENCH_WRK_REPORT": str(load.REPORT_SCRIPT),
        "BENCH_SCORM_COMMITS": " ".join(commit_load.paths),
        "BENCH_SCORM_PER_THREAD": str(per_thread),
        "BENCH_SCORM_BODY": _commit_body_template(),
    }
    bare, commits = ctx.compare(
        commit_load.paths[0],
        headers={"Cookie": commit_load.cookie},
        script=script,
        environment=environment,
    )
    return [
        Figure("scorm_commit_rps", commits.rps, "rps"),
        Figure("scorm_commit_ratio", commits.rps / bare.rps, "ratio"),
        Figure("scorm_commit_p95_ms", commits.p95_ms, "ms"),
        Figure("scorm_commit_queries", queries, "queries"),
    ]


def _prepare(*, attempts: int) -> CommitLoad:
    """A learner with one SCORM 1.2 attempt in each of `attempts` courses, and its tokens."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from courses.factories import course_with_lessons
    from courses.scorm_runtime import services
    from courses.scorm_runtime.tokens import issue_commit_token
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
    log(f"building {attempts} courses with a SCORM lesson for {profile.user.email}")
    package = _package()
    paths = []
    for number in range(1, attempts + 1):
        course = course_with_lessons(
            title=f"{BENCH_TITLE} {number}",
            owning_council=profile.organisation,
            lessons=[[("scorm", {"package": package})]],
        )
        lesson = course.lessons()[0]
        activity_key = lesson.activities()[0][0]
        enrolment = records.enrol(user=profile.user, course=course)
        attempt = services.start_or_resume_attempt(
            enrolment=enrolment,
            lesson=lesson,
            activity_key=activity_key,
            package=package,
            sco_identifier="item_1",
        )
        launch = services.launch(attempt, version=services.package_version(package))
        token = issue_commit_token(
            attempt_id=attempt.pk, user_id=profile.user.pk, session=launch.session
        )
        paths.append(reverse("scorm_commit", kwargs={"attempt_id": attempt.pk}) + f"?token={token}")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(profile.user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    # The spare attempt is for counting queries in-process; it never sees the load.
    return CommitLoad(cookie=cookie, paths=paths[:-1], spare_path=paths[-1], user=profile.user)


def _package():
    """A ready SCORM 1.2 package record: commits read its manifest, never its files."""
    from courses.models import ContentPackage

    return ContentPackage.objects.create(
        kind=ContentPackage.Kind.SCORM,
        title=BENCH_TITLE,
        status=ContentPackage.Status.READY,
        manifest={
            "scorm": {
                "version": "1.2",
                "title": BENCH_TITLE,
                "scos": [
                    {
                        "identifier": "item_1",
                        "title": "Lesson 1",
                        "launch_url": "index.html",
                        "mastery_score": 80.0,
                        "completion_threshold": None,
                        "data_from_lms": "",
                    }
                ],
            }
        },
    )


def _commit_body_template() -> str:
    """A commit as scorm-again 3 sends it for a SCORM 1.2 SCO part-way through: its whole
    data model, flattened, blank where the SCO set nothing."""
    values = {
        "cmi.suspend_data": "s" * SUSPEND_DATA_CHARACTERS,
        "cmi.launch_data": "",
        "cmi.comments": "",
        "cmi.comments_from_lms": "",
        "cmi.core.student_id": "",
        "cmi.core.student_name": "",
        "cmi.core.lesson_location": "@LOCATION@",
        "cmi.core.credit": "credit",
        "cmi.core.lesson_status": "incomplete",
        "cmi.core.entry": "ab-initio",
        "cmi.core.lesson_mode": "normal",
        "cmi.core.exit": "",
        "cmi.core.session_time": "00:00:@SECONDS@",
        "cmi.core.score.raw": "",
        "cmi.core.score.min": "",
        "cmi.core.score.max": "100",
        "cmi.objectives": {},
        "cmi.student_data.mastery_score": "80",
        "cmi.student_data.max_time_allowed": "",
        "cmi.student_data.time_limit_action": "",
        "cmi.student_preference.audio": "",
        "cmi.student_preference.language": "",
        "cmi.student_preference.speed": "",
        "cmi.student_preference.text": "",
        "cmi.interactions": {},
    }
    body = json.dumps(values, separators=(",", ":"))
    # commitSequence is a JSON number, so it is spliced in after serialising.
    return body[:-1] + ',"commitSequence":@SEQUENCE@}'


def _count_commit_queries(commit_load: CommitLoad) -> int:
    """SQL queries for one applied commit that changes no outcome: the common case."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def post(sequence: int):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(commit_load.user)
        body = _commit_body_template()
        body = body.replace("@SEQUENCE@", str(sequence)).replace("@LOCATION@", str(sequence))
        body = body.replace("@SECONDS@", "0" + str(sequence))
        return client, body

    # The first commit begins the session and records "in progress"; it is not typical.
    first, body = post(1)
    first.post(commit_load.spare_path, data=body, content_type="application/json")
    client, body = post(2)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(commit_load.spare_path, data=body, content_type="application/json")
    if response.status_code != 200 or response.get("X-Scorm-Commit") != "applied":
        raise BenchmarkFailed(
            f"a SCORM commit answered {response.status_code} "
            f"({response.get('X-Scorm-Commit')}): {response.content[:300]!r}"
        )
    return len(queries.captured_queries)
