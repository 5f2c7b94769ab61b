"""Course catalogue, course and lesson pages: page rendering stays on these models."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from cms.selectors import FROM_SITE_CACHE
from courses.blocks import ACTIVITY_BLOCK_TYPES, LessonBodyBlock

DIGCOMP_AREAS = [
    ("1", "Information and data literacy"),
    ("2", "Communication and collaboration"),
    ("3", "Digital content creation"),
    ("4", "Safety"),
    ("5", "Problem solving"),
]


class Level(models.TextChoices):
    # DigComp 2.2's proficiency bands: levels 1-2, 3-4, 5-6, 7-8.
    FOUNDATION = "foundation", "Foundation"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"
    HIGHLY_SPECIALISED = "highly_specialised", "Highly specialised"


class Audience(models.TextChoices):
    STAFF = "staff", "Council staff"
    PUBLIC = "public", "Public taster (anyone with an account)"


class CourseFormat(models.TextChoices):
    INTERACTIVE = "interactive", "Interactive (H5P)"
    ELEARNING = "elearning", "E-learning package (SCORM)"
    READING = "reading", "Reading and video"
    QUIZ = "quiz", "Quiz"
    MIXED = "mixed", "Mixed"


def _one(pages):
    # Slugs are unique among siblings: no ordering for .first() to work out.
    return next(iter(pages[:1]), None)


class RestrictionsInOneQuery:
    """Wagtail reads a page's view restrictions in two queries: its ancestors, to follow
    any alias to its source page, then the restrictions on all of them. A page that
    routing has just reached carries the chain of parents it came through; when none of
    them is an alias the restrictions are simply those on the pages along its path, so
    one query does. Anything else (an alias, a page loaded on its own) goes Wagtail's way.
    """

    def get_view_restrictions(self):
        page = self
        while True:
            if page.alias_of_id is not None:
                return super().get_view_restrictions()
            # Below depth 2 is only the tree's root, which cannot be an alias.
            if page.depth <= 2:
                break
            parent = getattr(page, "_cached_parent_obj", None)
            if parent is None or parent.path != page.path[: -page.steplen]:
                return super().get_view_restrictions()
            page = parent
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        return PageViewRestriction.objects.filter(page__path__in=paths)


class CourseIndexPage(RestrictionsInOneQuery, Page):
    """The catalogue: a council's own courses plus those shared with the sector."""

    introduction = models.TextField(blank=True, max_length=500)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1
    template = "courses/course_index_page.html"

    def route(self, request, path_components):
        if len(path_components) == 2:
            found = self._course_and_lesson(*path_components)
            if found is not None:
                course, lesson = found
                course._cached_parent_obj = self
                lesson._cached_parent_obj = course
                return lesson.route(request, [])
        # One indexed query per level for course and lesson URLs, where Wagtail's default
        # routing makes two (the base page, then its specific type).
        if path_components:
            course = _one(
                CoursePage.objects.filter(
                    path__startswith=self.path, depth=self.depth + 1, slug=path_components[0]
                )
            )
            if course is None:
                raise Http404
            course._cached_parent_obj = self
            return course.route(request, path_components[1:])
        page = self
        if hasattr(self, FROM_SITE_CACHE):
            # Kept in the cache for routing through; served as the database has it now.
            page = CourseIndexPage.objects.filter(pk=self.pk).first()
            if page is None:
                raise Http404
            page._cached_parent_obj = getattr(self, "_cached_parent_obj", None)
        return super(CourseIndexPage, page).route(request, path_components)

    def _course_and_lesson(self, course_slug: str, lesson_slug: str):
        """A lesson URL's course and lesson in one query, each in its own type, or None to
        route level by level. The lesson is found by its URL path under the course; the
        tree paths must agree that it is that course's child, or the answer is not used."""
        rows = (
            Page.objects.filter(path__startswith=self.path)
            .filter(
                Q(depth=self.depth + 1, slug=course_slug)
                | Q(
                    depth=self.depth + 2,
                    slug=lesson_slug,
                    url_path=f"{self.url_path}{course_slug}/{lesson_slug}/",
                )
            )
            .select_related("coursepage", "lessonpage")
            .order_by()
        )
        course = lesson = None
        for row in rows[:3]:
            if row.depth == self.depth + 1:
                course = getattr(row, "coursepage", None)
            else:
                lesson = getattr(row, "lessonpage", None)
        if course is None or lesson is None or lesson.path[: -lesson.steplen] != course.path:
            return None
        return course, lesson

    def get_context(self, request, *args, **kwargs):
        from courses.catalogue import CatalogueFilters

        context = super().get_context(request, *args, **kwargs)
        filters = CatalogueFilters(request.GET or None)
        context["filters"] = filters
        context["courses"] = filters.apply(request)
        return context


class CoursePage(RestrictionsInOneQuery, Page):
    summary = models.TextField(max_length=600)
    outcomes = StreamField(
        [("outcome", blocks.CharBlock(max_length=200, label="Outcome"))],
        blank=True,
        help_text="What someone can do after the course, one per line.",
    )
    duration_minutes = models.PositiveIntegerField(default=30)
    level = models.CharField(max_length=32, choices=Level.choices, default=Level.FOUNDATION)
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.STAFF)
    format = models.CharField(max_length=16, choices=CourseFormat.choices, default="mixed")
    job_roles = ParentalManyToManyField(
        "people.JobRole", blank=True, related_name="courses", help_text="Roles it is meant for."
    )
    prerequisites = ParentalManyToManyField(
        "courses.CoursePage", blank=True, related_name="required_by", symmetrical=False
    )
    owning_council = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
        help_text="The council that owns the course. Empty: part of the sector library.",
    )
    shared_with_sector = models.BooleanField(
        default=False, help_text="Let every council on this platform use this course."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("outcomes"),
        MultiFieldPanel(
            [
                FieldPanel("duration_minutes"),
                FieldPanel("level"),
                FieldPanel("format"),
                FieldPanel("audience"),
            ],
            heading="About the course",
        ),
        InlinePanel("competences", heading="Competences developed", label="Competence"),
        FieldPanel("job_roles"),
        FieldPanel("prerequisites"),
        MultiFieldPanel(
            [FieldPanel("owning_council"), FieldPanel("shared_with_sector")], heading="Ownership"
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("level"),
        index.FilterField("audience"),
        index.FilterField("format"),
        index.FilterField("owning_council_id"),
        index.FilterField("shared_with_sector"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]
    template = "courses/course_page.html"

    def lessons(self):
        return LessonPage.objects.child_of(self).live().order_by("path")

    @property
    def is_public_taster(self) -> bool:
        return self.audience == Audience.PUBLIC

    def route(self, request, path_components):
        if len(path_components) == 1:
            lesson = _one(
                LessonPage.objects.filter(
                    path__startswith=self.path, depth=self.depth + 1, slug=path_components[0]
                )
            )
            if lesson is None:
                raise Http404
            lesson._cached_parent_obj = self
            return lesson.route(request, [])
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        from courses.access import RedirectToLogin, require_visible_course

        try:
            require_visible_course(request, self, served_by_wagtail=True)
        except RedirectToLogin as redirect:
            return redirect.response
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.progress import course_outline

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = course_outline(request, self)
        return context


class CourseCompetence(Orderable):
    """A competence the course develops, by framework code and competence id.

    Kept as codes (e.g. digcomp / 4.2) so the badge engine's framework models can
    resolve them without a migration of course content.
    """

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="competences")
    framework = models.CharField(max_length=40, default="digcomp")
    competence_id = models.CharField(max_length=20, help_text="e.g. 4.2")
    area = models.CharField(max_length=4, choices=DIGCOMP_AREAS, blank=True)
    target_level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Proficiency level reached, 1-8."
    )

    panels = [
        FieldPanel("framework"),
        FieldPanel("competence_id"),
        FieldPanel("area"),
        FieldPanel("target_level"),
    ]

    def clean(self) -> None:
        if self.target_level is not None and not 1 <= self.target_level <= 8:
            raise ValidationError({"target_level": "DigComp levels run from 1 to 8."})
        if self.framework == "digcomp" and self.competence_id and not self.area:
            self.area = self.competence_id.split(".", 1)[0]


class LessonPage(RestrictionsInOneQuery, Page):
    body = StreamField(LessonBodyBlock(), blank=True)
    estimated_minutes = models.PositiveIntegerField(default=10)
    is_required = models.BooleanField(
        default=True, help_text="Optional lessons do not count towards completing the course."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("estimated_minutes"), FieldPanel("is_required")]),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    template = "courses/lesson_page.html"

    def activities(self):
        """(activity key, block) for each scored or tracked activity, in page order."""
        return [
            (block.id, block) for block in self.body if block.block_type in ACTIVITY_BLOCK_TYPES
        ]

    @property
    def course(self) -> CoursePage:
        if not hasattr(self, "_course"):
            # Routing leaves the course it came through here; otherwise find it by path.
            parent = getattr(self, "_cached_parent_obj", None)
            self._course = (
                parent
                if isinstance(parent, CoursePage)
                else CoursePage.objects.get(path=self.path[: -self.steplen])
            )
        return self._course

    def serve(self, request, *args, **kwargs):
        from courses.access import RedirectToLogin, require_visible_course
        from courses.progress import start_lesson

        try:
            require_visible_course(request, self.course, served_by_wagtail=True)
        except RedirectToLogin as redirect:
            return redirect.response
        if getattr(request, "is_preview", False):
            return super().serve(request, *args, **kwargs)
        not_enrolled = start_lesson(request, self)
        if not_enrolled is not None:
            return not_enrolled
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.progress import lesson_state

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_state(request, self))
        return context
