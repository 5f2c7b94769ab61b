"""Alternative text for images on careers pages, checked whenever a page is saved.

Wagtail's image block asks for alt text when an editor publishes or submits a page, but
not when a draft is saved, and a draft published later in bulk or on a schedule is not
checked again. Page.save() runs the model's clean() on every one of those paths, so the
check lives there and no careers page can go live with an image nobody described.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock

MISSING = (
    "Add alt text to every image, describing it for people who cannot see it, or mark the "
    "image as decorative."
)


def _lacks_alt(image) -> bool:
    if image is None or getattr(image, "decorative", False):
        return False
    return not (getattr(image, "contextual_alt_text", "") or "").strip()


def check_images_have_alt(page) -> None:
    """Raise a ValidationError naming each StreamField holding an undescribed image."""
    errors = {}
    for field in page._meta.get_fields():
        if not isinstance(field, StreamField):
            continue
        for child in getattr(page, field.name) or []:
            if isinstance(child.block, ImageBlock) and _lacks_alt(child.value):
                errors[field.name] = MISSING
                break
    if errors:
        raise ValidationError(errors)
