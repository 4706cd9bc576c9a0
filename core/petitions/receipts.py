"""Receipt codes (mã tiếp nhận), registry numbers, and the citizen's receipt.

The receipt is a slip handed to the sender with the code to look the petition up with, not an
outgoing document of the register (those are ``core.documents``'): it carries no number of its own
and is laid out by the shared letter helpers (``core.common.documents``).
"""

from __future__ import annotations

import secrets

from core.common.documents import issuing_unit, letter_bytes, letter_header, letter_new, letter_title
from core.documents.qr import docx_qr_add

from .models import Petition, RegistryCounter

# No 0/O, 1/I/L: the code is read aloud over the phone and typed from paper receipts.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def receipt_code_new() -> str:
    """An unguessable code (12 symbols from 31, ~59 bits), grouped for reading: ABCD-EFGH-JKMN."""
    while True:
        raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
        code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if not Petition.objects.filter(receipt_code=code).exists():
            return code


def registry_number_next(year: int) -> str:
    """The next number of the unit's registry book for ``year`` (call inside a transaction)."""
    counter, _created = RegistryCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{counter.last_number:05d}/{year}"


def receipt_docx(petition: Petition) -> bytes:
    """The citizen's receipt: registry number, date and the code to look the petition up with."""
    unit = issuing_unit()
    doc = letter_new()
    letter_header(doc, unit, "Giấy biên nhận", petition.registry_number, petition.received_date)
    letter_title(doc, "GIẤY BIÊN NHẬN ĐƠN")
    doc.add_paragraph(
        f"{unit.name} đã nhận đơn ngày {petition.received_date.strftime('%d/%m/%Y')}, "
        f"số vào sổ {petition.registry_number}."
    )
    code = doc.add_paragraph()
    code.add_run("Mã tra cứu: ").bold = True
    code.add_run(petition.receipt_code).bold = True
    doc.add_paragraph(
        "Dùng mã tra cứu trên trang của đơn vị để xem tình trạng giải quyết đơn. Không cung cấp mã này cho người khác."
    )
    docx_qr_add(doc, unit_code=unit.code, receipt_code=petition.receipt_code)
    return letter_bytes(doc)
