"""The QR code printed on a certificate: the public verification URL, nothing else.

One pixel per module (with the standard four-module quiet zone): the PDF scales it up
without smoothing, so the code stays sharp at any size and costs a few hundred bytes.
"""

from __future__ import annotations

import io

import qrcode
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
    buffer = io.BytesIO()
    _code(data).make_image().save(buffer)
    return buffer.getvalue()


def qr_matrix(data: str) -> list[list[bool]]:
    """The modules, quiet zone included (True = dark): what a scanner reads back."""
    return _code(data).get_matrix()
