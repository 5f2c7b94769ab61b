"""Baked badge images: the badge's PNG carrying its credential (OB 3.0 baking).

The JWT goes into an iTXt chunk with the keyword `openbadgecredential`, written by
openbadgeslib. Text chunks already in the uploaded image are dropped first, so an
image that arrives carrying someone else's credential cannot pass it on. A badge with
an SVG image or none gets a plain roundel drawn in the issuer's colour.
"""

from __future__ import annotations

import io
from functools import lru_cache

import png
from openbadgeslib import baking

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TEXT_CHUNKS = frozenset({b"iTXt", b"tEXt", b"zTXt"})
DEFAULT_COLOUR = "#1d4f91"
ROUNDEL_SIZE = 256
# Badge images are checked on upload; this only stops a huge file being read whole.
MAX_IMAGE_BYTES = 10 * 1024 * 1024


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    if len(colour) != 6:
        colour = DEFAULT_COLOUR.lstrip("#")
    try:
        return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return _rgb(DEFAULT_COLOUR)


@lru_cache(maxsize=32)
def roundel_png(colour: str = DEFAULT_COLOUR) -> bytes:
    """A filled disc with a white ring, on transparency."""
    red, green, blue = _rgb(colour)
    size = ROUNDEL_SIZE
    centre = (size - 1) / 2
    outer, ring_out, ring_in = (size / 2 - 2) ** 2, (size / 2 - 18) ** 2, (size / 2 - 30) ** 2
    rows = []
    for y in range(size):
        row = bytearray()
        dy = (y - centre) ** 2
        for x in range(size):
            distance = (x - centre) ** 2 + dy
            if distance > outer:
                row += b"\x00\x00\x00\x00"
            elif ring_in < distance <= ring_out:
                row += b"\xff\xff\xff\xff"
            else:
                row += bytes((red, green, blue, 255))
        rows.append(row)
    out = io.BytesIO()
    png.Writer(size, size, greyscale=False, alpha=True).write(out, rows)
    return out.getvalue()


def _without_text_chunks(data: bytes) -> bytes | None:
    """The PNG's chunks minus any text ones, or None if it is not a readable PNG."""
    try:
        chunks = [
            (kind, body)
            for kind, body in png.Reader(bytes=data).chunks()
            if kind not in TEXT_CHUNKS
        ]
    except (png.Error, ValueError, EOFError):
        return None
    out = io.BytesIO()
    png.write_chunks(out, chunks)
    return out.getvalue()


def badge_png(badge_class, *, colour: str = DEFAULT_COLOUR) -> bytes:
    """The badge's own PNG (cleaned of text chunks), or a roundel for SVG or no image."""
    if badge_class.image:
        try:
            with badge_class.image.open("rb") as handle:
                data = handle.read(MAX_IMAGE_BYTES + 1)
        except OSError:
            data = b""
        if data.startswith(PNG_SIGNATURE) and len(data) <= MAX_IMAGE_BYTES:
            cleaned = _without_text_chunks(data)
            if cleaned is not None:
                return cleaned
    return roundel_png(colour)


def bake(image: bytes, token: str) -> bytes:
    return baking.bake_png(image, token, keyword=baking.ITXT_KEYWORD_OB3)
