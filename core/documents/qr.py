"""QR codes that take a citizen from a receipt or notice to the unit's status lookup (issue 12, point 3).

The receipt code travels in the URL's *fragment* (``…/u/<unit>/tra-cuu/#ABCD-EFGH-JKMN``): browsers
never send a fragment to the server, so it reaches no access log, no proxy and no Referer header.
The lookup page's static script (``web/static/public/lookup.js``) copies it into the form, which
posts with CSRF as a typed code does.

Images are drawn here (no image service ever sees a code): inline SVG for pages (CSP allows SVG
markup; only inline script and style are refused) and PNG for DOCX documents.
"""

from __future__ import annotations

import functools
import io
from urllib.parse import quote

import qrcode
import qrcode.constants
import qrcode.image.svg
from django.apps import apps
from django.conf import settings
from docx.shared import Mm

#: The lookup's path inside a unit (``web/public/urls.py``: ``tra-cuu/``). ``core`` may not import
#: the pages, so the path is repeated here; tests/core/documents/test_qr.py reverses the URL and
#: fails if the two part.
LOOKUP_PATH = "tra-cuu/"

#: The caption printed beside the code on documents (Vietnamese: it is the documents' language).
CAPTION = "Quét mã QR để tra cứu tình trạng xử lý đơn"
#: The printed code's side: about 45 modules, so a module is over 0.6 mm, which a phone reads from
#: a photocopy.
PRINT_MM = 28
#: The manifest layout's value that puts the lookup's QR code on a form (``"qr": "lookup"``).
LOOKUP = "lookup"

# M (15 % of the symbols recoverable) survives a folded, photocopied or stamped-over slip; the
# URL is short enough that the code stays small.
_ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M


def lookup_url(unit_code: str, receipt_code: str) -> str:
    """The absolute address of ``unit_code``'s status lookup with ``receipt_code`` in the fragment.

    Built from ``TIEPDAN_SITE_URL`` (as password-reset and invitation links are), never from a
    request's Host header, so a document made by the worker carries the same address.
    """
    if not unit_code or not receipt_code:
        raise ValueError("A lookup link needs the unit's code and the receipt code.")
    site = settings.TIEPDAN_SITE_URL.rstrip("/")
    path = f"/{settings.TENANT_PATH_PREFIX}/{quote(unit_code, safe='')}/{LOOKUP_PATH}"
    return f"{site}{path}#{quote(receipt_code, safe='-')}"


def _code(data: str, *, box_size: int = 10) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=_ERROR_CORRECTION, border=4, box_size=box_size)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_svg(data: str) -> str:
    """``data`` as an inline ``<svg>`` element (no XML declaration), black modules on white."""
    code = _code(data, box_size=8)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    markup = image.to_string(encoding="unicode")
    # qrcode writes an XML declaration for standalone files; inside HTML it is noise.
    if markup.startswith("<?xml"):
        markup = markup[markup.index("?>") + 2 :].lstrip()
    return markup


def qr_png(data: str, *, box_size: int = 10) -> bytes:
    """``data`` as a PNG image (1-bit, white quiet zone included), for DOCX documents."""
    code = _code(data, box_size=box_size)
    image = code.make_image()  # Pillow's image: qrcode's default factory
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# --- On documents ------------------------------------------------------------------------------


@functools.cache
def _forms_with_qr() -> frozenset[tuple[str, str]]:
    from .forms.manifests import manifests_read

    return frozenset(
        (item.form_code, item.version) for item in manifests_read() if item.data["layout"].get("qr") == LOOKUP
    )


def form_has_qr(form_code: str, version: str) -> bool:
    """Whether the form's manifest puts the lookup's QR code on it (``"qr": "lookup"`` in its
    layout): only documents addressed to the citizen who holds the receipt code do. A code on a
    letter to another body, or to the person a denunciation accuses, would hand them the citizen's
    key to the case's status."""
    return (form_code, version) in _forms_with_qr()


def subject_receipt_code(subject) -> str:
    """The receipt code of a document's subject: a petition's own, or that of the petition a
    reception visit registered; "" for anything else (a session, a visit without a petition)."""
    if subject is None:
        return ""
    code = getattr(subject, "receipt_code", None)
    if code is None:
        petition = getattr(subject, "petition", None)
        code = getattr(petition, "receipt_code", None)
    return code if isinstance(code, str) else ""


def subject_ref_receipt_code(subject_type: str, subject_id: int | None) -> str:
    """``subject_receipt_code`` of the subject a document stores as ``app_label.model`` and pk."""
    if not subject_type or subject_id is None:
        return ""
    try:
        model = apps.get_model(subject_type)
    except (LookupError, ValueError):
        return ""
    return subject_receipt_code(model._default_manager.filter(pk=subject_id).first())


def qr_context(*, unit_code: str, receipt_code: str) -> dict | None:
    """The layout's ``qr`` key: plain data (the context is stored); the renderer draws the image."""
    if not unit_code or not receipt_code:
        return None
    return {"url": lookup_url(unit_code, receipt_code), "code": receipt_code, "caption": CAPTION}


def docx_qr_add(doc, *, unit_code: str, receipt_code: str) -> None:
    """The QR code and its caption at the end of a letter built with python-docx (the registration
    slip of ``core.petitions.receipts``, which is not laid out from a form)."""
    if not unit_code or not receipt_code:
        return
    picture = doc.add_paragraph()
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(qr_png(lookup_url(unit_code, receipt_code))), width=Mm(PRINT_MM))
    caption = doc.add_paragraph()
    caption.add_run(CAPTION).italic = True
