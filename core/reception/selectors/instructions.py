"""Reads of the follow-up tasks given in leaders' sessions."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from ..models import Instruction


def instruction_list(
    *,
    state: str = "",
    assignee_id: int | None = None,
    session_id: int | None = None,
    today: date | None = None,
) -> QuerySet[Instruction]:
    """``state``: "open", "overdue" (open and past its due date), "done", or "" for all."""
    today = today or timezone.localdate()
    instructions = Instruction.objects.select_related("session", "session__presiding", "visit", "assignee")
    if state == "open":
        instructions = instructions.filter(done_on__isnull=True)
    elif state == "overdue":
        instructions = instructions.filter(done_on__isnull=True, due_date__lt=today)
    elif state == "done":
        instructions = instructions.filter(done_on__isnull=False)
    if assignee_id:
        instructions = instructions.filter(assignee_id=assignee_id)
    if session_id:
        instructions = instructions.filter(session_id=session_id)
    return (
        instructions.order_by("done_on", "due_date", "id")
        if state != "done"
        else instructions.order_by("-done_on", "-id")
    )


def instructions_overdue(*, today: date | None = None) -> QuerySet[Instruction]:
    return instruction_list(state="overdue", today=today)
