"""The part of every document's context that the layout fills (``core.documents.layout.LAYOUT_KEYS``):
header, number, place and date, form, addressees, signature, recipients.

The denouncer's identity enters a document only through ``denouncer`` and only for kinds that may
name the denouncer (``DocumentKind.may_name_denouncer``): ``denouncer_refuse`` is the check, and
``layout_context`` puts the identity into the rendered document alone — never into what is stored
or listed (``kinh_gui``, ``recipients``, the stored context).
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from core.common.errors import ApplicationError

from .issuer import Issuer
from .kinds import DocumentKind
from .qr import form_has_qr, qr_context
from .rendering import RenderError, date_long, render_text

#: What a caller may put in ``denouncer``.
DENOUNCER_KEYS = ("salutation", "name", "address")
#: The register's own copy, always the last recipient (NĐ 30/2020: "Lưu: VT").
FILE_COPY = "Lưu: VT"


def denouncer_refuse(kind: DocumentKind, denouncer: dict | None) -> None:
    """Only a document addressed to the denouncer may carry their identity (Denunciations Law
    Art. 47)."""
    if denouncer and not kind.may_name_denouncer:
        raise ApplicationError(
            _("This kind of document may not name the denouncer: their identity is kept secret."),
            extra={"field": "denouncer"},
        )


def _strip_end(text: str) -> str:
    return text.strip().rstrip(";.,").strip()


def listed(items: list[str]) -> list[str]:
    """ "- A;" … "- B." as NĐ 30/2020 lists addressees and recipients."""
    items = [_strip_end(item) for item in items if _strip_end(item)]
    return [f"- {item}{'.' if index == len(items) - 1 else ';'}" for index, item in enumerate(items)]


def recipients_lines(recipients: list[str]) -> list[str]:
    items = [_strip_end(item) for item in recipients if _strip_end(item)]
    if not any(item.startswith("Lưu") for item in items):
        items.append(FILE_COPY)
    return listed(items)


def denouncer_line(denouncer: dict) -> str:
    salutation = (denouncer.get("salutation") or "").strip()
    return " ".join(part for part in (salutation, (denouncer.get("name") or "").strip()) if part)


def layout_context(
    *,
    issuer: Issuer,
    form: dict,
    number: int,
    symbol: str,
    on_date: date,
    kinh_gui: list[str],
    recipients: list[str],
    signature: dict,
    denouncer: dict | None,
    qr: dict | None = None,
) -> dict:
    """The layout's keys (all plain data); ``qr`` from ``core.documents.qr.qr_context``."""
    addressees = list(kinh_gui)
    if denouncer:
        addressees.insert(0, denouncer_line(denouncer))
    # NĐ 30/2020 Appendix I, II.3.a: a number below 10 is written with a leading zero.
    number_display = f"{number:02d}/{symbol}"
    return {
        "unit": {
            "superior": issuer.superior,
            "name_lines": list(issuer.name_lines),
            "place": issuer.place,
            "body_name": issuer.body_name,
        },
        "number": number,
        "symbol": symbol,
        "number_display": number_display,
        "year": on_date.year,
        "date": on_date.isoformat(),
        "date_line": f"{issuer.place}, {date_long(on_date)}" if issuer.place else date_long(on_date).capitalize(),
        "form": form,
        "kinh_gui": addressees,
        "kinh_gui_lines": listed(addressees),
        "recipients_lines": recipients_lines(recipients),
        "signature": {
            "authority": (signature.get("authority") or "").strip().upper(),
            "title": (signature.get("title") or "").strip().upper(),
            "name": (signature.get("name") or "").strip(),
        },
        "denouncer": {key: denouncer.get(key, "") for key in DENOUNCER_KEYS} if denouncer else None,
        "qr": qr,
    }


def form_context(form_version, *, subtitle: str) -> dict:
    return {
        "code": form_version.form_code,
        "version": form_version.version,
        "number": form_version.form_number,
        "title": form_version.title,
        "subtitle": subtitle,
        "legal_basis": form_version.legal_basis,
        "verification": form_version.verification,
    }


SAMPLE_ISSUER = Issuer(
    superior="UBND TỈNH LẠNG SƠN",
    name_lines=("THANH TRA TỈNH",),
    place="Lạng Sơn",
    body_name="Thanh tra tỉnh Lạng Sơn",
    abbreviation="TTr",
)
#: The unit and receipt code of the sample's QR code.
SAMPLE_UNIT_CODE = "06316"
SAMPLE_RECEIPT_CODE = "ABCD-EFGH-JKMN"


def sample_context(form_version, *, kind: DocumentKind) -> dict:
    """A whole context for ``form_version``: the form's sample values under a sample header, to
    check a template renders (an upload, the repository's own in the tests)."""
    sample = dict(form_version.sample_context)
    try:
        subtitle = render_text(form_version.subtitle, sample)
    except RenderError:
        subtitle = form_version.subtitle
    return {
        **sample,
        **layout_context(
            issuer=SAMPLE_ISSUER,
            form=form_context(form_version, subtitle=subtitle),
            number=7,
            symbol=f"{kind.doc_type}-TTr" if kind.doc_type else "TTr",
            on_date=date(2026, 12, 2),
            kinh_gui=["Ông Nguyễn Văn A"] if not kind.may_name_denouncer else [],
            recipients=["Như trên", "Thanh tra tỉnh"],
            signature={"authority": "KT. CHÁNH THANH TRA", "title": "PHÓ CHÁNH THANH TRA", "name": "Trần Văn B"},
            denouncer={"salutation": "Ông", "name": "Nguyễn Văn C", "address": "Lạng Sơn"}
            if kind.may_name_denouncer
            else None,
            qr=qr_context(unit_code=SAMPLE_UNIT_CODE, receipt_code=SAMPLE_RECEIPT_CODE)
            if form_has_qr(form_version.form_code, form_version.version)
            else None,
        ),
    }
