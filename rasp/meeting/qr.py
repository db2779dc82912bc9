"""QR codes for questionnaire links (PNG bytes, made locally: nothing is sent anywhere)."""

from __future__ import annotations

import io

import qrcode  # type: ignore[import-untyped, unused-ignore]


def qr_png(text: str, box_size: int = 10) -> bytes:
    """A black-on-white QR code for `text`, with the standard quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(out, format="PNG")
    return out.getvalue()
