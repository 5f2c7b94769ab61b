"""Verification codes: short enough to read over the phone, too many to guess.

Twelve characters of Crockford's base32 (no I, L, O or U, so nothing is mistaken for
a digit or spells a word) give 60 random bits. They are shown in three groups of four;
people may type them in any case, with or without the dashes or spaces, and with O or I
or L where a 0 or 1 was meant.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
GROUP = 4
_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-\N{EN DASH}_.]+")
PATTERN = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise(typed: str) -> str | None:
    """The stored form of what someone typed, or None if it cannot be a code at all."""
    raw = _SEPARATORS.sub("", (typed or "").upper()).translate(_MISREAD)
    return format_code(raw) if PATTERN.match(raw) else None
