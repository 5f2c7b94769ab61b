"""What course and lesson pages show a learner about their own progress."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

from courses import quizzes
from courses.selectors import can_take, outline_rows
from courses.services import attempts_left
from lms.people.permissions import viewer_for
from lms.records import selectors as record_selectors
from lms.records import services as records
from lms.records.models import DONE_STATUSES, Enrolment, ProgressStatus

QUIZ_RESULT_SESSION_KEY = "quiz-result:{enrolment}:{activity}"


@dataclass(frozen=True)
class OutlineLesson:
    """A lesson as the outline lists and links it; the page itself is not loaded."""

    pk: int
    title: str
    url: str | None
    is_required: bool


# The outline is drawn for every lesson of a course on every page view: the tag's colour
# and words are looked up here once rather than worked out by the template per lesson.
_STATUS_LABELS = dict(ProgressStatus.choices)
_TAG_COLOURS = {
    ProgressStatus.COMPLETED: "govuk-tag--green",
    ProgressStatus.PASSED: "govuk-tag--green",
    ProgressStatus.FAILED: "govuk-tag--red",
    ProgressStatus.IN_PROGRESS: "govuk-tag--blue",
}


@dataclass
class OutlineEntry:
    lesson: OutlineLesson
    status: str
    is_current: bool = False

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES

    @property
    def status_label(self) -> str:
        return _STATUS_LABELS[self.status]

    @property
    def tag_colour(self) -> str:
        return _TAG_COLOURS.get(self.status, "govuk-tag--grey")


@dataclass
class CourseOutline:
    course: object
    enrolment: Enrolment | None
    can_take: bool
    entries: list[OutlineEntry] = field(default_factory=list)

    @property
    def is_enrolled(self) -> bool:
        return self.enrolment is not None and self.enrolment.is_active

    @property
    def required_entries(self) -> list[OutlineEntry]:
        return [e for e in self.entries if e.lesson.is_required]

    @property
    def done_count(self) -> int:
        return sum(1 for e in self.required_entries if e.is_done)

    @property
    def percent(self) -> int:
        required = self.required_entries
        return round(100 * self.done_count / len(required)) if required else 0

    @property
    def rows(self) -> list[tuple]:
        """(url, title, tag colour, status label, is current, is required) per lesson: the
        template unpacks them, which is cheaper than looking each one up by name."""
        return [
            (
                e.lesson.url,
                e.lesson.title,
                e.tag_colour,
                e.status_label,
                e.is_current,
                e.lesson.is_required,
            )
            for e in self.entries
        ]

    @property
    def current_entry(self) -> OutlineEntry | None:
        return next((e for e in self.entries if e.is_current), None)

    @property
    def continue_lesson(self) -> OutlineLesson | None:
        """Where the learner left off, or the first lesson they have not finished."""
        if self.enrolment is None:
            return self.entries[0].lesson if self.entries else None
        if self.enrolment.last_lesson_id:
            for entry in self.entries:
                if entry.lesson.pk == self.enrolment.last_lesson_id and not entry.is_done:
                    return entry.lesson
        for entry in self.entries:
            if not entry.is_done:
                return entry.lesson
        return self.entries[0].lesson if self.entries else None

    def neighbours(self, lesson) -> tuple[OutlineLesson | None, OutlineLesson | None]:
        ids = [e.lesson.pk for e in self.entries]
        if lesson.pk not in ids:
            return None, None
        i = ids.index(lesson.pk)
        previous = self.entries[i - 1].lesson if i > 0 else None
        following = self.entries[i + 1].lesson if i + 1 < len(ids) else None
        return previous, following


def _lesson_url(course_url: str | None, slug: str) -> str | None:
    """A lesson's URL from its course's: Wagtail gives a child page its parent's URL path
    plus its slug, and reversing a URL for each of fifty lessons is slow."""
    if course_url is None:
        return None
    if not course_url.endswith("/"):
        course_url += "/"
    return course_url + slug + ("/" if getattr(settings, "WAGTAIL_APPEND_SLASH", True) else "")


def course_outline(request, course, *, current=None, enrolment=None) -> CourseOutline:
    """The outline of the course for the signed-in learner: their enrolment (read here
    unless given) and each lesson with their status."""
    viewer = viewer_for(request)
    if enrolment is None:
        enrolment, statuses = record_selectors.enrolment_and_statuses(request.user, course)
    else:
        statuses = record_selectors.lesson_statuses(enrolment)
    outline = CourseOutline(course=course, enrolment=enrolment, can_take=can_take(viewer, course))
    course_url = course.get_url(request)
    current_pk = current.pk if current is not None else None
    for pk, title, slug, is_required, status in outline_rows(course, statuses):
        outline.entries.append(
            OutlineEntry(
                lesson=OutlineLesson(
                    pk=pk, title=title, url=_lesson_url(course_url, slug), is_required=is_required
                ),
                status=status,
                is_current=pk == current_pk,
            )
        )
    return outline


def start_lesson(request, lesson):
    """Record the visit, or send someone who has not enrolled back to the course page."""
    course = lesson.course
    # The outline is read before the visit is recorded: it says whether the lesson has
    # been started, which is all a revisit needs to know to skip the locked write.
    outline = course_outline(request, course, current=lesson)
    enrolment = outline.enrolment
    if enrolment is None or not enrolment.is_active:
        messages.info(request, "Enrol on the course to start its lessons.")
        return redirect(course.url)
    entry = outline.current_entry
    if entry is not None and entry.status != ProgressStatus.NOT_STARTED:
        records.record_lesson_revisit(enrolment=enrolment, lesson=lesson)
    else:
        progress = records.record_lesson_view(enrolment=enrolment, lesson=lesson)
        if entry is not None:
            entry.status = progress.status
    request._lms_lesson_outline = (lesson.pk, outline)
    return None


@dataclass
class BodyItem:
    block: object
    kind: str
    progress: object | None = None
    questions: list | None = None
    attempts_left: int | None = None
    result: dict | None = None

    @property
    def is_activity(self) -> bool:
        return self.kind in ("h5p", "scorm", "quiz")


def lesson_state(request, lesson) -> dict:
    started_pk, outline = getattr(request, "_lms_lesson_outline", (None, None))
    if started_pk != lesson.pk:
        outline = course_outline(request, lesson.course, current=lesson)
    enrolment = outline.enrolment
    # A reading lesson has no activities to look up.
    activities = (
        record_selectors.activity_progress_map(enrolment, lesson) if lesson.activities() else {}
    )
    items = []
    for block in lesson.body:
        item = BodyItem(block=block, kind=block.block_type, progress=activities.get(block.id))
        if block.block_type == "quiz" and enrolment is not None:
            used = item.progress.attempts if item.progress else 0
            item.questions = quizzes.present(block.value, seed=f"{enrolment.pk}:{block.id}:{used}")
            item.attempts_left = attempts_left(block.value, item.progress)
            key = QUIZ_RESULT_SESSION_KEY.format(enrolment=enrolment.pk, activity=block.id)
            item.result = request.session.get(key)
        items.append(item)
    previous, following = outline.neighbours(lesson)
    entry = outline.current_entry
    return {
        "outline": outline,
        "enrolment": enrolment,
        "body_items": items,
        "lesson_status": entry.status if entry else ProgressStatus.NOT_STARTED,
        "lesson_done": bool(entry and entry.is_done),
        "is_reading_lesson": not any(item.is_activity for item in items),
        "previous_lesson": previous,
        "next_lesson": following,
    }
