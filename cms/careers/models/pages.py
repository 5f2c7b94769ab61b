"""Careers pages: the index, entry routes (pathways), role profiles and trainee stories."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.careers.alt_text import check_images_have_alt
from cms.careers.blocks import (
    ApplicationStepBlock,
    CareersBodyBlock,
    ProgressionStepBlock,
    TimelineStepBlock,
)
from cms.careers.caching import serve_for_anonymous
from courses.models.pages import RestrictionsInOneQuery

SHORT_TEXT = ["bold", "italic", "link", "ul", "ol"]


class CareersPage(RestrictionsInOneQuery, Page):
    """What every careers page shares: a picture for link previews, a description for
    search results and link previews, the anonymous page cache (cms.careers.caching) and
    view restrictions read in one query along the path routing came by."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared on social media. Landscape, 1200 by 630 "
        "pixels works best.",
    )

    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]
    og_type = "website"

    class Meta:
        abstract = True

    @property
    def meta_description(self) -> str:
        return self.search_description or getattr(self, "summary", "") or ""

    def clean(self) -> None:
        super().clean()
        check_images_have_alt(self)

    def serve(self, request, *args, **kwargs):
        return serve_for_anonymous(
            request, lambda: super(CareersPage, self).serve(request, *args, **kwargs)
        )


class CareersIndexPage(CareersPage):
    introduction = models.TextField(max_length=600)
    body = StreamField(CareersBodyBlock(), blank=True)
    council = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The council whose HR team receives interest registered from these pages. "
        "Empty: the council this site belongs to; if the site has none, visitors choose.",
    )
    interest_retention_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="How long to keep interest registered here before deleting it. Empty: the "
        "platform's default (CAREERS_INTEREST_RETENTION_DAYS).",
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    settings_panels = [
        *Page.settings_panels,
        MultiFieldPanel(
            [FieldPanel("council"), FieldPanel("interest_retention_days")],
            heading="Registered interest",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.PathwayPage", "cms.RoleProfilePage", "cms.StoryPage"]
    max_count_per_parent = 1
    template = "cms/careers/careers_index_page.html"

    class Meta:
        verbose_name = "careers index page"

    @property
    def meta_description(self) -> str:
        return self.search_description or self.introduction

    def route(self, request, path_components):
        # One query for the child in its specific type, where Wagtail's routing makes two
        # (the page, then its type): even a cached page is routed to on every request.
        if not path_components:
            return super().route(request, path_components)
        child = (
            Page.objects.filter(
                path__startswith=self.path, depth=self.depth + 1, slug=path_components[0]
            )
            .select_related(*CHILD_TYPES)
            .first()
        )
        if child is None:
            raise Http404
        specific = next(
            (getattr(child, name) for name in CHILD_TYPES if _has_child(child, name)), None
        )
        specific = specific or child.specific
        specific._cached_parent_obj = self
        return specific.route(request, path_components[1:])

    def get_context(self, request, *args, **kwargs):
        from cms.careers import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.index_sections(index=self))
        return context


CHILD_TYPES = ("pathwaypage", "roleprofilepage", "storypage")


def _has_child(page, name: str) -> bool:
    try:
        getattr(page, name)
    except models.ObjectDoesNotExist:
        return False
    return True


class PathwayPage(CareersPage):
    """One way into council digital work: the NGDP, apprenticeships, graduate schemes..."""

    class RouteType(models.TextChoices):
        NATIONAL_GRADUATE = "ngdp", "National Graduate Development Programme"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship"
        GRADUATE_SCHEME = "graduate_scheme", "Council graduate scheme"
        CAREER_CHANGE = "career_change", "Career change"
        OTHER = "other", "Other route"

    route_type = models.CharField(max_length=20, choices=RouteType.choices)
    summary = models.TextField(max_length=400, help_text="One or two sentences for cards.")
    duration = models.CharField(max_length=80, blank=True, help_text="e.g. Two years")
    eligibility = RichTextField(features=SHORT_TEXT, help_text="Who can apply.")
    timeline = StreamField(
        [("step", TimelineStepBlock())],
        blank=True,
        help_text="The yearly cycle, from applications opening to starting.",
    )
    how_to_apply = StreamField([("step", ApplicationStepBlock())], blank=True)
    reasonable_adjustments = RichTextField(
        features=SHORT_TEXT,
        help_text="What adjustments candidates can ask for, and how.",
    )
    body = StreamField(CareersBodyBlock(), blank=True, help_text="Anything else to add.")

    content_panels = [
        *Page.content_panels,
        FieldPanel("route_type"),
        FieldPanel("summary"),
        FieldPanel("duration"),
        FieldPanel("eligibility"),
        FieldPanel("timeline"),
        FieldPanel("how_to_apply"),
        FieldPanel("reasonable_adjustments"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("eligibility"),
    ]
    parent_page_types = ["cms.CareersIndexPage"]
    subpage_types: list[str] = []
    template = "cms/careers/pathway_page.html"

    def get_context(self, request, *args, **kwargs):
        from cms.careers import selectors

        context = super().get_context(request, *args, **kwargs)
        context["stories"] = selectors.stories_for_pathway(pathway=self)
        return context


class RoleProfilePage(CareersPage):
    """A council digital role: what it does, pay, places, skills, evidence and next steps."""

    summary = models.TextField(max_length=400, help_text="One or two sentences for cards.")
    what_you_do = StreamField(CareersBodyBlock(), verbose_name="What the role does in a council")
    salary_min = models.PositiveIntegerField(help_text="Bottom of the usual pay band, £ a year.")
    salary_max = models.PositiveIntegerField(help_text="Top of the usual pay band, £ a year.")
    salary_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="e.g. Outside London; London councils add a weighting.",
    )
    typical_locations = models.TextField(
        max_length=600, help_text="Where people in this role usually work."
    )
    progression = StreamField([("step", ProgressionStepBlock())], blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("what_you_do"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("salary_min"), FieldPanel("salary_max")]),
                FieldPanel("salary_note"),
            ],
            heading="Pay",
        ),
        FieldPanel("typical_locations"),
        InlinePanel(
            "skills",
            heading="Skills needed",
            label="Skill",
            help_text="Competences from a framework and the level the role needs.",
        ),
        InlinePanel("evidence_badges", heading="Badges that show these skills", label="Badge"),
        FieldPanel("progression"),
        InlinePanel("related_roles", heading="Related roles", label="Related role"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("typical_locations"),
    ]
    parent_page_types = ["cms.CareersIndexPage"]
    subpage_types: list[str] = []
    template = "cms/careers/role_profile_page.html"

    class Meta:
        verbose_name = "role profile page"

    @property
    def salary_band(self) -> str:
        return f"£{self.salary_min:,} to £{self.salary_max:,}"

    def clean(self) -> None:
        super().clean()
        if self.salary_min and self.salary_max and self.salary_min > self.salary_max:
            raise ValidationError(
                {"salary_max": "The top of the band must be at least its bottom."}
            )

    def get_context(self, request, *args, **kwargs):
        from cms.careers import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.role_sections(role=self))
        context["is_saved"] = self.pk in selectors.saved_role_ids(user=request.user)
        return context


class RoleSkill(Orderable):
    """A competence the role needs, at a level of the competence's own framework."""

    page = ParentalKey(RoleProfilePage, on_delete=models.CASCADE, related_name="skills")
    item = models.ForeignKey(
        "badges.FrameworkItem",
        on_delete=models.PROTECT,
        related_name="+",
        # Careers pages are public and shared: a council's own framework is its staff's.
        limit_choices_to={
            "kind": "competence",
            "framework__is_active": True,
            "framework__organisation__isnull": True,
        },
        verbose_name="competence",
    )
    level = models.ForeignKey("badges.ProficiencyLevel", on_delete=models.PROTECT, related_name="+")
    in_practice = models.CharField(
        max_length=200, blank=True, help_text="How the role uses it, in a few words."
    )

    panels = [
        FieldRowPanel([FieldPanel("item"), FieldPanel("level")]),
        FieldPanel("in_practice"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "item"], name="careers_role_skill_once")
        ]

    def clean(self) -> None:
        if self.item_id and self.item.framework.organisation_id is not None:
            raise ValidationError(
                {"item": "Choose a competence from a framework shared by every council."}
            )
        if self.item_id and self.level_id and self.level.framework_id != self.item.framework_id:
            raise ValidationError(
                {"level": f"Choose a level of {self.item.framework.title}, the competence's own."}
            )


class RoleBadge(Orderable):
    page = ParentalKey(RoleProfilePage, on_delete=models.CASCADE, related_name="evidence_badges")
    badge = models.ForeignKey("badges.BadgeClass", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("badge")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "badge"], name="careers_role_badge_once")
        ]

    def clean(self) -> None:
        # Careers pages are public: a council's own badge is for its staff, so only
        # badges anyone can earn may be offered as evidence here.
        if self.badge_id and self.badge.organisation_id is not None:
            raise ValidationError(
                {
                    "badge": "Choose a badge anyone can earn; this one is only for its "
                    "council's staff."
                }
            )


class RelatedRole(Orderable):
    page = ParentalKey(RoleProfilePage, on_delete=models.CASCADE, related_name="related_roles")
    role = models.ForeignKey(RoleProfilePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("role")]

    def clean(self) -> None:
        if self.role_id and self.page_id and self.role_id == self.page_id:
            raise ValidationError({"role": "A role cannot be related to itself."})


class StoryPage(CareersPage):
    """A trainee's story, in their words."""

    person_name = models.CharField(max_length=100)
    role_title = models.CharField(max_length=150, help_text="e.g. Graduate trainee, Eastbridge")
    pathway = models.ForeignKey(
        PathwayPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        help_text="The route they came in by.",
    )
    summary = models.TextField(max_length=400, help_text="One or two sentences for cards.")
    portrait = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    portrait_alt = models.CharField(
        max_length=250,
        blank=True,
        verbose_name="portrait alt text",
        help_text="Describe the picture for people who cannot see it. Required with a portrait.",
    )
    body = StreamField(CareersBodyBlock())

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("person_name"), FieldPanel("role_title")]),
        FieldPanel("pathway"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("portrait"), FieldPanel("portrait_alt")], heading="Portrait"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["cms.CareersIndexPage"]
    subpage_types: list[str] = []
    template = "cms/careers/story_page.html"
    og_type = "article"

    class Meta:
        verbose_name = "story page"

    def clean(self) -> None:
        super().clean()
        self.portrait_alt = self.portrait_alt.strip()
        if self.portrait_id and not self.portrait_alt:
            raise ValidationError(
                {"portrait_alt": "Describe the portrait for people who cannot see it."}
            )


__all__ = [
    "CareersIndexPage",
    "PathwayPage",
    "RelatedRole",
    "RoleBadge",
    "RoleProfilePage",
    "RoleSkill",
    "StoryPage",
]
