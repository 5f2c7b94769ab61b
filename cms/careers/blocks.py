"""StreamField blocks for the careers pages: timelines, application steps, key facts,
quotes, role cards and badge lists, alongside the general site's text, callout and image."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.blocks import BODY_FEATURES, CalloutBlock, ImageWithAltBlock

PREVIEW_TEMPLATE = "cms/careers/blocks/preview.html"


class CareersStructBlock(blocks.StructBlock):
    """Previews in the block picker use the site's own styles."""

    class Meta:
        preview_template = PREVIEW_TEMPLATE


class KeyFactBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60)
    value = blocks.CharBlock(max_length=200)


class KeyFactsBlock(CareersStructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    facts = blocks.ListBlock(KeyFactBlock(), min_num=1, max_num=12)

    class Meta:
        icon = "list-ul"
        template = "cms/careers/blocks/key_facts.html"
        preview_value = {
            "heading": "At a glance",
            "facts": [
                {"label": "Length", "value": "Two years"},
                {"label": "Who can apply", "value": "Graduates with a 2:2 in any subject"},
            ],
        }
        description = "Short label and value pairs, such as length, pay and who can apply"


class TimelineStepBlock(CareersStructBlock):
    when = blocks.CharBlock(max_length=60, help_text="e.g. September to November")
    what = blocks.CharBlock(max_length=120)
    detail = blocks.TextBlock(required=False, max_length=500)

    class Meta:
        icon = "date"
        template = "cms/careers/blocks/timeline_step.html"
        preview_value = {
            "when": "October",
            "what": "Applications open",
            "detail": "Apply online; it takes about an hour.",
        }
        description = "One step of the year, with when it happens"


class TimelineBlock(CareersStructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    steps = blocks.ListBlock(TimelineStepBlock(), min_num=1, max_num=12)

    class Meta:
        icon = "date"
        template = "cms/careers/blocks/timeline.html"
        preview_value = {
            "heading": "The year at a glance",
            "steps": [
                {"when": "Autumn", "what": "Applications open", "detail": ""},
                {"when": "Following autumn", "what": "You start", "detail": ""},
            ],
        }
        description = "What happens when, in order"


class ApplicationStepBlock(CareersStructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(max_length=600)

    class Meta:
        icon = "list-ol"
        template = "cms/careers/blocks/application_step.html"
        preview_value = {
            "title": "Online application",
            "text": "Tell us about yourself and why local government interests you.",
        }
        description = "One numbered step of applying"


class ApplicationStepsBlock(CareersStructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    steps = blocks.ListBlock(ApplicationStepBlock(), min_num=1, max_num=12)

    class Meta:
        icon = "list-ol"
        template = "cms/careers/blocks/application_steps.html"
        preview_value = {
            "heading": "How to apply",
            "steps": [
                {"title": "Online application", "text": "About an hour, saved as you go."},
                {"title": "Assessment centre", "text": "A day of group and individual tasks."},
            ],
        }
        description = "Numbered steps, such as how to apply"


class QuoteBlock(CareersStructBlock):
    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "cms/careers/blocks/quote.html"
        preview_value = {
            "quote": "I never expected to be designing a service used by half the town.",
            "attribution": "Amara, graduate trainee",
        }
        description = "Someone's words, set apart, with who said them"


class RoleCardsBlock(CareersStructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    roles = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="cms.RoleProfilePage"), min_num=1, max_num=12
    )

    class Meta:
        icon = "user"
        template = "cms/careers/blocks/role_cards.html"
        description = "Cards for chosen role profiles, with pay, a summary and key skills"

    def get_context(self, value, parent_context=None):
        from cms.careers.selectors import role_cards

        context = super().get_context(value, parent_context=parent_context)
        # Only roles anyone may read (a draft or restricted role is left out), with their
        # skills loaded for all the cards at once.
        context["roles"] = role_cards(roles=value["roles"])
        return context

    def get_preview_value(self):
        # Pages cannot be written into the code, so the preview shows the first live ones.
        from cms.careers.models import RoleProfilePage

        roles = list(RoleProfilePage.objects.live().order_by("path")[:3])
        return self.normalize({"heading": "Roles you could do", "roles": roles})


class BadgeListBlock(CareersStructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    badges = blocks.ListBlock(SnippetChooserBlock("badges.BadgeClass"), min_num=1, max_num=12)

    class Meta:
        icon = "tag"
        template = "cms/careers/blocks/badge_list.html"
        description = "Badges anyone can earn, with the free courses that earn each"

    def clean(self, value):
        value = super().clean(value)
        # Careers pages are public: a council's own badge is for its staff alone.
        staff_only = [badge.name for badge in value["badges"] if badge.organisation_id]
        if staff_only:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "badges": ValidationError(
                        "Choose badges anyone can earn; only its council's staff can earn "
                        + ", ".join(f"“{name}”" for name in staff_only)
                        + "."
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        from cms.careers.selectors import BadgeOffer, tasters_by_badge

        context = super().get_context(value, parent_context=parent_context)
        earning = tasters_by_badge()
        context["offers"] = [
            BadgeOffer(badge=badge, tasters=earning.get(badge.pk, []))
            for badge in value["badges"]
            if badge is not None and badge.is_active and badge.organisation_id is None
        ]
        return context

    def get_preview_value(self):
        from badges.models import BadgeClass

        badges = list(BadgeClass.objects.filter(organisation__isnull=True, is_active=True)[:2])
        return self.normalize({"heading": "Badges you can earn before you apply", "badges": badges})


class CareersCalloutBlock(CalloutBlock):
    """The general site's callout, previewed in the block picker like the other careers
    blocks (the general site sets no preview template of its own)."""

    class Meta:
        preview_template = PREVIEW_TEMPLATE


class CareersImageBlock(ImageWithAltBlock):
    """An image with required alt text (or marked decorative), with a preview."""

    class Meta:
        preview_template = "cms/careers/blocks/image_preview.html"

    def get_preview_value(self):
        # Images are uploaded, not written into the code: the preview shows the newest
        # one in the library, or the block's placeholder when the library is empty.
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("-created_at", "-pk").first()
        if image is None:
            return None
        return self.to_python(
            {"image": image.pk, "decorative": False, "alt_text": image.default_alt_text}
        )


class CareersBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=BODY_FEATURES,
        icon="pilcrow",
        template="cms/blocks/text.html",
        preview_value="<p>Councils need people who can make services simple to use.</p>",
        preview_template=PREVIEW_TEMPLATE,
        description="Paragraphs, headings and lists",
    )
    facts = KeyFactsBlock()
    timeline = TimelineBlock()
    steps = ApplicationStepsBlock()
    quote = QuoteBlock()
    callout = CareersCalloutBlock()
    image = CareersImageBlock()
    role_cards = RoleCardsBlock()
    badges = BadgeListBlock()


class ProgressionStepBlock(CareersStructBlock):
    title = blocks.CharBlock(max_length=120, help_text="e.g. Senior data analyst")
    text = blocks.TextBlock(required=False, max_length=400)

    class Meta:
        icon = "arrow-up"
        template = "cms/careers/blocks/progression_step.html"
        preview_value = {
            "title": "Senior data analyst",
            "text": "Leads analysis for a directorate and coaches newer analysts.",
        }
        description = "A next step in the career"
