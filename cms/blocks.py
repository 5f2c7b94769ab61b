"""StreamField blocks for the general site's pages."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    button_text = blocks.CharBlock(required=False, max_length=60)
    button_link = blocks.PageChooserBlock(required=False)
    button_url = blocks.CharBlock(
        required=False, max_length=200, help_text="Used when no page is chosen, e.g. /dashboard/"
    )

    class Meta:
        icon = "pick"
        template = "cms/blocks/hero.html"
        preview_value = {
            "heading": "Build your digital confidence",
            "text": "Short courses for every role in the council, on any device.",
            "button_text": "Start learning",
            "button_url": "/dashboard/",
        }
        description = "A large heading with an introduction and a start button"


class CardBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=100)
    text = blocks.TextBlock(max_length=300)
    link = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(required=False, max_length=200)


class CardGridBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    cards = blocks.ListBlock(CardBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "table"
        template = "cms/blocks/card_grid.html"
        preview_value = {
            "heading": "What you can do here",
            "cards": [
                {"heading": "Learn", "text": "Short courses mapped to DigComp 2.2."},
                {"heading": "Prove it", "text": "Earn badges you can take with you."},
            ],
        }
        description = "Up to six linked cards in a grid"


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        template = "cms/blocks/callout.html"
        preview_value = {"heading": "Good to know", "text": "<p>You can learn on your phone.</p>"}
        description = "Highlighted text set apart from the page"


class ImageWithAltBlock(ImageBlock):
    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"
        description = "An image; alternative text is required unless it is decorative"


BODY_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


class PageBodyBlock(blocks.StreamBlock):
    hero = HeroBlock()
    text = blocks.RichTextBlock(
        features=BODY_FEATURES,
        icon="pilcrow",
        template="cms/blocks/text.html",
        preview_value="<p>Plain words help everyone.</p>",
        description="Paragraphs, headings and lists",
    )
    cards = CardGridBlock()
    callout = CalloutBlock()
    image = ImageWithAltBlock()
