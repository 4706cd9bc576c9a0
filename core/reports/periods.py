"""Report periods: Q1–Q4, 6 months, 9 months and the year, cut per the rule in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from core.common.errors import ApplicationError

from .models import ReportPeriodRule

#: kind -> (months after the December start at which the period ends, label)
PERIOD_KINDS = {
    "q1": (3, _("Quarter I")),
    "q2": (6, _("Quarter II")),
    "q3": (9, _("Quarter III")),
    "q4": (12, _("Quarter IV")),
    "6m": (6, _("6 months")),
    "9m": (9, _("9 months")),
    "year": (12, _("Year")),
}
QUARTER_STARTS = {"q2": 3, "q3": 6, "q4": 9}


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    start: date
    end: date
    rule_id: int
    form_version: str

    @property
    def label(self) -> str:
        return f"{PERIOD_KINDS[self.kind][1]} {self.year}"


def period_rule(on: date) -> ReportPeriodRule:
    rule = ReportPeriodRule.objects.in_force(on).order_by("-effective_from", "-pk").first()
    if rule is None:
        raise ApplicationError(_("No report period rule is in force on %(on)s.") % {"on": f"{on:%d/%m/%Y}"})
    return rule


def _month_day(year: int, month: int, day: int) -> date:
    return date(year, month, day)


def period_bounds(kind: str, year: int) -> Period:
    """The first and last day (inclusive) of a report period, per the rule in force at its end."""
    if kind not in PERIOD_KINDS:
        raise ApplicationError(_("Unknown report period “%(kind)s”.") % {"kind": kind}, extra={"field": "period"})
    end_month = PERIOD_KINDS[kind][0]
    rule = period_rule(date(year, end_month, 1))
    cutoff = rule.cutoff_day
    end = _month_day(year, end_month, cutoff) - timedelta(days=1)
    if kind in QUARTER_STARTS:
        start = _month_day(year, QUARTER_STARTS[kind], cutoff)
    else:
        start = _month_day(year - 1, 12, cutoff)
    return Period(kind=kind, year=year, start=start, end=end, rule_id=rule.pk, form_version=rule.form_version)


def period_containing(day: date, kind: str = "q") -> Period:
    """The quarter (or year, for kind "year") whose data ``day`` belongs to."""
    year = day.year + 1 if (day.month == 12 and day.day >= period_rule(day).cutoff_day) else day.year
    if kind == "year":
        return period_bounds("year", year)
    for quarter in ("q1", "q2", "q3", "q4"):
        period = period_bounds(quarter, year)
        if period.start <= day <= period.end:
            return period
    raise ApplicationError(_("No report period contains %(day)s.") % {"day": f"{day:%d/%m/%Y}"})
