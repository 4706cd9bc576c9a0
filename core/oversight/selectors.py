"""Reads of the provincial inspectorate's cross-unit view.

Every figure comes from the PII-free public tables (``CaseIndexEntry``, ``CaseEvent`` and, for
citizen reception, ``ReceptionFact`` and ``UnitReceptionStat``) filtered by province, in a handful
of single GROUP BY statements: no request loops over the units or reads a unit's schema to
aggregate (tech-notes.md §6). A unit's own schema is read only by ``services.case_open``, under a
grant, one case at a time.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.db.models import Case, Count, F, Q, QuerySet, Sum, When
from django.utils import timezone
from django_tenants.utils import schema_context

from core.accounts.models import User
from core.caseindex.counters import (
    OUTCOMES,
    RECEIVED,
    ROW_COLUMNS,
    Cuts,
    counted_rows_sql,
    counter_month_next,
    counter_months_within,
)
from core.caseindex.models import CaseEvent, CaseIndexEntry, CaseMonthCount, ReceptionFact, UnitReceptionStat
from core.caseindex.selectors import counter_cuts, repeat_counts
from core.legal.models import ReceptionQuotaRule
from core.petitions.choices import RESOLVING_EVENTS, PetitionType
from core.reception.choices import SessionStatus
from core.reception.selectors.compliance import rule_windows
from core.reports.periods import Period
from core.transfers.selectors import stuck_transfers
from tenants.models import Unit, UnitStatus

from .models import CaseAccessGrant, CaseAccessLog, Inspection, InspectionRecommendation

#: Days ahead in which a running clock counts as near-due (as the units' own lists: DUE_SOON_DAYS).
NEAR_DUE_DAYS = 3
#: The breakdowns of petitions received in the period, and of those processed in it.
RECEIVED_DIMENSIONS = ("petition_type", "field_code", "channel", "status")
PROCESSED_DIMENSIONS = ("petition_type", "field_code", "channel", "outcome")


def _empty(dimensions: Iterable[str]) -> dict[str, dict[str, int]]:
    return {name: {} for name in dimensions}


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class ReceptionFigures:
    """A unit's (or the province's) citizen reception: visits and the head's sessions in the period,
    the head's compliance with the reception quota over the period's ended windows, and, as of
    today, open hot spots, repeated matters and the reception officers trained."""

    visits: int = 0
    persons: int = 0
    crowd_visits: int = 0
    crowd_persons: int = 0
    repeat_visits: int = 0
    #: Held sessions presided by the head in person, and by a deputy standing in (never the head's).
    head_sessions: int = 0
    deputy_sessions: int = 0
    #: Compliance windows (weeks or months, per the quota rule in force) that ended in the period,
    #: and those in which the head received citizens in person on at least the required days.
    windows: int = 0
    windows_compliant: int = 0
    hot_spots_open: int = 0
    matters_repeated: int = 0
    officers_active: int = 0
    officers_trained: int = 0

    @property
    def compliance_rate(self) -> float | None:
        return _percent(self.windows_compliant, self.windows)

    @property
    def trained_share(self) -> float | None:
        return _percent(self.officers_trained, self.officers_active)

    def add(self, other: ReceptionFigures) -> None:
        for name in RECEPTION_COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


RECEPTION_COUNTS = tuple(ReceptionFigures.__dataclass_fields__)


@dataclass
class Figures:
    """One unit's (or the province's) figures for a period; overdue and near-due are as of today."""

    received: int = 0
    received_by: dict[str, dict[str, int]] = field(default_factory=lambda: _empty(RECEIVED_DIMENSIONS))
    processed: int = 0
    processed_by: dict[str, dict[str, int]] = field(default_factory=lambda: _empty(PROCESSED_DIMENSIONS))
    overdue: int = 0
    near_due: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    # Petitions received in the period and registered while the same citizen's matter of the same field was at
    # another unit of the province, and those among them brought to a province-level unit while the
    # matter was pending at a commune (core.caseindex.services.repeats).
    repeats: int = 0
    skipped_level: int = 0
    reception: ReceptionFigures = field(default_factory=ReceptionFigures)

    @property
    def on_time_rate(self) -> float | None:
        """Percentage of the decisions, conclusions and answers of the period made in time."""
        return _percent(self.resolved_on_time, self.resolved)

    def add(self, other: Figures) -> None:
        totals = ("received", "processed", "overdue", "near_due", "resolved", "resolved_on_time")
        for name in (*totals, "repeats", "skipped_level"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.reception.add(other.reception)
        for mine, theirs in ((self.received_by, other.received_by), (self.processed_by, other.processed_by)):
            for dimension, counts in theirs.items():
                for key, n in counts.items():
                    mine[dimension][key] = mine[dimension].get(key, 0) + n


@dataclass
class UnitFigures:
    code: str
    name: str
    kind: str
    figures: Figures


@dataclass
class Dashboard:
    province_code: str
    province_name: str
    period: Period
    today: date
    as_of: object
    province: Figures
    units: list[UnitFigures]
    #: Transfers from or to the province's units whose delivery failed or whose receiver is late to
    #: answer, as of today (``core.transfers.selectors.stuck_transfers``; listed on its own page).
    stuck_transfers: int = 0


def province_units(province_code: str) -> QuerySet[Unit]:
    """The units of a province that can hold petitions (set up, active or archived)."""
    return (
        Unit.objects.filter(province_code=province_code)
        .exclude(schema_name=settings.PUBLIC_SCHEMA_NAME)
        .exclude(status=UnitStatus.PROVISIONING)
        .order_by("code")
    )


def province_unit_names(province_code: str) -> dict[str, str]:
    return dict(province_units(province_code).values_list("code", "name"))


def _grouping_sets(*, table: str, dimensions: tuple[str, ...], where: str, params: list) -> list[tuple]:
    """``SELECT unit_code, <dims>, GROUPING(<dim>)…, count(*) … GROUP BY GROUPING SETS ((unit_code),
    (unit_code, dim)…)``: every breakdown of every unit in one scan. The ORM has no GROUPING SETS."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(d) for d in dimensions)
    groupings = ", ".join(f"GROUPING({quote(d)})" for d in dimensions)
    sets = ", ".join(["(unit_code)", *(f"(unit_code, {quote(d)})" for d in dimensions)])
    sql = (
        f"SELECT unit_code, {columns}, {groupings}, COUNT(*) FROM {quote(table)} "
        f"WHERE {where} GROUP BY GROUPING SETS ({sets})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def figures_fold(rows: list[tuple], dimensions: tuple[str, ...], units: dict[str, Figures], *, total: str, by: str):
    """Fold the rows of a GROUPING SETS count (unit code, the dimensions, their GROUPING() flags,
    the count) into ``units``: the per-unit row sets ``total``, each breakdown row one entry of
    ``by``. Public because the dashboard benchmark folds its plain-table rows with the same code."""
    width = len(dimensions)
    for row in rows:
        unit_code, values, grouped, n = row[0], row[1 : 1 + width], row[1 + width : 1 + 2 * width], row[-1]
        figures = units.get(unit_code)
        if figures is None:
            figures = units[unit_code] = Figures()
        if all(grouped):
            setattr(figures, total, n)
            continue
        index = grouped.index(0)
        getattr(figures, by)[dimensions[index]][values[index] or ""] = n


def _counted_sql() -> str:
    """The period's counts by unit, measure and breakdown: the month counters of its whole counter
    months plus the index's raw rows of its partial months at either end (none for a report
    period), summed in one statement."""
    counters = connection.ops.quote_name(CaseMonthCount._meta.db_table)
    in_edges = "province_code = %(province)s AND {day} BETWEEN %(before_from)s AND %(before_to)s"
    in_edges = f"(({in_edges}) OR ({in_edges.replace('before', 'after')}))"
    # The measures as one list, a range of the cell index each; the steps' kinds by on time only.
    wanted = f"measure = ANY(%(measures)s) AND (measure IN ('{RECEIVED}', '{OUTCOMES}') OR dimension = 'on_time')"
    raw = counted_rows_sql(
        month="NULL::date",
        case_where="WHERE " + in_edges.format(day="received_date"),
        event_where=f"WHERE {in_edges.format(day='event_date')} AND kind = ANY(%(resolving)s)",
        outcome_where=f"WHERE {in_edges.format(day='event_date')}",
    )
    columns = ", ".join(ROW_COLUMNS)
    measure = f"CASE WHEN measure IN ('{RECEIVED}', '{OUTCOMES}') THEN measure ELSE '' END"
    return (
        f"SELECT unit_code, {measure}, dimension, value, SUM(n) FROM ("
        f"SELECT {columns}, n FROM {counters} WHERE province_code = %(province)s "
        f"AND month BETWEEN %(first_month)s AND %(last_month)s AND {wanted} "
        f"UNION ALL SELECT *, 1 FROM ({raw}) raw ({columns})) c "
        "GROUP BY 1, 2, 3, 4 HAVING SUM(n) <> 0"
    )


def _counted(period: Period, cuts: Cuts, province_code: str) -> list[tuple]:
    """``_counted_sql``'s rows for ``period``, split into whole counter months (by ``cuts``) and
    the partial months at either end."""
    months = counter_months_within(period.start, period.end, cuts)
    if months is None:  # no whole month: every day from the raw rows, none from the counters
        first_month, last_month = date.max, date.min
        before, after = (period.start, period.end), (date.max, date.min)
    else:
        first_month, last_month = months
        before = (period.start, first_month - timedelta(days=1))
        after = (counter_month_next(last_month, cuts), period.end)
    params: dict[str, Any] = {
        "province": province_code,
        "first_month": first_month,
        "last_month": last_month,
        "before_from": before[0],
        "before_to": before[1],
        "after_from": after[0],
        "after_to": after[1],
        "resolving": [str(kind) for kind in RESOLVING_EVENTS],
        "measures": [RECEIVED, OUTCOMES, *(str(kind) for kind in RESOLVING_EVENTS)],
    }
    with connection.cursor() as cursor:
        cursor.execute(_counted_sql(), params)
        return cursor.fetchall()


def unit_figures(*, province_code: str, period: Period, today: date | None = None) -> dict[str, Figures]:
    """Every unit's figures, keyed by unit code: what was received, processed and resolved in the
    period from the month counters (``CaseMonthCount``, kept with the index) of its whole counter
    months (all of a report period's) and the index's raw rows of any partial ones, in one
    statement; overdue and near-due as of today from the index itself (a running clock is no count
    of days). The same answer as ``unit_figures_from_index``; ``TIEPDAN_DASHBOARD_ROLLUPS = False``
    goes back to that path."""
    if not settings.TIEPDAN_DASHBOARD_ROLLUPS:
        return unit_figures_from_index(province_code=province_code, period=period, today=today)
    today = today or timezone.localdate()
    # The cuts and the counters in one transaction: a recount by new cuts (``rollups_rebuild``)
    # waits for it to end, and one that is under way makes it wait, so both are of the same cuts.
    with transaction.atomic():
        cuts = counter_cuts()
        rows = _counted(period, cuts, province_code)
    figures: dict[str, Figures] = {}
    for unit_code, measure, dimension, value, n in rows:
        unit = figures.get(unit_code)
        if unit is None:
            unit = figures[unit_code] = Figures()
        if measure == RECEIVED:
            unit.received_by[dimension][value] = n
            if dimension == "petition_type":
                unit.received += n
        elif measure == OUTCOMES:
            unit.processed_by[dimension][value] = n
            if dimension == "petition_type":
                unit.processed += n
        else:  # the decisions, conclusions and answers, by on time
            unit.resolved += n
            if value == "y":
                unit.resolved_on_time += n
    _clocks_add(figures, province_code=province_code, today=today)
    return figures


def _clocks_add(figures: dict[str, Figures], *, province_code: str, today: date) -> None:
    near = Q(next_due_date__gte=today, next_due_date__lte=today + timedelta(NEAR_DUE_DAYS))
    clocks = (
        CaseIndexEntry.objects.filter(province_code=province_code)
        .filter(Q(is_overdue=True) | near)
        .values("unit_code")
        .annotate(
            overdue=Count("pk", filter=Q(is_overdue=True)), near_due=Count("pk", filter=near & Q(is_overdue=False))
        )
    )
    for row in clocks:
        unit = figures.get(row["unit_code"]) or figures.setdefault(row["unit_code"], Figures())
        unit.overdue, unit.near_due = row["overdue"], row["near_due"]


def unit_figures_from_index(*, province_code: str, period: Period, today: date | None = None) -> dict[str, Figures]:
    """Every unit's figures, keyed by unit code, in four GROUP BY statements over the index's raw rows
    (the path before the counters; kept as the benchmark's and the tests' reference)."""
    today = today or timezone.localdate()
    figures: dict[str, Figures] = {}
    received = _grouping_sets(
        table=CaseIndexEntry._meta.db_table,
        dimensions=RECEIVED_DIMENSIONS,
        where="province_code = %s AND received_date BETWEEN %s AND %s",
        params=[province_code, period.start, period.end],
    )
    figures_fold(received, RECEIVED_DIMENSIONS, figures, total="received", by="received_by")
    processed = _grouping_sets(
        table=CaseEvent._meta.db_table,
        dimensions=PROCESSED_DIMENSIONS,
        where="province_code = %s AND event_date BETWEEN %s AND %s AND kind LIKE 'outcome.%%'",
        params=[province_code, period.start, period.end],
    )
    figures_fold(processed, PROCESSED_DIMENSIONS, figures, total="processed", by="processed_by")
    _clocks_add(figures, province_code=province_code, today=today)
    resolutions = (
        CaseEvent.objects.filter(
            province_code=province_code,
            kind__in=RESOLVING_EVENTS,
            event_date__gte=period.start,
            event_date__lte=period.end,
        )
        .values("unit_code")
        .annotate(resolved=Count("pk"), on_time=Count("pk", filter=Q(on_time=True)))
    )
    for resolution in resolutions:
        unit = figures.setdefault(resolution["unit_code"], Figures())
        unit.resolved, unit.resolved_on_time = resolution["resolved"], resolution["on_time"]
    return figures


def _quota_windows(rules: list[ReceptionQuotaRule], start: date, end: date) -> list[tuple[date, date, int]]:
    """(first day, last day, required days) of each compliance window in [start, end], under the
    version of ``rules`` (one unit kind's) in force in it, as ``reception_compliance`` cuts them."""
    return [(first, last, rule.min_days) for first, last, rule in rule_windows(rules, start, end)]


def _days_within(days: list[date], first: date, last: date) -> int:
    """How many of the sorted ``days`` fall in [first, last]."""
    return bisect_right(days, last) - bisect_left(days, first)


def unit_reception_figures(
    *, province_code: str, period: Period, unit_kinds: dict[str, str], today: date | None = None
) -> dict[str, ReceptionFigures]:
    """Every unit's reception figures, keyed by unit code, from two statements over the public
    tables (plus one read of the quota rules per unit kind, not per unit).

    The visits and the held sessions come from one GROUP BY: visits grouped by unit, sessions by
    unit and day (the quota counts the distinct days on which the head received citizens in
    person). Compliance is measured over the windows that ended by yesterday: a week or month
    still running is not judged yet.
    """
    today = today or timezone.localdate()
    figures: dict[str, ReceptionFigures] = {}
    is_visit = Q(kind=ReceptionFact.Kind.VISIT)
    is_session = Q(kind=ReceptionFact.Kind.SESSION)
    rows = (
        ReceptionFact.objects.filter(province_code=province_code, date__gte=period.start, date__lte=period.end)
        .filter(is_visit | (is_session & Q(session_status=SessionStatus.HELD)))
        .values("unit_code", session_day=Case(When(is_session, then=F("date"))))
        .annotate(
            visits=Count("pk", filter=is_visit),
            persons=Sum("headcount", filter=is_visit),
            crowd_visits=Count("pk", filter=is_visit & Q(is_crowd=True)),
            crowd_persons=Sum("headcount", filter=is_visit & Q(is_crowd=True)),
            repeat_visits=Count("pk", filter=is_visit & Q(is_repeat=True)),
            head_sessions=Count("pk", filter=is_session & Q(head_in_person=True)),
            deputy_sessions=Count("pk", filter=is_session & Q(is_substitution=True)),
        )
        .order_by()
    )
    head_days: dict[str, list[date]] = {}
    for row in rows:
        unit = figures.setdefault(row["unit_code"], ReceptionFigures())
        if row["session_day"] is None:
            unit.visits, unit.persons = row["visits"], row["persons"] or 0
            unit.crowd_visits, unit.crowd_persons = row["crowd_visits"], row["crowd_persons"] or 0
            unit.repeat_visits = row["repeat_visits"]
            continue
        unit.head_sessions += row["head_sessions"]
        unit.deputy_sessions += row["deputy_sessions"]
        if row["head_sessions"]:
            head_days.setdefault(row["unit_code"], []).append(row["session_day"])
    stats = UnitReceptionStat.objects.filter(province_code=province_code).values_list(
        "unit_code", "officers_active", "officers_trained", "hot_spots_open", "matters_repeated"
    )
    for code, active, trained, hot_spots, repeated in stats:
        unit = figures.setdefault(code, ReceptionFigures())
        unit.officers_active, unit.officers_trained = active, trained
        unit.hot_spots_open, unit.matters_repeated = hot_spots, repeated
    judged_until = min(period.end, today - timedelta(days=1))
    if judged_until >= period.start:
        # Every kind's rule versions in one read, filtered by kind as ``quota_rules`` does; the
        # windows cut once per unit kind, not per unit.
        rules = list(ReceptionQuotaRule.objects.in_force_during(period.start, judged_until).order_by("effective_from"))
        windows_of: dict[str, list] = {}
        for code, kind in unit_kinds.items():
            if kind not in windows_of:
                of_kind = [rule for rule in rules if kind in rule.unit_kinds]
                windows_of[kind] = _quota_windows(of_kind, period.start, judged_until)
            windows = windows_of[kind]
            if not windows:
                continue
            days = sorted(head_days.get(code, []))
            unit = figures.setdefault(code, ReceptionFigures())
            unit.windows = len(windows)
            unit.windows_compliant = (
                sum(1 for first, last, required in windows if _days_within(days, first, last) >= required)
                if days
                else sum(1 for _first, _last, required in windows if required <= 0)
            )
    return figures


def province_dashboard(*, unit: Unit, period: Period, today: date | None = None) -> Dashboard:
    """The inspectorate ``unit``'s province at a glance: each unit side by side, and their sum."""
    today = today or timezone.localdate()
    units = list(province_units(unit.province_code).only("code", "name", "kind"))
    by_code = unit_figures(province_code=unit.province_code, period=period, today=today)
    reception = unit_reception_figures(
        province_code=unit.province_code, period=period, unit_kinds={u.code: u.kind for u in units}, today=today
    )
    for code, figures in reception.items():
        by_code.setdefault(code, Figures()).reception = figures
    repeats = repeat_counts(province_code=unit.province_code, start=period.start, end=period.end)
    for code, (count, skipped) in repeats.items():
        by_code.setdefault(code, Figures()).repeats, by_code[code].skipped_level = count, skipped
    rows = [UnitFigures(code=u.code, name=u.name, kind=u.kind, figures=by_code.pop(u.code, Figures())) for u in units]
    # Rows of a code no longer in the registry still count (and show under their code).
    rows += [UnitFigures(code=code, name=code, kind="", figures=f) for code, f in sorted(by_code.items())]
    province = Figures()
    for row in rows:
        province.add(row.figures)
    stuck = stuck_transfers(unit_codes=[u.code for u in units], on=today).count()
    return Dashboard(
        province_code=unit.province_code,
        province_name=unit.province_name,
        period=period,
        today=today,
        as_of=timezone.now(),
        province=province,
        units=rows,
        stuck_transfers=stuck,
    )


#: ?sort= keys of the reception columns of the units table.
RECEPTION_SORT_KEYS = (
    "visits",
    "crowd_visits",
    "head_sessions",
    "deputy_sessions",
    "compliance_rate",
    "hot_spots_open",
    "trained_share",
)
#: ?sort= keys of the units table (prefix "-" for descending); petition types sort by their count.
SORT_KEYS = (
    "code",
    "name",
    "received",
    "processed",
    "overdue",
    "near_due",
    "resolved",
    "on_time_rate",
    *PetitionType.values,
    *RECEPTION_SORT_KEYS,
)


def _sort_value(row: UnitFigures, key: str):
    if key in ("code", "name"):
        return getattr(row, key).casefold()
    if key in PetitionType.values:
        return row.figures.received_by["petition_type"].get(key, 0)
    if key in RECEPTION_SORT_KEYS:
        return getattr(row.figures.reception, key)
    return getattr(row.figures, key)


def units_sorted(rows: list[UnitFigures], sort: str) -> tuple[list[UnitFigures], str]:
    """``rows`` ordered by ``sort`` (an unknown key keeps the code order); a missing rate sorts last."""
    key = sort.removeprefix("-")
    if key not in SORT_KEYS:
        return sorted(rows, key=lambda r: r.code), "code"
    descending = sort.startswith("-")
    present = [r for r in rows if _sort_value(r, key) is not None]
    missing = [r for r in rows if _sort_value(r, key) is None]
    present.sort(key=lambda r: (_sort_value(r, key), r.code), reverse=descending)
    return present + sorted(missing, key=lambda r: r.code), sort


def province_due_list(
    *,
    province_code: str,
    due: str = "overdue",
    unit_code: str = "",
    petition_type: str = "",
    field_code: str = "",
    today: date | None = None,
) -> QuerySet[CaseIndexEntry]:
    """Overdue (or, with ``due="near"``, near-due) cases of the province: codes and dates only."""
    today = today or timezone.localdate()
    entries = CaseIndexEntry.objects.filter(province_code=province_code)
    if due == "near":
        entries = entries.filter(
            is_overdue=False, next_due_date__gte=today, next_due_date__lte=today + timedelta(NEAR_DUE_DAYS)
        )
    else:
        entries = entries.filter(is_overdue=True)
    if unit_code:
        entries = entries.filter(unit_code=unit_code)
    if petition_type:
        entries = entries.filter(petition_type=petition_type)
    if field_code:
        entries = entries.filter(field_code=field_code)
    return entries.only(
        "case_id",
        "unit_code",
        "registry_number",
        "petition_type",
        "field_code",
        "status",
        "received_date",
        "next_due_date",
    ).order_by("next_due_date", "unit_code", "case_id")


# --- Grants and their audit --------------------------------------------------------------------


def grant_list(*, inspectorate_code: str, username: str = "") -> QuerySet[CaseAccessGrant]:
    grants = CaseAccessGrant.objects.filter(inspectorate_code=inspectorate_code).select_related("inspection")
    return grants.filter(username=username) if username else grants


def grant_active(*, inspectorate_code: str, username: str, unit_code: str, today: date) -> CaseAccessGrant | None:
    """The grant under which ``username`` may open ``unit_code``'s cases today, if any."""
    return (
        CaseAccessGrant.objects.filter(
            inspectorate_code=inspectorate_code,
            username=username,
            unit_code=unit_code,
            valid_from__lte=today,
            valid_to__gte=today,
            revoked_at__isnull=True,
            approved_at__isnull=False,  # a grant no second person approved opens nothing
        )
        .order_by("-valid_to", "-id")
        .first()
    )


def granted_unit_codes(*, inspectorate_code: str, username: str, today: date) -> set[str]:
    return set(
        CaseAccessGrant.objects.filter(
            inspectorate_code=inspectorate_code,
            username=username,
            valid_from__lte=today,
            valid_to__gte=today,
            revoked_at__isnull=True,
            approved_at__isnull=False,  # a grant no second person approved opens nothing
        ).values_list("unit_code", flat=True)
    )


def access_log_list(*, inspectorate_code: str) -> QuerySet[CaseAccessLog]:
    return CaseAccessLog.objects.filter(inspectorate_code=inspectorate_code).select_related("grant")


# --- Inspections --------------------------------------------------------------------------------


def inspection_list(*, inspectorate_code: str, unit_code: str = "") -> QuerySet[Inspection]:
    inspections = Inspection.objects.filter(inspectorate_code=inspectorate_code).annotate(
        open_recommendations=Count("recommendations", filter=Q(recommendations__status="open"))
    )
    inspections = inspections.order_by("-starts_on", "-id")  # Meta.ordering is dropped with GROUP BY
    return inspections.filter(unit_code=unit_code) if unit_code else inspections


def inspection_get(*, inspectorate_code: str, pk: int) -> Inspection:
    return Inspection.objects.get(inspectorate_code=inspectorate_code, pk=pk)


def recommendation_list(
    *, inspectorate_code: str, inspection_id: int | None = None, status: str = "", unit_code: str = ""
) -> QuerySet[InspectionRecommendation]:
    recommendations = InspectionRecommendation.objects.filter(
        inspection__inspectorate_code=inspectorate_code
    ).select_related("inspection")
    if inspection_id is not None:
        recommendations = recommendations.filter(inspection_id=inspection_id)
    if status:
        recommendations = recommendations.filter(status=status)
    if unit_code:
        recommendations = recommendations.filter(unit_code=unit_code)
    return recommendations


def recommendation_get(*, inspectorate_code: str, pk: int) -> InspectionRecommendation:
    return InspectionRecommendation.objects.select_related("inspection").get(
        inspection__inspectorate_code=inspectorate_code, pk=pk
    )


def unit_recommendations(*, unit_code: str) -> QuerySet[InspectionRecommendation]:
    """What inspections asked of ``unit_code``: the unit's own leaders read it in their workspace."""
    return (
        InspectionRecommendation.objects.filter(unit_code=unit_code)
        .select_related("inspection")
        .order_by("status", "due_date", "id")
    )


def inspectorate_inspectors(unit: Unit) -> list[str]:
    """Usernames of the inspectorate's active accounts holding the inspector's view (its own schema)."""
    with schema_context(unit.schema_name):
        permissions = Permission.objects.filter(content_type__app_label="oversight", codename="view_province")
        users = User.objects.filter(is_active=True).filter(
            Q(groups__permissions__in=permissions) | Q(user_permissions__in=permissions) | Q(is_superuser=True)
        )
        return sorted(set(users.values_list("username", flat=True)))
