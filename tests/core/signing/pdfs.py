"""Reading and altering signed PDFs the way a forger would: pyHanko to read and append."""

from __future__ import annotations

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client


def flip_inside_signed_range(pdf: bytes) -> bytes:
    """One byte of a content stream changed: inside the first signed range, the file still parses."""
    at = pdf.index(b"stream", 200) + 40
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


def append_visible_text(pdf: bytes) -> bytes:
    """An incremental update after the signature that adds text to the first page."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    added = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 100 Td (DA SUA) Tj ET"))
    contents = page["/Contents"]
    existing = list(contents) if isinstance(contents, generic.ArrayObject) else [contents]
    page["/Contents"] = generic.ArrayObject([*existing, added])
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def verify(pdf: bytes, path: str = "/xac-minh-chu-ky/", client: Client | None = None):
    client = client or Client()
    return client.post(path, {"pdf": SimpleUploadedFile("van-ban.pdf", pdf, content_type="application/pdf")})


def unsigned_pdf() -> bytes:
    """A real, unsigned, one-page PDF (pyHanko's writer)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PdfFileWriter

    writer = PdfFileWriter()
    page = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Page"),
            generic.pdf_name("/MediaBox"): generic.ArrayObject([generic.NumberObject(n) for n in (0, 0, 595, 842)]),
        }
    )
    writer.insert_page(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
