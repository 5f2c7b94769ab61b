"""Badge images: PNG or SVG only, judged by content, and rewritten before they are stored.

Badge images are served from our own origin and end up inside credentials, so an
upload is never stored as sent: a PNG is decoded and re-encoded (which drops text
chunks, ICC profiles, EXIF and anything hidden after the image data), and an SVG is
parsed, reduced to an allowlist of drawing elements and attributes, and written out
again. Anything that cannot be read that way is refused with a message for the editor.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
from dataclasses import dataclass
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 1024 * 1024
MAX_SVG_BYTES = 256 * 1024
MAX_SVG_ELEMENTS = 5000
MAX_SVG_DEPTH = 40
MIN_SIDE = 200
MAX_SIDE = 2048

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# Drawing elements only. Anything that runs code, fetches or embeds other documents
# (script, foreignObject, iframe, animate/set, which can rewrite an href) is left out.
ALLOWED_ELEMENTS = frozenset(
    [
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "title",
        "desc",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "textPath",
        "linearGradient",
        "radialGradient",
        "stop",
        "pattern",
        "clipPath",
        "mask",
        "marker",
        "filter",
        "feBlend",
        "feColorMatrix",
        "feComponentTransfer",
        "feComposite",
        "feFlood",
        "feGaussianBlur",
        "feMerge",
        "feMergeNode",
        "feMorphology",
        "feOffset",
        "feDropShadow",
        "feFuncR",
        "feFuncG",
        "feFuncB",
        "feFuncA",
        "image",
        "style",
    ]
)
HREF_ATTRIBUTES = frozenset({"href", f"{{{XLINK_NS}}}href"})
# Only raster images may be inlined: an inlined SVG or HTML document could carry script.
SAFE_DATA_URI = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$", re.I)
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
CSS_DANGER = re.compile(r"@import|expression\s*\(|javascript:|-moz-binding|behavior\s*:", re.I)
PNG_MODES = frozenset({"1", "L", "LA", "P", "RGB", "RGBA", "I;16"})


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    extension: str  # "png" or "svg"
    content_type: str

    def as_file(self, stem: str) -> ContentFile:
        return ContentFile(self.content, name=f"{stem or 'badge'}.{self.extension}")


def clean_badge_image(upload) -> CleanImage:
    """Check an uploaded file and return a re-encoded copy, or raise ValidationError."""
    data = _read_capped(upload)
    if data.startswith(PNG_SIGNATURE):
        return CleanImage(clean_png(data), "png", "image/png")
    if _looks_like_svg(data):
        return CleanImage(clean_svg(data), "svg", "image/svg+xml")
    raise ValidationError(
        "This file is not a PNG or SVG image (the file's contents were checked, not its "
        "name). Export the badge as PNG or SVG and upload that.",
        code="not_an_image",
    )


def _read_capped(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(_too_big(size), code="too_big")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_too_big(len(data)), code="too_big")
    if not data:
        raise ValidationError("The file is empty.", code="empty")
    return data


def _too_big(size: int) -> str:
    return (
        f"The image is {size / 1024 / 1024:.1f} MB; badge images can be at most "
        f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB."
    )


# --- PNG ------------------------------------------------------------------------------------


def clean_png(data: bytes) -> bytes:
    """Decode the PNG with Pillow and encode a fresh one from the pixels alone."""
    # Judged from the header before Pillow sees the file: a bomb's size is in its header.
    _check_dimensions(*_header_size(data))
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own pixel limit; ours is far lower.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG"]) as probe:
                probe.verify()
            with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
                image.load()
                pixels = _normalise_mode(image)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise ValidationError(
            "This PNG could not be read: it is damaged or not really a PNG.",
            code="bad_png",
        ) from exc
    out = io.BytesIO()
    # No pnginfo, icc_profile or exif arguments: text chunks and metadata stay behind.
    pixels.save(out, format="PNG")
    return out.getvalue()


def _header_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which a PNG must start with."""
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise ValidationError(
            "This PNG could not be read: it is damaged or not really a PNG.", code="bad_png"
        )
    return struct.unpack(">II", data[16:24])


def _check_dimensions(width: int, height: int) -> None:
    if width > MAX_SIDE or height > MAX_SIDE:
        raise ValidationError(
            f"The image is {width} by {height} pixels; badge images can be at most "
            f"{MAX_SIDE} by {MAX_SIDE}.",
            code="too_large",
        )
    if width < MIN_SIDE or height < MIN_SIDE:
        raise ValidationError(
            f"The image is {width} by {height} pixels; badge images need at least "
            f"{MIN_SIDE} by {MIN_SIDE} so they stay sharp in wallets.",
            code="too_small",
        )
    if width != height:
        raise ValidationError(
            f"The image is {width} by {height} pixels; badge images must be square.",
            code="not_square",
        )


def _normalise_mode(image: Image.Image) -> Image.Image:
    if image.mode in PNG_MODES:
        # A copy detaches the pixels from the file (and from its info dictionary).
        return image.copy() if image.mode != "P" else image.convert("RGBA")
    return image.convert("RGBA")


# --- SVG ------------------------------------------------------------------------------------


def _looks_like_svg(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in (
        data[:65536].lower()
    )


def clean_svg(data: bytes) -> bytes:
    if len(data) > MAX_SVG_BYTES:
        raise ValidationError(
            f"SVG badge images can be at most {MAX_SVG_BYTES // 1024} KB.", code="too_big"
        )
    try:
        root = parse_xml(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ValidationError(
            "This SVG declares a DOCTYPE or entities, which badge images may not use. "
            "Export it again as plain SVG.",
            code="svg_doctype",
        ) from exc
    except ElementTree.ParseError as exc:
        raise ValidationError(
            f"This SVG is not well-formed XML ({exc}).", code="svg_malformed"
        ) from exc
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ValidationError(
            "This file is XML but not an SVG image (its root element is not <svg> in the "
            "SVG namespace).",
            code="svg_root",
        )
    _check_size(root)
    _sanitise(root)
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", XLINK_NS)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _check_size(root: ElementTree.Element) -> None:
    count = 0
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        count += 1
        if count > MAX_SVG_ELEMENTS or depth > MAX_SVG_DEPTH:
            raise ValidationError(
                "This SVG is too complex for a badge image; simplify it or upload a PNG.",
                code="svg_complex",
            )
        stack.extend((child, depth + 1) for child in element)


def _local_name(tag) -> str | None:
    """The element's name if it is in the SVG namespace; None for anything else."""
    if not isinstance(tag, str):  # comments and processing instructions
        return None
    prefix = f"{{{SVG_NS}}}"
    return tag[len(prefix) :] if tag.startswith(prefix) else None


def _sanitise(element: ElementTree.Element) -> None:
    _clean_attributes(element)
    for child in list(element):
        name = _local_name(child.tag)
        if name not in ALLOWED_ELEMENTS:
            element.remove(child)
            continue
        if name == "style":
            if child.text and not _css_is_safe(child.text):
                element.remove(child)
                continue
            # Styles hold text only; markup inside one would be someone's trick.
            for nested in list(child):
                child.remove(nested)
        _sanitise(child)


def _clean_attributes(element: ElementTree.Element) -> None:
    for name in list(element.attrib):
        value = element.attrib[name]
        if not _attribute_is_safe(name, value):
            del element.attrib[name]


def _attribute_is_safe(name: str, value: str) -> bool:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        if name in HREF_ATTRIBUTES:
            return _reference_is_safe(value)
        return namespace == XML_NS and local in ("space", "lang")
    if name.lower().startswith("on"):
        return False
    if name == "href":
        return _reference_is_safe(value)
    return _css_is_safe(value)


def _reference_is_safe(value: str) -> bool:
    value = value.strip()
    return value.startswith("#") or bool(SAFE_DATA_URI.match(value))


def _css_is_safe(text: str) -> bool:
    """CSS (a <style> or any attribute) may only point at things inside this document."""
    # Backslash escapes would let "url(" or "@import" be spelt so no pattern sees them.
    if CSS_DANGER.search(text) or "\\" in text:
        return False
    return all(match.group(2).strip().startswith("#") for match in CSS_URL.finditer(text))
