"""Reads of the legal tables, and the one entry point features use to compute a deadline.

The version of a rule is the one in force on the *triggering event's* date (domain.md §6, "Rule versions and
transition"): the receipt date for an acceptance clock, the acceptance date for a resolution clock, the event's own
date for a suspension or a dialogue. The caller knows which event triggers which clock and passes its date as ``on``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from core.common.errors import ApplicationError, ConflictError

from .choices import DayUnit, Direction
from .engine import Pause, Suspended, WorkCalendar, due_date, latest_date_before
from .models import CompetenceRule, DeadlineRule, RefusalGround


class DeadlineRuleNotFound(ApplicationError):
    """No version of the rule is in force on the date, or two are: the rule table needs a platform admin."""


class DeadlineInputError(ApplicationError):
    """The caller asked for something the rule does not allow (too many extensions, a length for a statutory rule)."""


@dataclass(frozen=True)
class ComputedDeadline:
    """A deadline with everything needed to explain it: which rule version, from what, why this date.

    ``due_date`` is None while the clock is suspended by an open pause; ``suspended_since`` and
    ``remaining_when_suspended`` (in ``unit``) then say where it stopped. For a "before" rule (``direction``),
    ``start`` is the event and ``due_date`` the last working day on which the act can still be done.
    """

    rule_id: int
    code: str
    variant: str
    legal_basis: str
    confidence: str
    unit: str
    length: int
    direction: str
    effective_from: date
    effective_to: date | None
    start: date
    pauses: tuple[Pause, ...]
    extensions: int
    extra_days: int
    due_date: date | None
    is_operative: bool
    is_statutory: bool
    description_vi: str
    description_en: str
    suspended_since: date | None = None
    remaining_when_suspended: int | None = None

    @property
    def is_suspended(self) -> bool:
        return self.due_date is None


def rule_get(*, code: str, on: date, variant: str = "") -> DeadlineRule:
    """The version of ``code``/``variant`` in force on ``on`` (the triggering event's date)."""
    rules = list(DeadlineRule.objects.in_force(on).filter(code=code, variant=variant)[:2])
    if len(rules) == 1:
        return rules[0]
    params = {"code": code, "variant": variant or "-", "on": f"{on:%d/%m/%Y}"}
    if not rules:
        raise DeadlineRuleNotFound(
            _("No deadline rule %(code)s (variant %(variant)s) is in force on %(on)s.") % params, extra=params
        )
    raise DeadlineRuleNotFound(
        _("Several versions of deadline rule %(code)s (variant %(variant)s) are in force on %(on)s.") % params,
        extra=params,
    )


def rules_for(*, code: str, on: date) -> list[DeadlineRule]:
    """Every variant of ``code`` in force on ``on``, the normal one first (e.g. the decree and the Law clocks)."""
    return list(DeadlineRule.objects.in_force(on).filter(code=code).order_by("variant"))


def _calendar_for(*, start: date, total: int, pauses: Sequence[Pause]) -> WorkCalendar:
    """A calendar wide enough for any answer: ``total`` working days never span more than 3×total calendar days
    (Tết is the longest break), and a closed pause pushes the end by its own length."""
    paused = sum(((until or since) - since).days for since, until in pauses)
    latest = max([start, *(until or since for since, until in pauses)])
    return WorkCalendar.from_db(start - timedelta(days=366), latest + timedelta(days=3 * total + paused + 366))


def _compute(
    *,
    rule: DeadlineRule,
    start: date,
    on: date,
    pauses: Sequence[Pause],
    extensions: int,
    length: int | None,
    calendar: WorkCalendar | None,
    granted: Sequence[int] = (),
) -> ComputedDeadline:
    pauses = tuple(pauses)
    if length is not None and rule.is_statutory:
        raise DeadlineInputError(_("The length of a statutory deadline is set by law, not by the unit."))
    length = rule.length if length is None else length
    extra_days = 0
    if extensions:
        if extensions < 0 or extensions > rule.max_extensions:
            raise DeadlineInputError(
                _("Deadline %(code)s allows at most %(max)d extensions.")
                % {"code": rule.code, "max": rule.max_extensions}
            )
        extension = rule_get(code=rule.extension_code, on=on)
        if extension.unit != rule.unit:
            raise DeadlineInputError(_("An extension must be counted in the same unit as its deadline."))
        granted = tuple(granted)[:extensions]
        if any(not 1 <= days <= extension.length for days in granted):
            raise DeadlineInputError(_("An extension grants from 1 to %(max)d days.") % {"max": extension.length})
        # Each decision states the days it grants; one recorded without (before they were
        # recorded) grants the whole extension.
        extra_days = sum(granted) + (extensions - len(granted)) * extension.length
    if rule.direction == Direction.BEFORE and (pauses or extensions):
        raise DeadlineInputError(_("A deadline before an event cannot be suspended or extended."))
    calendar = calendar or _calendar_for(start=start, total=length + extra_days, pauses=pauses)
    due: date | None
    suspended_since = remaining_when_suspended = None
    if rule.direction == Direction.BEFORE:
        due = latest_date_before(event=start, length=length, unit=rule.unit, calendar=calendar)
    else:
        try:
            due = due_date(
                start=start, length=length, unit=rule.unit, calendar=calendar, pauses=pauses, extra_days=extra_days
            )
        except Suspended as suspended:
            due, suspended_since, remaining_when_suspended = None, suspended.since, suspended.remaining
    return ComputedDeadline(
        rule_id=rule.pk,
        code=rule.code,
        variant=rule.variant,
        legal_basis=rule.legal_basis,
        confidence=rule.confidence,
        unit=DayUnit(rule.unit).value,
        length=length,
        direction=rule.direction,
        effective_from=rule.effective_from,
        effective_to=rule.effective_to,
        start=start,
        pauses=pauses,
        extensions=extensions,
        extra_days=extra_days,
        due_date=due,
        is_operative=rule.is_operative,
        is_statutory=rule.is_statutory,
        description_vi=rule.description_vi,
        description_en=rule.description_en,
        suspended_since=suspended_since,
        remaining_when_suspended=remaining_when_suspended,
    )


def compute(
    *,
    code: str,
    start: date,
    on: date | None = None,
    variant: str = "",
    pauses: Sequence[Pause] = (),
    extensions: int = 0,
    granted: Sequence[int] = (),
    length: int | None = None,
    calendar: WorkCalendar | None = None,
) -> ComputedDeadline:
    """The deadline of ``code``/``variant`` for an event on ``start``.

    ``on`` picks the rule version (default: ``start``, the usual case where the clock starts at its triggering event).
    ``pauses`` are (suspension decision date, resumption decision date or None); ``extensions`` is the number of
    extension decisions (each adds the rule's ``extension_code`` length, or the days it ``granted``: one
    entry per decision, in order, at most that length). ``length`` overrides the length of a
    non-statutory service-level rule (a unit's own target); it is refused for statutory rules. Pass ``calendar`` when
    computing many deadlines at once, to load the calendar only once.
    """
    on = on or start
    rule = rule_get(code=code, on=on, variant=variant)
    return _compute(
        rule=rule,
        start=start,
        on=on,
        pauses=pauses,
        extensions=extensions,
        length=length,
        calendar=calendar,
        granted=granted,
    )


def compute_all(
    *,
    code: str,
    start: date,
    on: date | None = None,
    pauses: Sequence[Pause] = (),
    calendar: WorkCalendar | None = None,
) -> list[ComputedDeadline]:
    """Every variant of ``code`` in force, computed side by side (e.g. the decree's 7 WD and the Law's 10 CD for
    complaint acceptance, so alerts can fire on the earlier one)."""
    on = on or start
    rules = rules_for(code=code, on=on)
    if not rules:
        rule_get(code=code, on=on)  # raises the explanatory error
    calendar = calendar or _calendar_for(start=start, total=max(rule.length for rule in rules), pauses=pauses)
    return [
        _compute(rule=rule, start=start, on=on, pauses=pauses, extensions=0, length=None, calendar=calendar)
        for rule in rules
    ]


#
# Refusal grounds and competence: versioned tables read on the step's date
#


def refusal_ground_get(*, code: str, on: date) -> RefusalGround | None:
    """The version of the refusal ground ``code`` in force on ``on``; None when the ground does not exist then."""
    return RefusalGround.objects.in_force(on).filter(code=code).first()


def refusal_grounds_in_force(on: date) -> list[RefusalGround]:
    return list(RefusalGround.objects.in_force(on).order_by("code"))


def competence_check(*, unit_kind: str, petition_type: str, on: date, level: int | None = None) -> None:
    """Refuse (409) when the competence table in force on ``on`` does not let a unit of ``unit_kind`` accept this
    kind of case (for a complaint, at ``level``). A kind of case the table does not speak of is not restricted."""
    from tenants.models import UnitKind

    in_force = CompetenceRule.objects.in_force(on).filter(petition_type=petition_type)
    rules = [rule for rule in in_force if rule.level in (None, level)]
    if not rules or any(unit_kind in rule.unit_kinds for rule in rules):
        return
    rule = rules[0]
    params = {
        "kind": str(UnitKind(unit_kind).label) if unit_kind in UnitKind.values else unit_kind,
        "since": f"{rule.effective_from:%d/%m/%Y}",
        "basis": rule.legal_basis,
    }
    if level:
        message = _(
            "A unit of kind “%(kind)s” is not competent to accept a level-%(level)d complaint (rule in force since "
            "%(since)s: %(basis)s). Guide the complainant to the competent body instead."
        ) % {**params, "level": level}
    else:
        message = (
            _(
                "A unit of kind “%(kind)s” is not competent to accept this case (rule in force since %(since)s: "
                "%(basis)s). Guide the sender to the competent body instead."
            )
            % params
        )
    raise ConflictError(message, extra={"field": "level" if level else "petition_type"})


#
# Grounds for not accepting a complaint (Complaints Law Art. 11) or a denunciation (Denunciations Law
# Art. 29(1)): data in the repository, versioned by date, one file per law
#
GROUNDS_DIR = Path(__file__).resolve().parent / "data"
GROUND_FILES = {
    "complaint": GROUNDS_DIR / "complaint_non_acceptance_grounds.json",
    "denunciation": GROUNDS_DIR / "denunciation_non_acceptance_grounds.json",
}
COMPLAINT_GROUNDS_FILE = GROUND_FILES["complaint"]


@dataclass(frozen=True)
class NonAcceptanceGround:
    code: str
    clause: int
    #: How the notice says it, after "vì".
    text: str
    #: How a choice list shows it.
    label: str
    legal_basis: str
    effective_from: date
    effective_to: date | None
    confidence: str

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


#: The name the complaint grounds had before the denunciation ones joined them.
ComplaintGround = NonAcceptanceGround


@cache
def _grounds(law: str) -> tuple[NonAcceptanceGround, ...]:
    rows = json.loads(GROUND_FILES[law].read_text(encoding="utf-8"))["grounds"]
    return tuple(
        NonAcceptanceGround(
            **{
                **row,
                "effective_from": date.fromisoformat(row["effective_from"]),
                "effective_to": date.fromisoformat(row["effective_to"]) if row.get("effective_to") else None,
            }
        )
        for row in rows
    )


def non_acceptance_grounds_in_force(*, law: str, on: date) -> list[NonAcceptanceGround]:
    """The grounds on which a ``law`` ("complaint" or "denunciation") case is not accepted under the
    rules in force on ``on``, in the Law's order."""
    return sorted((ground for ground in _grounds(law) if ground.in_force(on)), key=lambda g: g.clause)


def non_acceptance_ground_get(*, law: str, code: str, on: date) -> NonAcceptanceGround | None:
    """The ``law``'s ground ``code`` in force on ``on``; None when the Law gives no such ground then."""
    return next((ground for ground in non_acceptance_grounds_in_force(law=law, on=on) if ground.code == code), None)


def complaint_grounds_in_force(on: date) -> list[NonAcceptanceGround]:
    """The grounds on which a complaint received on ``on``'s rules is not accepted, in the Law's order."""
    return non_acceptance_grounds_in_force(law="complaint", on=on)


def complaint_ground_get(*, code: str, on: date) -> NonAcceptanceGround | None:
    """The ground ``code`` in force on ``on``; None when the Law gives no such ground then."""
    return non_acceptance_ground_get(law="complaint", code=code, on=on)


def denunciation_grounds_in_force(on: date) -> list[NonAcceptanceGround]:
    """The grounds on which a denunciation is not accepted under ``on``'s rules (Art. 29(1))."""
    return non_acceptance_grounds_in_force(law="denunciation", on=on)


def denunciation_ground_get(*, code: str, on: date) -> NonAcceptanceGround | None:
    return non_acceptance_ground_get(law="denunciation", code=code, on=on)
