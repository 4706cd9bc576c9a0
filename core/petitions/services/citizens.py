"""Citizen records of senders and visitors (never of a denouncer, whose identity is sealed)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.common.errors import ApplicationError

from ..identity_documents import IdKind, id_number_validate
from ..models import Citizen


def citizen_create(data: dict) -> Citizen:
    """A citizen record from validated sender data (identity document checked)."""
    kind = data.get("id_kind") or IdKind.NONE
    try:
        number = id_number_validate(kind, data.get("id_number", ""), birth_year=data.get("birth_year"))
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), extra={"field": "id_number"}) from exc
    if not data.get("full_name"):
        raise ApplicationError(_("Each sender needs a full name."), extra={"field": "full_name"})
    citizen = Citizen(
        full_name=data["full_name"],
        id_kind=kind,
        id_number=number,
        address_unit_code=data.get("address_unit_code", ""),
        address_street=data.get("address_street", ""),
        phone=data.get("phone", ""),
    )
    citizen.full_clean()
    citizen.save()
    return citizen
