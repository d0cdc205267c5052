"""The one QR maker: a QR code of a dashboard URL as PNG bytes or a data URI (segno, no network).

The handout's title page and the deck's closing slide both point at the live view this way, so
both print the very same code for the same URL.
"""

from __future__ import annotations

import io

import segno

ERROR_LEVEL = "m"  # ~15% of the code may be damaged (a folded or smudged handout still scans)
BORDER = 4  # the quiet zone the QR standard asks for, in modules
DARK, LIGHT = "#000000", "#FFFFFF"


def _code(url: str) -> segno.QRCode:
    """The QR code of `url`; segno.DataOverflowError when no QR code can hold it."""
    return segno.make(url, error=ERROR_LEVEL)


def qr_png(url: str, scale: int = 10) -> bytes:
    """A QR code of `url` as PNG bytes, `scale` pixels per module."""
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="png", scale=scale, border=BORDER, dark=DARK, light=LIGHT)
    return buffer.getvalue()


def qr_data_uri(url: str, scale: int = 10) -> str:
    """A QR code of `url` as a PNG data URI (for HTML), `scale` pixels per module."""
    return _code(url).png_data_uri(scale=scale, border=BORDER, dark=DARK, light=LIGHT)


__all__ = ["qr_data_uri", "qr_png"]
