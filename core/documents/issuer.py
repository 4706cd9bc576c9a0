"""Who issues a unit's documents, as NĐ 30/2020 (Appendix I) writes it in the header: the direct
superior body over the issuing body, the place name beside the date, and the issuing body's part
of every number's symbol.

Derived from the unit registry (``tenants.Unit``: kind, name, province), so that every unit issues
correct documents on its first day; the unit administrator can correct each line
(``DocumentSettings``), because the registry's names are official names, not always the ones a
header uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tenants.models import COMMUNE_LEVEL_KINDS, UnitKind

#: The body's part of a symbol when the unit's kind does not give it (a department: its code's suffix).
_ISSUER_ABBREVIATIONS = {
    UnitKind.PROVINCIAL_COMMITTEE: "VPUBND",
    UnitKind.PROVINCIAL_RECEPTION: "BTCD",
    UnitKind.PROVINCIAL_INSPECTORATE: "TTr",
    UnitKind.LEGACY_DISTRICT: "UBND",
}
_LOCAL_PREFIXES = ("Đặc khu", "Phường", "Xã", "Huyện", "Thị xã", "Thành phố", "Quận")


@dataclass(frozen=True)
class Issuer:
    superior: str
    name_lines: tuple[str, ...]
    place: str
    #: The body's name in running text ("Ủy ban nhân dân xã Tân Đoàn").
    body_name: str
    abbreviation: str


def _local_parts(name: str) -> tuple[str, str]:
    """("Xã", "Tân Đoàn") from "Xã Tân Đoàn"."""
    for prefix in _LOCAL_PREFIXES:
        if name.startswith(prefix + " "):
            return prefix, name[len(prefix) + 1 :].strip()
    return "", name


def _province_label(unit) -> str:
    """ "tỉnh Lạng Sơn" or "thành phố Hà Nội", as the unit's own name spells it."""
    province = unit.province_name or ""
    match = re.search(rf"(tỉnh|thành phố)\s+{re.escape(province)}$", unit.name, flags=re.IGNORECASE)
    return match.group(0) if match and province else f"tỉnh {province}".strip()


def issuer_default(unit) -> Issuer:
    """The header lines NĐ 30/2020 gives ``unit``, before the unit administrator's corrections."""
    if unit.kind in COMMUNE_LEVEL_KINDS or unit.kind == UnitKind.LEGACY_DISTRICT:
        # A People's Committee: "ỦY BAN NHÂN DÂN" over "XÃ TÂN ĐOÀN", no superior line.
        prefix, place = _local_parts(unit.name)
        # A ward named by its number keeps its kind in the place name ("Phường 1").
        if place.isdigit():
            place = unit.name
        local = f"{prefix.lower()} {_local_parts(unit.name)[1]}".strip()
        return Issuer(
            superior="",
            name_lines=("ỦY BAN NHÂN DÂN", unit.name.upper()),
            place=place,
            body_name=f"Ủy ban nhân dân {local}",
            abbreviation=_ISSUER_ABBREVIATIONS.get(unit.kind, "UBND"),
        )
    province = _province_label(unit)
    own = unit.name
    if own.lower().endswith(" " + province.lower()):
        own = own[: -len(province) - 1].strip()
    superior = f"UBND {province}".upper()
    if unit.kind == UnitKind.PROVINCIAL_COMMITTEE:
        own = "Văn phòng"
    elif unit.kind == UnitKind.PROVINCIAL_INSPECTORATE:
        own = f"{own} {province.split()[0]}" if province else own  # "THANH TRA TỈNH"
    elif unit.kind == UnitKind.PROVINCIAL_RECEPTION:
        superior = f"VĂN PHÒNG UBND {province}".upper()
    abbreviation = _ISSUER_ABBREVIATIONS.get(unit.kind) or unit.code.partition("-")[2] or "UBND"
    return Issuer(
        superior=superior,
        name_lines=(own.upper(),),
        place=unit.province_name or "",
        body_name=unit.name,
        abbreviation=abbreviation,
    )


def issuer_for(unit, settings=None) -> Issuer:
    """``issuer_default`` with the unit administrator's corrections (``DocumentSettings``)."""
    issuer = issuer_default(unit)
    if settings is None:
        return issuer
    lines = tuple(line.strip() for line in settings.issuing_body.splitlines() if line.strip())
    return Issuer(
        superior=(settings.superior_body.strip() or issuer.superior) if settings.show_superior else "",
        name_lines=lines or issuer.name_lines,
        place=settings.place_name.strip() or issuer.place,
        body_name=settings.body_name.strip() or issuer.body_name,
        abbreviation=issuer.abbreviation,
    )


def symbol_default(*, doc_type: str, abbreviation: str) -> str:
    """ "TB-UBND": the type of document, then the issuing body (NĐ 30/2020 Appendix I, II.3.b)."""
    return f"{doc_type}-{abbreviation}" if doc_type else abbreviation
