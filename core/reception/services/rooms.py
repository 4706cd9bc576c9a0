"""The unit's reception rooms, written by the unit administrator."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.accounts.access import require_perm
from core.common.errors import ApplicationError
from core.common.text import nfc

from ..models import ReceptionRoom
from ..permissions import MANAGE_STAFF

ROOM_FIELDS = ("name", "address", "capacity", "equipment", "accessible", "online_ready")


def _room_validate(room: ReceptionRoom) -> None:
    if not room.name:
        raise ApplicationError(_("Give the room a name."), extra={"field": "name"})
    if not room.address:
        raise ApplicationError(_("Give the room's address."), extra={"field": "address"})


@transaction.atomic
def room_create(
    *,
    actor,
    name: str,
    address: str,
    capacity: int = 0,
    equipment: str = "",
    accessible: bool = False,
    online_ready: bool = False,
) -> ReceptionRoom:
    require_perm(actor, MANAGE_STAFF)
    data = nfc({"name": name, "address": address, "equipment": equipment})
    room = ReceptionRoom(capacity=capacity, accessible=accessible, online_ready=online_ready, **data)
    _room_validate(room)
    room.full_clean()
    room.save()
    return room


@transaction.atomic
def room_update(*, actor, room: ReceptionRoom, **changes) -> ReceptionRoom:
    require_perm(actor, MANAGE_STAFF)
    unknown = set(changes) - set(ROOM_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown field."), extra={"field": sorted(unknown)[0]})
    room = ReceptionRoom.objects.select_for_update().get(pk=room.pk)
    for name, value in nfc(changes).items():
        setattr(room, name, value)
    _room_validate(room)
    room.full_clean()
    room.save()
    return room


@transaction.atomic
def room_delete(*, actor, room: ReceptionRoom) -> None:
    require_perm(actor, MANAGE_STAFF)
    room.delete()
