"""Receipt codes (mã tiếp nhận) and registry numbers."""

from __future__ import annotations

import secrets

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
