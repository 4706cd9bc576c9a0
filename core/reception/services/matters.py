"""Marking the matters citizens come about as hot spots."""

from __future__ import annotations

from django.db import transaction

from core.accounts.access import require_perm
from core.common.text import nfc

from ..models import Matter
from ..permissions import MANAGE_SESSIONS
from .index import reception_stat_push


@transaction.atomic
def matter_mark_hot_spot(*, actor, matter: Matter, risk_level: str, note: str = "", is_hot_spot: bool = True) -> Matter:
    require_perm(actor, MANAGE_SESSIONS)
    matter.is_hot_spot = is_hot_spot
    matter.risk_level = risk_level if is_hot_spot else ""
    matter.hot_spot_note = nfc(note)
    matter.full_clean()
    matter.save()
    reception_stat_push()
    return matter
