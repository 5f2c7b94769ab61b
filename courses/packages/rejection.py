"""The one exception a package check raises, and the helpers that phrase its messages."""

from __future__ import annotations

import unicodedata

MB = 1024 * 1024
# Bidirectional overrides make "evil\u202egpj.js" display as "evilsj.jpg" in an admin list.
_BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SHOWN_MAX_CHARACTERS = 200


class PackageRejected(Exception):
    """A package refused for a reason an admin can act on.

    `code` is a stable slug for programs and tests ("zip_slip"); `message` is a sentence
    for the admin, naming the offending file where there is one.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


def is_hidden_character(character: str) -> bool:
    """Control characters and bidi overrides: never legitimate in a path, and misleading."""
    return unicodedata.category(character) == "Cc" or character in _BIDI_CONTROLS


def shown(name: str) -> str:
    """A name made safe to put in a message: hidden characters escaped, length bounded."""
    visible = "".join(
        f"\\x{ord(character):02x}" if is_hidden_character(character) else character
        for character in name
    )
    if len(visible) <= _SHOWN_MAX_CHARACTERS:
        return visible
    return visible[:_SHOWN_MAX_CHARACTERS] + "…"


def human_bytes(count: int) -> str:
    for unit, size in (("GB", 1024 * MB), ("MB", MB), ("KB", 1024)):
        if count >= size:
            return f"{count / size:,.1f} {unit}".replace(".0 ", " ")
    return f"{count:,} bytes"


def reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
