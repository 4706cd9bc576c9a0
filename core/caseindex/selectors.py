"""Reads of the public index that the services and the tenant apps' pushes need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.reports.models import ReportPeriodRule
from tenants.models import Unit

from .models import CaseCountCut, CaseEvent, CaseIndexEntry, RepeatMatch


@lru_cache(maxsize=4096)
def unit_codes(schema_name: str) -> tuple[str, str]:
    """(unit code, province code) of the unit whose schema is ``schema_name``; a unit's codes never change."""
    unit = Unit.objects.only("code", "province_code").get(schema_name=schema_name)
    return unit.code, unit.province_code


def counter_cuts() -> list[tuple[date, int]]:
    """The cuts the month counters are counted by: (first day, cut-off day), ascending."""
    return list(CaseCountCut.objects.order_by("effective_from").values_list("effective_from", "cutoff_day"))


def counter_cuts_from_rules() -> list[tuple[date, int]]:
    """The cuts that the report period rules call for: on each day where the rule in force changes
    (one begins, or one ends), the cut-off day of the rule then in force, found as ``period_rule``
    finds it (of those in force, the one that began last; calendar months where none is), where
    that cut-off day differs from the one before."""
    rules = list(ReportPeriodRule.objects.order_by("effective_from", "pk"))
    changes = {rule.effective_from for rule in rules}
    changes |= {rule.effective_to + timedelta(days=1) for rule in rules if rule.effective_to}
    cuts: list[tuple[date, int]] = []
    for day in sorted(changes):
        in_force = [rule for rule in rules if rule.is_in_force(day)]
        cutoff = max(in_force, key=lambda rule: (rule.effective_from, rule.pk)).cutoff_day if in_force else 1
        if cutoff != (cuts[-1][1] if cuts else 1):
            cuts.append((day, cutoff))
    return cuts


def mirrored_event_ids(unit_code: str) -> set[int]:
    """The unit's own event ids that the index already holds."""
    return set(CaseEvent.objects.filter(unit_code=unit_code).values_list("source_event_id", flat=True))


@dataclass(frozen=True)
class RepeatFlag:
    """The same citizen's matter at another unit, as either unit may see it: the unit, the date it
    was received there and its state — no name, number or content crosses."""

    unit_code: str
    unit_name: str
    since: date
    closed_on: date | None
    skipped_level: bool

    @property
    def is_pending(self) -> bool:
        return self.closed_on is None

    @property
    def message(self) -> str:
        values = {"unit": self.unit_name, "since": f"{self.since:%d/%m/%Y}"}
        if self.closed_on is None:
            return _("Also pending at %(unit)s since %(since)s (being resolved)") % values
        return _("Also brought to %(unit)s on %(since)s (closed on %(closed)s)") % {
            **values,
            "closed": f"{self.closed_on:%d/%m/%Y}",
        }


def repeat_flags(*, case_id) -> list[RepeatFlag]:
    """The other units where the same citizen's matter was found (``services.repeats``), seen from
    either side of each match, the most recent first."""
    matches = RepeatMatch.objects.filter(Q(case_id=case_id) | Q(earlier_id=case_id))
    other_ids = {m.earlier_id if m.case_id == case_id else m.case_id: m.skipped_level for m in matches}
    if not other_ids:
        return []
    entries = list(
        CaseIndexEntry.objects.filter(case_id__in=other_ids).only("unit_code", "received_date", "closed_date")
    )
    names = dict(Unit.objects.filter(code__in={e.unit_code for e in entries}).values_list("code", "name"))
    flags = [
        RepeatFlag(
            unit_code=entry.unit_code,
            unit_name=names.get(entry.unit_code, entry.unit_code),
            since=entry.received_date,
            closed_on=entry.closed_date,
            skipped_level=other_ids[entry.case_id],
        )
        for entry in entries
    ]
    return sorted(flags, key=lambda flag: (flag.since, flag.unit_code), reverse=True)


def repeat_counts(*, province_code: str, start: date, end: date) -> dict[str, tuple[int, int]]:
    """{unit code: (repeats, skipped levels)} of the petitions received from ``start`` to ``end``
    that revealed a repeat across units, by the unit that registered them; one per petition however
    many other units held the matter, so the units' counts add up to the province's."""
    rows = (
        RepeatMatch.objects.filter(province_code=province_code, case__received_date__range=(start, end))
        .values("unit_code")
        .annotate(
            repeats=Count("case_id", distinct=True),
            skipped=Count("case_id", distinct=True, filter=Q(skipped_level=True)),
        )
    )
    return {row["unit_code"]: (row["repeats"], row["skipped"]) for row in rows}
