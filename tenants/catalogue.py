"""The official list of administrative units, as specifications of units to onboard.

Communes, wards and special zones come from ``vietnam-provinces`` (the two-tier list in force
since 1/7/2025); province-level bodies (the People's Committee office, the reception office, the
inspectorate and the departments) from the curated ``data/provincial_bodies.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vietnam_provinces import Province, ProvinceCode, VietNamDivisionType, Ward, WardCode

from .models import UnitKind

_BODIES = Path(__file__).parent / "data" / "provincial_bodies.json"

_WARD_KINDS = {
    VietNamDivisionType.XA: UnitKind.COMMUNE,
    VietNamDivisionType.PHUONG: UnitKind.WARD,
    VietNamDivisionType.DAC_KHU: UnitKind.SPECIAL_ZONE,
}


class UnknownUnitCode(LookupError):
    pass


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    province_code: str
    province_name: str
    parent_code: str | None


def _province(province_code: str) -> Province:
    try:
        return Province.from_code(ProvinceCode(int(province_code)))
    except ValueError as exc:
        raise UnknownUnitCode(province_code) from exc


def _province_label(province: Province) -> str:
    prefix = "thành phố" if province.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG else "tỉnh"
    return f"{prefix} {province.name}"


def _committee_code(province_code: str) -> str:
    return f"{province_code}-UBND"


def province_units(province_code: str) -> list[UnitSpec]:
    """Every unit of a province, parents first (the People's Committee office, then the rest)."""
    province = _province(province_code)
    code = f"{province.code.value:02d}"
    specs = [spec for spec in _provincial_bodies(code) if spec.province_code == code]
    wards = sorted(Ward.iter_by_province(province.code), key=lambda ward: ward.code.value)
    specs += [_ward_spec(ward) for ward in wards]
    return specs


def unit_spec(code: str) -> UnitSpec:
    """The specification of one unit by its official code (5-digit commune code or ``PP-SUFFIX``)."""
    if code.isdigit():
        try:
            return _ward_spec(Ward.from_code(WardCode(int(code))))
        except ValueError as exc:
            raise UnknownUnitCode(code) from exc
    province_code, _, _suffix = code.partition("-")
    for spec in _provincial_bodies(province_code):
        if spec.code == code:
            return spec
    raise UnknownUnitCode(code)


def _ward_spec(ward: Ward) -> UnitSpec:
    province = Province.from_code(ward.province_code)
    province_code = f"{province.code.value:02d}"
    return UnitSpec(
        code=f"{ward.code.value:05d}",
        name=ward.name,
        kind=_WARD_KINDS[ward.division_type],
        province_code=province_code,
        province_name=province.name,
        parent_code=_committee_code(province_code),
    )


@cache
def _bodies() -> list[dict]:
    return json.loads(_BODIES.read_text(encoding="utf-8"))["bodies"]


def _provincial_bodies(province_code: str) -> list[UnitSpec]:
    if not province_code.isdigit():
        return []
    province = _province(province_code)
    code = f"{province.code.value:02d}"
    specs = []
    for body in _bodies():
        if "provinces" in body and code not in body["provinces"]:
            continue
        unit_code = f"{code}-{body['suffix']}"
        specs.append(
            UnitSpec(
                code=unit_code,
                name=body["name"].format(province=_province_label(province)),
                kind=body["kind"],
                province_code=code,
                province_name=province.name,
                parent_code=None if unit_code == _committee_code(code) else _committee_code(code),
            )
        )
    return specs
