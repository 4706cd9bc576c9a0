"""Real units from the official list (``tenants.catalogue``), whole provinces at a time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tenants.catalogue import UnitSpec


def province_codes() -> list[str]:
    """Every province's two-digit code, in the catalogue's order."""
    from vietnam_provinces import Province

    return [f"{province.code.value:02d}" for province in Province.iter_all()]


def units_take(count: int, provinces: Iterable[str]) -> tuple[list[UnitSpec], dict[str, dict[str, int]]]:
    """``count`` units of ``provinces``, in that order, whole provinces but the last one (cut). Also,
    per province used: the units taken and the units it has."""
    from tenants.catalogue import province_units

    specs: list[UnitSpec] = []
    used: dict[str, dict[str, int]] = {}
    for code in provinces:
        if len(specs) >= count:
            break
        units = province_units(code)
        taken = units[: count - len(specs)]
        specs += taken
        used[code] = {"units": len(taken), "units_in_province": len(units)}
    if len(specs) < count:
        raise SystemExit(f"The official list has fewer than {count} units in the provinces asked for.")
    return specs, used
