import io

import png
import pytest
from django.core.files.base import ContentFile
from openbadgeslib import baking as ob_baking
from openbadgeslib.ob3 import OB3Verifier

from badges.openbadges.baking import ROUNDEL_SIZE, badge_png, bake, roundel_png
from badges.openbadges.verify import Status, verify_credential

pytestmark = pytest.mark.django_db


def png_bytes(width=40, height=30, colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    rows = [bytes(colour) * width for _ in range(height)]
    png.Writer(width, height, greyscale=False).write(out, rows)
    return out.getvalue()


def itxt_keywords(data: bytes) -> list[bytes]:
    return [
        body.split(b"\x00", 1)[0]
        for kind, body in png.Reader(bytes=data).chunks()
        if kind == b"iTXt"
    ]


def test_the_baked_png_carries_the_credential_and_round_trips(issued, badge):
    baked = bake(badge_png(badge), issued.jwt)
    assert itxt_keywords(baked) == [b"openbadgecredential"]
    token = OB3Verifier.extract_token_from_png(baked)
    assert token == issued.jwt
    assert verify_credential(token_or_json=token).status == Status.VALID
    width, height, _, _ = png.Reader(bytes=baked).read()
    assert (width, height) == (ROUNDEL_SIZE, ROUNDEL_SIZE)


def test_a_png_badge_image_is_used_and_stripped_of_any_credential_it_carried(
    issued, badge, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    smuggled = ob_baking.bake_png(
        png_bytes(), "someone.elses.token", keyword=ob_baking.ITXT_KEYWORD_OB3
    )
    badge.image.save("badge.png", ContentFile(smuggled), save=True)
    baked = bake(badge_png(badge), issued.jwt)
    assert itxt_keywords(baked) == [b"openbadgecredential"]
    assert OB3Verifier.extract_token_from_png(baked) == issued.jwt
    width, height, _, _ = png.Reader(bytes=baked).read()
    assert (width, height) == (40, 30)


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
        b"\x89PNG\r\n\x1a\nbroken",
    ],
    ids=["svg", "corrupt png"],
)
def test_an_svg_or_unreadable_image_gets_the_default_roundel(content, badge, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    badge.image.save("badge.svg", ContentFile(content), save=True)
    assert badge_png(badge, colour="#00703c") == roundel_png("#00703c")


def test_the_roundel_is_a_valid_png_in_the_given_colour():
    width, height, rows, _info = png.Reader(bytes=roundel_png("#00703c")).asRGBA8()
    rows = list(rows)
    centre = rows[height // 2][4 * (width // 2) : 4 * (width // 2) + 4]
    corner = rows[0][0:4]
    assert tuple(centre) == (0x00, 0x70, 0x3C, 255)
    assert corner[3] == 0
    assert roundel_png("not a colour") == roundel_png()
