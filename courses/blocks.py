"""StreamField blocks for lesson bodies.

Activity blocks (H5P, SCORM, quiz) carry a stable id from StreamField, which the
learning record uses as the activity key, so progress survives edits to the page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

LESSON_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "link", "ol", "ul", "document-link"]


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("tip", "Tip"), ("important", "Important"), ("example", "Example")],
        default="tip",
    )
    heading = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        template = "courses/blocks/callout.html"
        preview_value = {
            "kind": "tip",
            "heading": "Check before you click",
            "text": "<p>Hover over a link to see where it really goes.</p>",
        }
        description = "A highlighted tip, warning or example"


class VideoBlock(blocks.StructBlock):
    """A video with captions or a transcript: one of the two is required (WCAG 1.2)."""

    title = blocks.CharBlock(max_length=160)
    video = DocumentChooserBlock(help_text="An MP4 or WebM file from the documents library.")
    captions = DocumentChooserBlock(required=False, help_text="A WebVTT (.vtt) captions file.")
    transcript = blocks.RichTextBlock(required=False, features=["bold", "italic", "ul", "ol"])

    class Meta:
        icon = "media"
        template = "courses/blocks/video.html"
        description = "A video with captions or a transcript"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        video = value.get("video")
        if video and video.file_extension.lower() not in {"mp4", "webm"}:
            errors["video"] = ValidationError("Choose an MP4 or WebM video file.")
        captions = value.get("captions")
        if captions and captions.file_extension.lower() != "vtt":
            errors["captions"] = ValidationError("Captions must be a WebVTT (.vtt) file.")
        transcript = value.get("transcript")
        if not captions and not (transcript and transcript.source.strip()):
            errors["transcript"] = ValidationError(
                "Add captions or a transcript: people who cannot hear the video need one."
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class DownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    description = blocks.CharBlock(
        required=False, max_length=200, help_text="What it is and why to download it."
    )

    class Meta:
        icon = "download"
        template = "courses/blocks/download.html"
        description = "A file to download, shown with its type and size"


def _require_ready(package, *, kind: str, label: str) -> None:
    """The chooser offers only ready packages; a hand-made form post is checked here too."""
    if package is None:
        return
    if package.kind != kind:
        message = f"Choose {label}."
    elif not package.is_ready:
        message = f"“{package.title}” is not ready to use ({package.get_status_display()})."
    else:
        return
    raise StructBlockValidationError(block_errors={"package": ValidationError(message)})


class H5PActivityBlock(blocks.StructBlock):
    package = SnippetChooserBlock("courses.ContentPackage")
    pass_mark = blocks.IntegerBlock(
        min_value=0,
        max_value=100,
        default=0,
        help_text="Percentage needed to pass. 0 means completing the activity is enough.",
    )

    class Meta:
        # Named here, not in LessonBodyBlock, so the label stays out of migrations.
        label = "H5P activity"
        icon = "code"
        template = "courses/blocks/h5p.html"
        description = "An interactive H5P activity"

    def clean(self, value):
        value = super().clean(value)
        _require_ready(value.get("package"), kind="h5p", label="an H5P package")
        return value


class ScormActivityBlock(blocks.StructBlock):
    package = SnippetChooserBlock("courses.ContentPackage")

    class Meta:
        label = "SCORM package"
        icon = "form"
        template = "courses/blocks/scorm.html"
        description = "A SCORM 1.2 or SCORM 2004 e-learning package"

    def clean(self, value):
        value = super().clean(value)
        _require_ready(value.get("package"), kind="scorm", label="a SCORM package")
        return value


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)
    is_correct = blocks.BooleanBlock(required=False)
    feedback = blocks.CharBlock(
        required=False, max_length=400, help_text="Shown after answering, if chosen."
    )


class QuestionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=400)
    kind = blocks.ChoiceBlock(
        choices=[("single", "One answer"), ("multiple", "Several answers")], default="single"
    )
    answers = blocks.ListBlock(AnswerBlock(), min_num=2, max_num=8)

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for answer in value["answers"] if answer["is_correct"])
        if correct == 0:
            raise StructBlockValidationError(
                block_errors={"answers": ValidationError("Mark at least one answer as correct.")}
            )
        if value["kind"] == "single" and correct > 1:
            raise StructBlockValidationError(
                block_errors={
                    "answers": ValidationError("A one-answer question needs exactly one correct.")
                }
            )
        return value


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=160)
    questions = blocks.ListBlock(QuestionBlock(), min_num=1, max_num=50)
    pass_mark = blocks.IntegerBlock(min_value=0, max_value=100, default=80, help_text="Percent.")
    max_attempts = blocks.IntegerBlock(
        min_value=0, default=3, help_text="0 for unlimited attempts."
    )
    shuffle = blocks.BooleanBlock(
        required=False, default=True, help_text="Show questions and answers in a random order."
    )

    class Meta:
        icon = "list-ul"
        template = "courses/blocks/quiz.html"
        description = "Questions scored on the server, with a pass mark"


ACTIVITY_BLOCK_TYPES = ("h5p", "scorm", "quiz")


class LessonBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=LESSON_TEXT_FEATURES,
        icon="pilcrow",
        template="courses/blocks/text.html",
        preview_value="<p>Strong passwords are long: three random words work well.</p>",
        description="Paragraphs, headings and lists",
    )
    image = ImageBlock(
        template="courses/blocks/image.html",
        icon="image",
        description="An image; alt text is required unless it is decorative",
    )
    video = VideoBlock()
    callout = CalloutBlock()
    download = DownloadBlock()
    h5p = H5PActivityBlock()
    scorm = ScormActivityBlock()
    quiz = QuizBlock()
