"""Reading QR codes in tests with a real decoder (zxing-cpp), as a phone's camera app would.

``qr_decode(png)`` for an image (a DOCX's picture, a Chromium screenshot), ``docx_qr_images(docx)``
for the pictures of a DOCX document.
"""

from __future__ import annotations

import io

import zxingcpp
from docx import Document
from PIL import Image


def qr_decode_all(png_bytes: bytes) -> list[str]:
    """The texts of every QR code found in the image (PNG, JPEG…), in the decoder's order."""
    opened = Image.open(io.BytesIO(png_bytes))
    opened.load()
    image = opened if opened.mode in ("L", "RGB") else opened.convert("RGB")
    return [result.text for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode]


def qr_decode(png_bytes: bytes) -> str:
    """The text of the single QR code in the image; AssertionError when there is none or several."""
    texts = qr_decode_all(png_bytes)
    assert len(texts) == 1, f"expected one QR code in the image, found {len(texts)}: {texts!r}"
    return texts[0]


def docx_qr_images(docx_bytes: bytes) -> list[bytes]:
    """The bytes of every picture in the DOCX's main part (the QR code of a receipt or notice)."""
    document = Document(io.BytesIO(docx_bytes))
    return [
        rel.target_part.blob
        for rel in document.part.rels.values()
        if rel.reltype.endswith("/image") and not rel.is_external
    ]
