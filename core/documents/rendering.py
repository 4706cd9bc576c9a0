"""Filling a form's DOCX template (docxtpl, Jinja) with a document's context.

Templates come from the repository and from platform administrators' uploads, so Jinja runs
sandboxed (no attribute of Python's internals is reachable) and strict (a name the context lacks
is an error, not an empty string: a template that names a key no form provides is refused when it
is uploaded, not discovered in a citizen's letter). Text is escaped for XML.

A context is plain data — strings, numbers, booleans, None, ISO dates, lists and dicts — so that
it can be stored with the document and rendered again when it is re-issued. ``context_clean``
makes it so (dates become ISO strings; text becomes NFC without the characters XML cannot carry)
and refuses anything else, such as a model instance.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml.etree import LxmlError

from core.common.text import nfc

from .qr import PRINT_MM, qr_png

#: A template larger than this is not a letter.
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024


class RenderError(Exception):
    """The template could not be filled; ``detail`` says where (Jinja's message, untranslated)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def context_clean(value, path: str = "context"):
    """``value`` as plain, storable data (see the module's docstring)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): context_clean(item, f"{path}.{key}") for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [context_clean(item, f"{path}[{index}]") for index, item in enumerate(value)]
    raise TypeError(f"{path}: a document's context holds plain data, not {type(value).__name__}")


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)
    return None


def date_vn(value) -> str:
    """02/12/2026"""
    day = _as_date(value)
    return f"{day:%d/%m/%Y}" if day else ""


def date_long(value) -> str:
    """ngày 02 tháng 12 năm 2026 (NĐ 30/2020: day and month below 10 with a leading zero)."""
    day = _as_date(value)
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}" if day else ""


def paragraphs(value) -> list[str]:
    """A text typed with line breaks, as one paragraph per non-empty line."""
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def money(value) -> str:
    """1.234.567 (Vietnamese thousands separator)."""
    if value in (None, ""):
        return ""
    return f"{Decimal(str(value)):,.0f}".replace(",", ".")


def _environment(*, autoescape: bool = True) -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=autoescape, keep_trailing_newline=True)
    env.filters.update(date_vn=date_vn, date_long=date_long, paragraphs=paragraphs, money=money)
    return env


def _with_qr_image(document: DocxTemplate, context: dict) -> dict:
    """``context`` with the picture of its ``qr`` (``core.documents.qr.qr_context``) as
    ``qr.image``; the stored context keeps the URL only."""
    qr = context.get("qr")
    if not isinstance(qr, dict) or not qr.get("url"):
        return context
    image = InlineImage(document, io.BytesIO(qr_png(qr["url"])), width=Mm(PRINT_MM))
    return {**context, "qr": {**qr, "image": image}}


def render_docx(template: bytes, context: dict) -> bytes:
    """The document: ``template`` filled with ``context`` (already clean)."""
    try:
        document = DocxTemplate(io.BytesIO(template))
        document.render(_with_qr_image(document, context), jinja_env=_environment(), autoescape=True)
        properties = document.docx.core_properties
        properties.created = properties.modified = timezone.now()
        buffer = io.BytesIO()
        document.save(buffer)
    except TemplateError as exc:
        raise RenderError(f"{type(exc).__name__}: {exc}") from exc
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, LxmlError, ValueError) as exc:
        raise RenderError(f"{type(exc).__name__}: {exc}") from exc
    return buffer.getvalue()


def render_text(source: str, context: dict) -> str:
    """A line of a form's row (its summary line) filled like the template's text; plain text,
    escaped later where it is placed into the document."""
    try:
        return _environment(autoescape=False).from_string(source).render(context)
    except TemplateError as exc:
        raise RenderError(f"{type(exc).__name__}: {exc}") from exc


def docx_text(data: bytes) -> str:
    """Every paragraph's text, the tables' included, one per line."""
    document = Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(lines)
