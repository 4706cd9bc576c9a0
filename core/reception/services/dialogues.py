"""Dialogues (đối thoại) with the parties of a complaint being resolved."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.common.dates import today as _today
from core.common.errors import ApplicationError, ConflictError, PermissionDeniedError
from core.common.text import nfc
from core.legal.selectors import DeadlineRuleNotFound, compute
from core.petitions import deadlines
from core.petitions.choices import PetitionType
from core.petitions.workflow import TRANSITIONS, TransitionName, petition_transition

from ..models import Dialogue
from ..selectors.dialogues import DIALOGUE_PERMS, DIALOGUE_STATES


def _require_dialogue(actor) -> None:
    if not any(actor.has_perm(perm) for perm in DIALOGUE_PERMS):
        raise PermissionDeniedError(_("You do not have the right to do this."))


@transaction.atomic
def dialogue_schedule(
    *,
    actor,
    petition,
    scheduled_at: datetime,
    place: str,
    participants: str,
    invited_on: date | None = None,
) -> Dialogue:
    """Schedule a dialogue with the parties of a complaint. The invitations must go out at least
    5 days ahead (NĐ 155/2026 Art. 11, rule "complaint.dialogue_invitation", in force from
    1/7/2026; before that no lead time is set)."""
    _require_dialogue(actor)
    place, participants = nfc([place, participants])
    if petition.petition_type != PetitionType.COMPLAINT or petition.status not in DIALOGUE_STATES:
        raise ConflictError(_("Dialogues are held on complaints being resolved (accepted or under verification)."))
    invited_on = invited_on or _today()
    day = timezone.localtime(scheduled_at).date() if timezone.is_aware(scheduled_at) else scheduled_at.date()
    if invited_on > _today():
        raise ApplicationError(_("The invitation date cannot be in the future."), extra={"field": "invited_on"})
    if day < invited_on:
        raise ApplicationError(_("The dialogue must come after the invitations."), extra={"field": "scheduled_at"})
    if not place:
        raise ApplicationError(_("Say where the dialogue takes place."), extra={"field": "place"})
    if not participants:
        raise ApplicationError(_("List who is invited to the dialogue."), extra={"field": "participants"})
    try:
        rule = compute(code="complaint.dialogue_invitation", start=day, on=invited_on)
    except DeadlineRuleNotFound:
        rule = None
    if rule is not None and rule.due_date is not None and invited_on > rule.due_date:
        raise ApplicationError(
            _(
                "Invitations must be sent at least %(days)d days before the dialogue, by %(latest)s (%(basis)s): "
                "choose a later date."
            )
            % {"days": rule.length, "latest": f"{rule.due_date:%d/%m/%Y}", "basis": rule.legal_basis},
            extra={"field": "scheduled_at"},
        )
    dialogue = Dialogue(
        petition=petition, scheduled_at=scheduled_at, place=place, invited_on=invited_on, participants=participants
    )
    dialogue.full_clean()
    dialogue.save()
    if rule is not None:
        # Kept on the case with its other clocks: met on the invitation's date (a late one is refused above).
        deadlines.deadline_open(petition, code=rule.code, start_date=day, rule_date=invited_on, start_event="dialogue")
        deadlines.deadline_close(petition, rule.code, on=invited_on)
    return dialogue


@transaction.atomic
def dialogue_record(*, actor, dialogue: Dialogue, minutes: str, outcome: str) -> Dialogue:
    """The dialogue took place: its minutes and outcome. When the complaint is under verification
    and the actor may record it there, the petition's lifecycle records the dialogue too."""
    _require_dialogue(actor)
    minutes, outcome = nfc([minutes, outcome])
    dialogue = Dialogue.objects.select_for_update().select_related("petition").get(pk=dialogue.pk)
    if dialogue.held:
        raise ConflictError(_("This dialogue has already been recorded."))
    day = timezone.localtime(dialogue.scheduled_at).date()
    if day > _today():
        raise ApplicationError(_("A dialogue cannot be recorded before its date."), extra={"field": "minutes"})
    if not minutes:
        raise ApplicationError(_("Summarise the dialogue minutes."), extra={"field": "minutes"})
    if not outcome:
        # The minutes (Form 14) state what was agreed and what is still disputed.
        raise ApplicationError(
            _("Record the result: what was agreed and what is still disputed."), extra={"field": "outcome"}
        )
    dialogue.minutes = minutes
    dialogue.outcome = outcome
    dialogue.held = True
    dialogue.save(update_fields=["minutes", "outcome", "held"])
    petition = dialogue.petition
    spec = TRANSITIONS[TransitionName.COMPLAINT_DIALOGUE]
    if petition.status in spec.sources and actor.has_perm(spec.permission) and day >= petition.received_date:
        at = timezone.localtime(dialogue.scheduled_at)
        data = {
            "minutes": minutes,
            "dialogue_result": outcome,
            "participants": dialogue.participants,
            "place": dialogue.place,
            "dialogue_time": at.time().replace(second=0, microsecond=0),
            "date": day,
        }
        petition_transition(petition=petition, name=spec.name, actor=actor, data=data)
    return dialogue
