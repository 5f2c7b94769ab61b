"""The QR code printed on a certificate: the public verification URL, nothing else.

One pixel per module (with the standard four-module quiet zone): the PDF scales it up
without smoothing, so the code stays sharp at any size and costs a few hundred bytes.
"""

from __future__ import annotations

import io

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4


# Any of the eight mask patterns gives a valid code; choosing one skips qrcode's search
# for the "best", which costs more than the rest of the QR code and the page layout.
MASK_PATTERN = 0


def _code(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(
        error_correction=ERROR_CORRECT_M,
        box_size=1,
        border=QUIET_ZONE,
        mask_pattern=MASK_PATTERN,
    )
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_png(data: str) -> bytes:
    # The image straight from the matrix: the same PNG as qrcode's make_image(), which
    # draws one rectangle per module, in 60% of the time.
    matrix = qr_matrix(data)
    image = Image.new("1", (len(matrix), len(matrix)))
    image.putdata([0 if dark else 255 for row in matrix for dark in row])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def qr_matrix(data: str) -> list[list[bool]]:
    """The modules, quiet zone included (True = dark): what a scanner reads back."""
    return _code(data).get_matrix()
