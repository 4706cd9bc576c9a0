"""The leader's instructions given at a session (follow-up tasks), tracked until done."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from core.accounts.access import require_perm
from core.common.dates import today as _today
from core.common.errors import ApplicationError, ConflictError, PermissionDeniedError
from core.common.text import nfc

from ..choices import SessionStatus
from ..models import Instruction, ReceptionSession, Visit
from ..permissions import MANAGE_SESSIONS as MANAGE


def _check_assignee(assignee) -> None:
    if assignee is not None and not assignee.is_active:
        raise ApplicationError(_("The responsible officer's account is not active."), extra={"field": "assignee"})


@transaction.atomic
def instruction_add(
    *,
    actor,
    session: ReceptionSession,
    text: str,
    assignee_body: str,
    due_date: date,
    visit: Visit | None = None,
    assignee=None,
) -> Instruction:
    """The leader's instruction on a matter raised at the session: a task for a body (and an
    officer) with a due date, tracked until done."""
    require_perm(actor, MANAGE)
    text, assignee_body = nfc([text, assignee_body])
    session = ReceptionSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.HELD:
        raise ConflictError(_("Record the session as held before giving its instructions."))
    if session.notice_number:
        raise ConflictError(_("The results notice has been issued: its instructions are final."))
    if visit is not None and not Visit.objects.filter(pk=visit.pk, session=session).exists():
        raise ApplicationError(_("That visit was not received in this session."), extra={"field": "visit"})
    if not text:
        raise ApplicationError(_("Write the leader's instruction."), extra={"field": "text"})
    if not assignee_body:
        raise ApplicationError(_("Name the body responsible."), extra={"field": "assignee_body"})
    if due_date < session.date:
        raise ApplicationError(_("The due date cannot be before the session."), extra={"field": "due_date"})
    _check_assignee(assignee)
    instruction = Instruction(
        session=session, visit=visit, text=text, assignee_body=assignee_body, assignee=assignee, due_date=due_date
    )
    instruction.full_clean()
    instruction.save()
    return instruction


@transaction.atomic
def instruction_complete(*, actor, instruction: Instruction, result: str, done_on: date | None = None) -> Instruction:
    """The responsible officer (or a leader) reports the instruction done, with its result."""
    if not (actor.has_perm(MANAGE) or (instruction.assignee_id and instruction.assignee_id == actor.pk)):
        raise PermissionDeniedError(_("Only the responsible officer or a leader can close this task."))
    result = nfc(result or "")
    instruction = Instruction.objects.select_for_update().select_related("session").get(pk=instruction.pk)
    if instruction.done_on:
        raise ConflictError(_("This task is already done."))
    if not result:
        raise ApplicationError(_("Describe the result (and how the citizen was answered)."), extra={"field": "result"})
    done_on = done_on or _today()
    if done_on > _today() or done_on < instruction.session.date:
        raise ApplicationError(_("The date done must be between the session and today."), extra={"field": "done_on"})
    instruction.done_on = done_on
    instruction.result = result
    instruction.save(update_fields=["done_on", "result"])
    return instruction
