"""The lesson page an enrolled learner opens, against the bare view in the same run.

Two courses are built in the benchmark database, of 5 and of 50 lessons, from the same
lesson bodies in the same order (reading text, a callout, and a quiz in every third
lesson), so the only thing that differs between them is the course's size. The measured
lesson is the third, which has a quiz, in both.

A lesson page is not a read: every GET records the visit as a learning event. The first
visit to a lesson also starts its progress row and moves where the learner carries on
from, under a lock on the learner's enrolment; a revisit, which is what the load is made
of after the warm-up, writes the event alone. Several learners are enrolled and the load
cycles through their session cookies, so that the figure is what a page costs rather than
how one learner's requests queue behind each other; the bare view receives the same
cookies and pays for the same session and user lookups.

Queries are counted in-process for one learner, after a warm-up visit: the first visit to
a lesson also creates its progress row, which later visits do not. The warm-up also fills
the caches (the site, the catalogue, the course's lesson list), which is how pages are
served once a site is running.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from bench import load
from bench.context import BenchContext, Figure, log
from bench.errors import BenchmarkFailed

COURSE_SIZES = (5, 50)
# The larger course is the one under load: a page that is only fast for short courses
# is not fast.
LOADED_SIZE = 50
MEASURED_LESSON = 3
QUIZ_EVERY = 3
LEARNERS = 8
BENCH_TITLE = "Benchmark: lesson page"

# Each request takes the next learner's cookie; the threads start at different learners
# so that the two workers rarely serve the same learner at the same moment.
WRK_SCRIPT = """\
dofile(os.getenv("BENCH_WRK_REPORT"))

local report_setup, report_init = setup, init
local cookies = {}
for cookie in string.gmatch(os.getenv("BENCH_LESSON_COOKIES") or "", "%S+") do
  table.insert(cookies, cookie)
end
local threads_set_up = 0

function setup(thread)
  report_setup(thread)
  thread:set("first_cookie", threads_set_up * 3)
  threads_set_up = threads_set_up + 1
end

function init(args)
  report_init(args)
  sent = first_cookie
end

function request()
  sent = sent + 1
  wrk.headers["Cookie"] = cookies[sent % #cookies + 1]
  return wrk.format()
end
"""


def run(ctx: BenchContext) -> list[Figure]:
    ctx.database()
    learners = _learners(LEARNERS)
    organisation = learners[0].staff_profile.organisation
    paths = {}
    for size in COURSE_SIZES:
        log(f"building a course of {size} lessons and enrolling {len(learners)} learners")
        paths[size] = _enrolled_course(size, organisation=organisation, learners=learners)
    for size, path in paths.items():
        _check_page(path, user=learners[0], lessons=size)
    queries = {size: ctx.count_queries(path, user=learners[0]) for size, path in paths.items()}

    script = ctx.workdir / "lesson_page.lua"
    script.write_text(WRK_SCRIPT)
    environment = {
        "BENCH_WRK_REPORT": str(load.REPORT_SCRIPT),
        "BENCH_LESSON_COOKIES": " ".join(_session_cookie(user) for user in learners),
    }
    bare, lesson = ctx.compare(paths[LOADED_SIZE], script=script, environment=environment)
    return [
        Figure("lesson_page_rps", lesson.rps, "rps"),
        Figure("lesson_page_ratio", lesson.rps / bare.rps, "ratio"),
        Figure("lesson_page_p95_ms", lesson.p95_ms, "ms"),
        *(Figure(f"lesson_page_queries_{size}", queries[size], "queries") for size in paths),
    ]


def _learners(count: int) -> list:
    """Staff of one council who are plain learners: MFA would stop an HR admin at a
    set-up page, and a manager's extra navigation is not what most learners see."""
    from lms.people.models import StaffProfile

    profiles = list(
        StaffProfile.objects.filter(
            is_active=True, is_hr_admin=False, user__is_superuser=False, direct_reports=None
        )
        .select_related("user", "organisation")
        .order_by("organisation_id", "pk")
    )
    if not profiles:
        raise BenchmarkFailed("seed_demo made no plain learner to sign in as.")
    organisation_id = profiles[0].organisation_id
    chosen = [p.user for p in profiles if p.organisation_id == organisation_id][:count]
    if len(chosen) < count:
        raise BenchmarkFailed(f"seed_demo made {len(chosen)} plain learners, not {count}.")
    return chosen


def _enrolled_course(size: int, *, organisation, learners) -> str:
    """Build the course, enrol everyone, and return the measured lesson's path."""
    from courses.factories import course_with_lessons
    from lms.records import services as records

    course = course_with_lessons(
        title=f"{BENCH_TITLE}, {size} lessons",
        owning_council=organisation,
        lessons=[_lesson_body(number) for number in range(1, size + 1)],
    )
    for user in learners:
        records.enrol(user=user, course=course)
    lesson = list(course.lessons())[MEASURED_LESSON - 1]
    # The load and the test client both send Host: 127.0.0.1; only the path is wanted.
    return urlsplit(lesson.get_url()).path


def _lesson_body(number: int) -> list[tuple]:
    """What a council's reading lesson looks like: a few paragraphs under headings, a
    list, a tip, and every so often a short quiz."""
    from wagtail.rich_text import RichText

    from courses.factories import quiz_block

    body = [
        (
            "text",
            RichText(
                f"<h2>Part {number}: handling personal information</h2>"
                "<p>Most of the council's work involves information about people: their "
                "names and addresses, their benefits, their health and their children. "
                "The law lets us use it to deliver services, but only for the reason we "
                "collected it and only for as long as we need it.</p>"
                "<p>Before you share anything, ask who needs it, why they need it and "
                "whether they could do their job with less. A spreadsheet sent to the "
                "wrong address, or a file left on a shared drive that anyone can open, "
                "is a data breach even if nobody ever reads it.</p>"
                "<ul><li>Send the least you can: a reference number, not the whole "
                "record.</li><li>Check the recipient's address before you press send."
                "</li><li>Use the council's secure email for anything sensitive.</li>"
                "<li>Lock your screen whenever you leave your desk.</li></ul>"
            ),
        ),
        (
            "callout",
            {
                "kind": "tip",
                "heading": "If something goes wrong",
                "text": RichText(
                    "<p>Tell the <a href='https://example.org/report'>information "
                    "governance team</a> the same day. The law gives the council 72 hours "
                    "to report a serious breach, and the sooner we know, the more we can "
                    "do to limit the harm.</p>"
                ),
            },
        ),
        (
            "text",
            RichText(
                "<h3>Keeping records</h3>"
                "<p>Keep records where the council's retention schedule says, and delete "
                "them when it says. Copies in your own folders or inbox count as records "
                "too, and a request for information can reach them.</p>"
            ),
        ),
    ]
    if number % QUIZ_EVERY == 0:
        body.append(quiz_block())
    return body


def _check_page(path: str, *, user, lessons: int) -> None:
    """Refuse to measure anything but the real page: the lesson with its quiz and the
    whole course outline, for an enrolled learner."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    response = client.get(path)
    if response.status_code != 200:
        raise BenchmarkFailed(f"GET {path} answered {response.status_code}, not 200")
    html = response.content.decode()
    outline_entries = html.count('class="lms-outline__item')
    if outline_entries != lessons or "Submit answers" not in html:
        raise BenchmarkFailed(
            f"GET {path} showed {outline_entries} of {lessons} lessons in the outline"
            + ("" if "Submit answers" in html else " and no quiz")
        )


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
