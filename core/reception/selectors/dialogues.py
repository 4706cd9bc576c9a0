"""Reads of dialogues (đối thoại) on complaints being resolved."""

from __future__ import annotations

from django.db.models import QuerySet

from core.petitions.choices import Status

from ..models import Dialogue

#: Who may organise and record a dialogue.
DIALOGUE_PERMS = ("petitions.process_petition", "reception.manage_sessions")
#: The states of a complaint in which a dialogue is organised (verification, Complaints Law Arts. 30, 39).
DIALOGUE_STATES = frozenset({Status.ACCEPTED, Status.VERIFYING, Status.DIALOGUE})


def dialogue_list(*, held: bool | None = None, petition_id: int | None = None) -> QuerySet[Dialogue]:
    dialogues = Dialogue.objects.select_related("petition")
    if held is not None:
        dialogues = dialogues.filter(held=held)
    if petition_id:
        dialogues = dialogues.filter(petition_id=petition_id)
    return dialogues.order_by("-scheduled_at", "-id")
