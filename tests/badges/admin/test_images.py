"""Badge images: only real PNG or SVG content gets through, and never as it was sent."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from badges.admin.images import MAX_SIDE, MAX_UPLOAD_BYTES, clean_badge_image


def png_bytes(size=(256, 256), mode="RGBA", **save_options) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 60, 255) if mode == "RGBA" else 128).save(
        out, format="PNG", **save_options
    )
    return out.getvalue()


def upload(data: bytes, name: str = "badge.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def refused(data: bytes, name: str = "badge.png") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        clean_badge_image(upload(data, name))
    return caught.value


SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def svg(body: str, attrs: str = 'viewBox="0 0 10 10"') -> bytes:
    return f"{SVG_HEAD} {attrs}>{body}</svg>".encode()


# --- PNG -------------------------------------------------------------------------------------


def test_a_real_png_is_re_encoded_without_its_text_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    info.add_itxt("openbadgecredential", "forged-credential")

    cleaned = clean_badge_image(upload(png_bytes(pnginfo=info)))

    assert cleaned.extension == "png"
    assert cleaned.content.startswith(b"\x89PNG")
    assert b"alert" not in cleaned.content
    assert b"forged-credential" not in cleaned.content
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.size == (256, 256)
        assert image.text == {}


def test_a_png_with_html_appended_after_its_end_loses_the_html():
    polyglot = png_bytes() + b"<html><script>alert(document.cookie)</script></html>"

    cleaned = clean_badge_image(upload(polyglot))

    assert b"<script" not in cleaned.content
    assert cleaned.content.endswith(chunk(b"IEND", b""))


def test_an_html_file_named_png_is_refused():
    error = refused(b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")

    assert error.code == "not_an_image"
    assert "not a PNG or SVG" in error.messages[0]


def test_a_gif_is_refused_even_though_pillow_could_read_it():
    out = io.BytesIO()
    Image.new("RGB", (256, 256)).save(out, format="GIF")

    assert refused(out.getvalue()).code == "not_an_image"


def test_a_png_signature_followed_by_junk_is_refused():
    error = refused(b"\x89PNG\r\n\x1a\n" + b"<html>not really</html>" * 10)

    assert error.code == "bad_png"


def test_a_png_with_a_corrupted_chunk_is_refused():
    data = bytearray(png_bytes())
    data[40] ^= 0xFF  # inside the image data: the CRC no longer matches

    assert refused(bytes(data)).code == "bad_png"


def test_a_decompression_bomb_is_refused_from_its_header_alone():
    # A header claiming 100,000 by 100,000 pixels, with almost no data behind it.
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 6, 0, 0, 0)
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )

    error = refused(bomb)

    assert error.code == "too_large"
    assert "100000 by 100000" in error.messages[0]


def test_an_oversized_but_honest_png_is_refused():
    assert refused(png_bytes(size=(MAX_SIDE + 1, MAX_SIDE + 1), mode="L")).code == "too_large"


def test_a_tiny_or_oblong_png_is_refused():
    assert refused(png_bytes(size=(64, 64))).code == "too_small"
    assert refused(png_bytes(size=(400, 300))).code == "not_square"


def test_a_file_over_the_size_cap_is_refused_before_it_is_parsed():
    error = refused(b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_UPLOAD_BYTES)

    assert error.code == "too_big"


def test_an_empty_file_is_refused():
    assert refused(b"").code == "empty"


def test_a_palette_png_becomes_rgba():
    cleaned = clean_badge_image(upload(png_bytes(mode="P")))

    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.mode == "RGBA"


# --- SVG -------------------------------------------------------------------------------------


def test_a_plain_svg_survives_with_its_drawing():
    data = svg(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
        '</defs><circle cx="5" cy="5" r="4" fill="url(#g)"/><use xlink:href="#g"/>'
        "<title>Cyber aware</title>"
    )

    cleaned = clean_badge_image(upload(data, "badge.svg"))

    assert cleaned.extension == "svg"
    text = cleaned.content.decode()
    assert 'fill="url(#g)"' in text
    assert 'xlink:href="#g"' in text
    assert "<title>Cyber aware</title>" in text
    assert "ns0:" not in text


def test_script_elements_are_removed():
    cleaned = clean_badge_image(upload(svg("<script>alert(1)</script><rect width='1'/>")))

    assert b"script" not in cleaned.content
    assert b"<rect" in cleaned.content


def test_event_handler_attributes_are_removed():
    data = svg('<rect width="1" onclick="alert(1)" OnMouseOver="x()"/>', 'onload="alert(1)"')

    text = clean_badge_image(upload(data)).content.decode().lower()

    assert "onload" not in text
    assert "onclick" not in text
    assert "onmouseover" not in text
    assert "alert" not in text


def test_external_references_are_removed():
    data = svg(
        '<image xlink:href="http://evil.example/track.png" width="1" height="1"/>'
        '<use href="https://evil.example/sprite.svg#a"/>'
        '<a href="javascript:alert(1)"><rect width="1"/></a>'
        '<rect width="1" fill="url(http://evil.example/x)" style="fill:url(//evil.example/y)"/>'
        '<image href="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0Lz48L3N2Zz4="/>'
    )

    text = clean_badge_image(upload(data)).content.decode()

    assert "evil.example" not in text
    assert "javascript" not in text
    assert "data:image/svg" not in text


def test_an_inlined_raster_image_is_kept():
    data = svg('<image width="1" height="1" href="data:image/png;base64,iVBORw0KGgo="/>')

    assert b"data:image/png;base64" in clean_badge_image(upload(data)).content


def test_foreign_object_and_animation_are_removed():
    data = svg(
        '<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">'
        "<iframe src='https://evil.example'/></div></foreignObject>"
        '<a><set attributeName="href" to="javascript:alert(1)"/></a>'
        '<rect width="1"><animate attributeName="href" values="javascript:alert(1)"/></rect>'
    )

    text = clean_badge_image(upload(data)).content.decode()

    assert "foreignObject" not in text
    assert "iframe" not in text
    assert "<set" not in text and "animate" not in text
    assert "javascript" not in text


def test_styles_that_fetch_or_import_are_removed_and_harmless_ones_kept():
    data = svg(
        "<style>@import url(https://evil.example/x.css);</style>"
        "<style>rect { fill: url(https://evil.example/p.png) }</style>"
        "<style>rect { background: u\\72 l(https://evil.example/q) }</style>"
        "<style>circle { fill: #c00 }</style>"
    )

    text = clean_badge_image(upload(data)).content.decode()

    assert "evil.example" not in text
    assert "fill: #c00" in text


def test_billion_laughs_is_refused():
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY lol "lol">\n'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&lol3;</text></svg>'
    )

    assert refused(data, "laughs.svg").code == "svg_doctype"


def test_an_external_entity_is_refused():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>'
    )

    assert refused(data, "xxe.svg").code == "svg_doctype"


def test_xml_that_is_not_svg_is_refused():
    data = b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><svg/></html>'

    assert refused(data, "page.svg").code == "svg_root"


def test_svg_without_the_svg_namespace_is_refused():
    assert refused(b"<svg><script>alert(1)</script></svg>", "bare.svg").code == "svg_root"


def test_malformed_svg_is_refused():
    assert refused(svg("<rect>"), "broken.svg").code == "svg_malformed"


def test_an_svg_named_png_is_judged_by_content():
    cleaned = clean_badge_image(upload(svg('<rect width="1"/>'), "innocent.png"))

    assert cleaned.extension == "svg"
    assert cleaned.as_file("cyber-aware").name == "cyber-aware.svg"


def test_an_svg_with_too_many_elements_is_refused():
    data = svg("<g>" + "<rect width='1'/>" * 6000 + "</g>")

    assert refused(data).code == "svg_complex"
