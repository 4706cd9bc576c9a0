"""Vietnamese identity documents: the 12-digit citizen identity number (CCCD / số định danh cá
nhân), the legacy 9-digit identity card (CMND) and passports.

A CCCD number encodes where the birth was registered (digits 1–3, the pre-2025 province codes),
the century and sex (digit 4) and the year of birth (digits 5–6); we check what it encodes.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Province codes used in CCCD numbers (the 63 provinces before the 2025 merger; numbers already
# issued keep them).
CCCD_PROVINCE_CODES = frozenset(
    {
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    }
)
# Digit 4: (century starting year, sex) — even digits male, odd digits female.
CENTURY_SEX = {str(d): (1900 + 100 * (d // 2), "male" if d % 2 == 0 else "female") for d in range(10)}


class IdKind(models.TextChoices):
    CCCD = "cccd", _("Citizen identity card (12 digits)")
    CMND = "cmnd", _("Identity card (9 digits, legacy)")
    PASSPORT = "passport", _("Passport")
    NONE = "none", _("No document")


def cccd_decode(number: str) -> dict:
    """What a valid CCCD number says about its holder; raises ValidationError when invalid."""
    if not re.fullmatch(r"\d{12}", number or ""):
        raise ValidationError(_("A citizen identity number has exactly 12 digits."), code="cccd_format")
    if number[:3] not in CCCD_PROVINCE_CODES:
        raise ValidationError(
            _("“%(code)s” is not a province code of a citizen identity number."),
            code="cccd_province",
            params={"code": number[:3]},
        )
    century, sex = CENTURY_SEX[number[3]]
    birth_year = century + int(number[4:6])
    if birth_year > 2100:  # digits for centuries not yet begun
        raise ValidationError(_("The century digit of this identity number is not in use."), code="cccd_century")
    return {"province_code": number[:3], "sex": sex, "birth_year": birth_year}


def id_number_validate(kind: str, number: str, *, sex: str = "", birth_year: int | None = None) -> str:
    """The normalised number, or ValidationError saying what is wrong."""
    number = re.sub(r"\s+", "", number or "").upper()
    if kind == IdKind.NONE:
        return ""
    if kind == IdKind.CCCD:
        decoded = cccd_decode(number)
        if sex and decoded["sex"] != sex:
            raise ValidationError(_("The identity number does not match the person's sex."), code="cccd_sex")
        if birth_year and decoded["birth_year"] != birth_year:
            raise ValidationError(_("The identity number does not match the year of birth."), code="cccd_year")
        return number
    if kind == IdKind.CMND:
        if not re.fullmatch(r"\d{9}", number):
            raise ValidationError(_("A legacy identity card number has 9 digits."), code="cmnd_format")
        return number
    if kind == IdKind.PASSPORT:
        if not re.fullmatch(r"[A-Z][0-9]{7}|[A-Z0-9]{6,9}", number):
            raise ValidationError(_("A passport number has 6 to 9 letters and digits."), code="passport_format")
        return number
    raise ValidationError(_("Unknown identity document kind."), code="id_kind")
