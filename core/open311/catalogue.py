"""The Open311 service list: data in ``core/open311/services.json``, versioned by effective date.

Each row maps a GeoReport ``service_code`` to a petition type and field. Only recommendations and
feedback are offered (the file's ``about`` says why complaints and denunciations are not); a unit
offers a service while its field is active in the platform's list (``core.catalogue``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from core.catalogue.models import PetitionField
from core.petitions.choices import PetitionType

SERVICES_FILE = Path(__file__).resolve().parent / "services.json"
#: What Open311 may carry. A complaint or a denunciation has legal formalities no third-party
#: application can meet (services.json, "about").
OFFERED_TYPES = frozenset({PetitionType.RECOMMENDATION, PetitionType.FEEDBACK})
SERVICE_TYPES = frozenset({"realtime", "batch", "blackbox"})


@dataclass(frozen=True)
class Service:
    service_code: str
    petition_type: str
    field_code: str
    service_name: str
    description: str
    group: str
    keywords: tuple[str, ...]
    service_notice: str
    type: str
    metadata: bool
    effective_from: date
    effective_to: date | None
    confidence: str

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


def _row(raw: dict) -> Service:
    service = Service(
        service_code=raw["service_code"],
        petition_type=raw["petition_type"],
        field_code=raw["field_code"],
        service_name=raw["service_name"],
        description=raw["description"],
        group=raw["group"],
        keywords=tuple(raw["keywords"]),
        service_notice=raw["service_notice"],
        type=raw["type"],
        metadata=bool(raw["metadata"]),
        effective_from=date.fromisoformat(raw["effective_from"]),
        effective_to=date.fromisoformat(raw["effective_to"]) if raw["effective_to"] else None,
        confidence=raw["confidence"],
    )
    if service.petition_type not in OFFERED_TYPES:
        raise ImproperlyConfigured(f"Open311 service {service.service_code}: type {service.petition_type} not offered")
    if service.type not in SERVICE_TYPES:
        raise ImproperlyConfigured(f"Open311 service {service.service_code}: unknown type {service.type}")
    if service.metadata:
        # No attribute (service definition) is implemented: a row asking for one is a data error.
        raise ImproperlyConfigured(f"Open311 service {service.service_code}: metadata is not supported")
    return service


@cache
def service_rows(path: Path = SERVICES_FILE) -> tuple[Service, ...]:
    rows = tuple(_row(raw) for raw in json.loads(path.read_text(encoding="utf-8"))["rows"])
    for on in {row.effective_from for row in rows}:
        codes = [row.service_code for row in rows if row.in_force(on)]
        if len(codes) != len(set(codes)):
            raise ImproperlyConfigured(f"Open311 services: two versions of one service_code in force on {on}")
    return rows


def services_offered(on: date) -> list[Service]:
    """The services in force on ``on`` whose field is active, in the file's order."""
    active = set(PetitionField.objects.filter(is_active=True).values_list("code", flat=True))
    return [row for row in service_rows() if row.in_force(on) and row.field_code in active]


def service_offered(service_code: str, on: date) -> Service | None:
    return next((row for row in services_offered(on) if row.service_code == service_code), None)


def service_known(service_code: str) -> bool:
    """Whether any version of the list ever had ``service_code`` (old requests keep theirs)."""
    return any(row.service_code == service_code for row in service_rows())
