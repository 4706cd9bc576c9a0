"""Opening, pausing, extending and closing a petition's legal clocks.

Every due date comes from ``core.legal`` (versioned rule table + working calendar); here we only
decide *which* clock starts or stops on which event, and keep each ``Deadline`` row complete
enough to explain and recompute it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Literal, overload

from django.utils.translation import gettext as _

from core.common.dates import today  # noqa: F401  (petitions call deadlines.today)
from core.common.errors import ApplicationError
from core.legal.selectors import DeadlineRuleNotFound, compute, rule_get

from .models import Deadline, Petition


def _due(deadline: Deadline):
    pauses = [(date.fromisoformat(start), date.fromisoformat(end) if end else None) for start, end in deadline.pauses]
    result = compute(
        code=deadline.code,
        start=deadline.start_date,
        on=deadline.rule_date,
        variant=deadline.variant,
        pauses=pauses,
        extensions=deadline.extensions,
        granted=deadline.extension_days,
    )
    return result.due_date


@overload
def deadline_open(
    petition: Petition,
    *,
    code: str,
    start_date: date,
    start_event: str,
    variant: str = "",
    rule_date: date | None = None,
    optional: Literal[False] = False,
) -> Deadline: ...
@overload
def deadline_open(
    petition: Petition,
    *,
    code: str,
    start_date: date,
    start_event: str,
    variant: str = "",
    rule_date: date | None = None,
    optional: bool,
) -> Deadline | None: ...
def deadline_open(
    petition: Petition,
    *,
    code: str,
    start_date: date,
    start_event: str,
    variant: str = "",
    rule_date: date | None = None,
    optional: bool = False,
) -> Deadline | None:
    """Start the clock ``code`` from ``start_date``, under the rule version in force on ``rule_date``
    (the triggering event's date; by default the start date). An ``optional`` clock that no rule
    version covers on that date (e.g. the 45-day alarm before 1/7/2026) is simply not started."""
    rule_date = rule_date or start_date
    try:
        result = compute(code=code, start=start_date, on=rule_date, variant=variant)
    except DeadlineRuleNotFound:
        if optional:
            return None
        raise
    return Deadline.objects.create(
        petition=petition,
        code=code,
        variant=result.variant,
        rule_id=result.rule_id,
        legal_basis=result.legal_basis,
        description=result.description_vi[:255],
        rule_date=rule_date,
        unit=result.unit,
        length=result.length,
        start_event=start_event,
        start_date=start_date,
        due_date=result.due_date,
        is_operative=result.is_operative,
        is_statutory=result.is_statutory,
    )


def _open(petition: Petition, codes: tuple[str, ...]):
    return petition.deadlines.filter(state=Deadline.State.OPEN, code__in=codes)


def deadline_close(petition: Petition, *codes: str, on: date, state: str = Deadline.State.MET) -> None:
    _open(petition, codes).update(state=state, closed_on=on)


def deadline_close_all(
    petition: Petition, *, on: date, state: str = Deadline.State.CANCELLED, only: Collection[int] | None = None
) -> None:
    """Stop every running clock, or those of ``only`` (ids): a step that closes a case stops the clocks the case
    had, not the notice the step itself must still send (a termination decision, 5 working days)."""
    running = petition.deadlines.filter(state=Deadline.State.OPEN)
    if only is not None:
        running = running.filter(pk__in=only)
    running.update(state=state, closed_on=on)


def deadlines_running(petition: Petition) -> set[int]:
    return set(petition.deadlines.filter(state=Deadline.State.OPEN).values_list("pk", flat=True))


def deadline_running(petition: Petition, code: str, *, variant: str | None = None) -> Deadline | None:
    """The latest running clock ``code`` (of ``variant`` when given)."""
    running = _open(petition, (code,))
    if variant is not None:
        running = running.filter(variant=variant)
    return running.order_by("-id").first()


def deadline_pause(petition: Petition, *codes: str, on: date) -> None:
    """Suspension: the clock stops after ``on`` and keeps the time it had left."""
    for deadline in _open(petition, codes):
        if on < deadline.start_date:
            raise ApplicationError(
                _("The suspension cannot be dated before its time limit started (%(date)s).")
                % {"date": f"{deadline.start_date:%d/%m/%Y}"},
                extra={"field": "date"},
            )
        deadline.pauses = [*deadline.pauses, [on.isoformat(), None]]
        deadline.due_date = None
        deadline.save(update_fields=["pauses", "due_date"])


def deadline_resume(petition: Petition, *codes: str, on: date) -> None:
    """Resumption: the remaining time runs on from the resumption decision's date."""
    for deadline in _open(petition, codes):
        if deadline.pauses and deadline.pauses[-1][1] is None:
            since = date.fromisoformat(deadline.pauses[-1][0])
            if on < since:
                raise ApplicationError(
                    _("The resumption cannot be dated before the suspension (%(date)s).")
                    % {"date": f"{since:%d/%m/%Y}"},
                    extra={"field": "date"},
                )
            deadline.pauses[-1][1] = on.isoformat()
        deadline.due_date = _due(deadline)
        deadline.save(update_fields=["pauses", "due_date"])


def deadline_extend(petition: Petition, code: str, *, days: int) -> None:
    """One more extension decision granting ``days`` (at most the rule's extension length)."""
    for deadline in _open(petition, (code,)):
        deadline.extensions += 1
        deadline.extension_days = [*deadline.extension_days, days]
        deadline.due_date = _due(deadline)
        deadline.save(update_fields=["extensions", "extension_days", "due_date"])


def deadline_recompute(deadline: Deadline) -> bool:
    """Recompute after a calendar change; True when the due date moved."""
    if deadline.state != Deadline.State.OPEN:
        return False
    due = _due(deadline)
    if due == deadline.due_date:
        return False
    deadline.due_date = due
    deadline.save(update_fields=["due_date"])
    return True


def next_due_date(petition: Petition) -> date | None:
    dues = petition.deadlines.filter(state=Deadline.State.OPEN, is_operative=True, due_date__isnull=False)
    return dues.order_by("due_date").values_list("due_date", flat=True).first()


def rule_exists(code: str, *, on: date) -> bool:
    try:
        rule_get(code=code, on=on)
    except DeadlineRuleNotFound:
        return False
    return True


def rule_length(code: str, *, on: date) -> int:
    """The length of the rule ``code`` in force on ``on`` (an extension's ceiling, say)."""
    return rule_get(code=code, on=on).length
