"""The indicator tables of the periodic reports, computed from dated, PII-free facts.

The only sources are the public case index: ``CaseEvent`` (one row per dated step of every petition
of every unit) and ``CaseIndexEntry`` (to find the cases still open at the start of the period),
and the public reception facts ``ReceptionFact`` (one row per visit and per leader's session).
No tenant schema is read, and nothing here knows a name, an identity number or a text, so no
report can carry one. Any period can be recomputed: a count depends only on the facts dated up
to the period's end.

Forms and what they count (each petition is one case; "in the period" = event date within
``[period.start, period.end]``; type, field and channel are the petition's as of the period's end):

* **01/TCD** – the reception log of the period (``ReceptionFact``): visits, persons, cases first /
  repeat (each visit is one case; a repeat is a visit on a matter brought before), crowd delegations
  and their persons; all together, at regular reception, and at the head's periodic, ad-hoc and
  online sessions, split into those the head presided in person and those delegated (a deputy
  standing in, or another leader), with the number of sessions held; a crowd's visit counts one
  delegation and one case, first or repeat. A leader's visit belongs to
  the head in person when the head presided a session of its kind on its day (held, or planned and
  not yet recorded). Then the submissions handed in at reception (channel ``reception``)
  registered in the period, by type.
* **02/XLD** – submissions received in the period plus those carried over (received before it and
  not processed at its start); of these, by type and field, the processing outcomes chosen in the
  period (accept, guide, forward, return, chase, file) and those still unprocessed at its end; the
  processable ones as classified by the period's end, as letters and as cases (matters: letters on
  the same matter count once), the cases by whether the matter had been resolved before (not yet,
  once, several times); and the competent bodies' replies to forwarded petitions recorded in the
  period (``forward.reply`` steps).
* **03/GQKN** – complaints accepted (thụ lý) in the period or carried over (accepted before and not
  decided, withdrawn or terminated at its start), by level; decided in the period on time or late
  (``CaseEvent.on_time``, the decision date against the resolution clock), by level; withdrawn (of
  which after explanation); terminated; still open at its end. Of the decisions issued in the
  period, their results (``CaseEvent.results`` as they stood at the period's end): right, wrong,
  partly right (first level), upheld, annulled (second level), money and land to recover and
  return, rights restored, persons recommended for discipline, referrals to investigation. Decisions
  to execute in the period (issued by its end, not executed before it) and executed in it (closed).
* **04/GQTC** – denunciations accepted in the period or carried over; concluded on time or late;
  extended and suspended in the period; withdrawn (and not continued); terminated; still open; the
  results of the conclusions issued in the period (as completed by their handling up to the period's
  end) and their execution, as for 03/GQKN.
* **05/KQTH** – (unverified form) the decisions and conclusions to execute in the period and executed
  in it, and the figures the executed ones ordered.

Each table's rows are units; the total row is their sum, so a province's figures are the sum of
its units' by construction.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import NamedTuple

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from vietnam_provinces import Province, ProvinceCode, VietNamDivisionType

from core.caseindex.facts import RESULT_FIGURES
from core.caseindex.models import CaseEvent, CaseIndexEntry, ReceptionFact
from core.catalogue.models import PetitionField
from core.petitions.choices import Channel, EventKind, PetitionType, PriorResolution, Status, TransitionName
from core.reception.choices import SessionStatus, VisitKind

from .definitions import FIELD_COLUMNS, FORM_CODES, PERIOD_LABELS_VI, form_spec
from .periods import Period

RECEPTION_CHANNEL = Channel.RECEPTION
#: Visits at the head's periodic, ad-hoc and online sessions (the rest is regular reception).
LEADER_VISIT_KINDS = (VisitKind.PERIODIC, VisitKind.AD_HOC, VisitKind.ONLINE)
#: Sessions whose visits count as the head's own when the head presides them.
SESSION_ATTRIBUTED = (SessionStatus.HELD, SessionStatus.PLANNED)
ACCEPT: dict[str, TransitionName] = {
    PetitionType.COMPLAINT: TransitionName.COMPLAINT_ACCEPT,
    PetitionType.DENUNCIATION: TransitionName.DENUNCIATION_ACCEPT,
}
RESOLVE: dict[str, TransitionName] = {
    PetitionType.COMPLAINT: TransitionName.COMPLAINT_DECIDE,
    PetitionType.DENUNCIATION: TransitionName.DENUNCIATION_CONCLUDE,
}
CLOSE: dict[str, TransitionName] = {
    PetitionType.COMPLAINT: TransitionName.COMPLAINT_CLOSE,
    PetitionType.DENUNCIATION: TransitionName.DENUNCIATION_CLOSE,
}
STOPPED = (Status.WITHDRAWN, Status.TERMINATED)
FORWARD_REPLY = TransitionName.FORWARD_REPLY
#: A matter's resolution status, least to most advanced (02/XLD counts a matter once, at its most advanced).
PRIOR_ORDER = (PriorResolution.NONE, PriorResolution.ONCE, PriorResolution.SEVERAL)
MATTER = "matter:"
#: The order of a province's rows: provincial bodies, departments, then communes, wards and zones by code.
KIND_ORDER = {
    "provincial_committee": 0,
    "provincial_reception": 1,
    "provincial_inspectorate": 2,
    "department": 3,
    "legacy_district": 4,
    "commune": 5,
    "ward": 5,
    "special_zone": 5,
}
EXTEND = TransitionName.DENUNCIATION_EXTEND
SUSPEND = TransitionName.DENUNCIATION_SUSPEND


class Fact(NamedTuple):
    """One ``CaseEvent`` row, as the computation needs it."""

    case_id: object
    unit_code: str
    kind: str
    event_date: date
    petition_type: str
    field_code: str
    channel: str
    to_status: str
    complaint_level: int | None
    on_time: bool | None
    is_processable: bool | None
    within_jurisdiction: bool | None
    matter_id: object
    prior_resolution: str
    results: dict | None


FACT_FIELDS = Fact._fields


def province_label(province_code: str, province_name: str) -> str:
    """ "Tỉnh Lạng Sơn", "Thành phố Hà Nội": the province as a report's header names it."""
    try:
        province = Province.from_code(ProvinceCode(int(province_code)))
    except (TypeError, ValueError):
        return province_name
    prefix = "Thành phố" if province.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG else "Tỉnh"
    return f"{prefix} {province.name}"


@dataclass(frozen=True)
class UnitRef:
    code: str
    name: str
    kind: str = ""
    province_code: str = ""
    province_name: str = ""
    province_label: str = ""

    @classmethod
    def of(cls, unit) -> UnitRef:
        label = province_label(unit.province_code, unit.province_name)
        return cls(unit.code, unit.name, unit.kind, unit.province_code, unit.province_name, label)


@dataclass
class ReportColumn:
    code: str
    label: str
    key: str
    group: str = ""


@dataclass
class ReportRow:
    unit_code: str
    unit_name: str
    values: dict[str, int]


@dataclass
class Report:
    """One form's table for one period: rows of units and their total, labels in Vietnamese."""

    form: str
    form_version: str
    title: str
    scope: str  # "unit" or "province"
    unit_code: str
    province_code: str
    issuer: dict
    period: dict
    columns: list[ReportColumn]
    rows: list[ReportRow]
    total: dict[str, int]
    notes: list[str] = field(default_factory=list)
    computed_at: str = ""
    #: The form itself is not yet checked against the circular's appendix (``FormSpec.unverified``).
    unverified: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def period_dict(period: Period) -> dict:
    return {
        "kind": period.kind,
        "year": period.year,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "label": f"{PERIOD_LABELS_VI[period.kind]} năm {period.year}",
        "form_version": period.form_version,
    }


#
# Loading the facts
#
def load_facts(*, period: Period, unit_codes: Iterable[str]) -> dict[str, list[list[Fact]]]:
    """Each unit's cases that matter for the period, each as its events dated up to the period's end.

    A case matters when it has an event in the period or was received before it and not closed
    at its start; cases closed earlier cannot change any figure of the period.
    """
    codes = list(unit_codes)
    in_period = CaseEvent.objects.filter(unit_code__in=codes, event_date__range=(period.start, period.end))
    open_at_start = CaseIndexEntry.objects.filter(unit_code__in=codes, received_date__lt=period.start).filter(
        Q(closed_date__isnull=True) | Q(closed_date__gte=period.start)
    )
    rows = (
        CaseEvent.objects.filter(unit_code__in=codes, event_date__lte=period.end)
        .filter(Q(case_id__in=in_period.values("case_id")) | Q(case_id__in=open_at_start.values("case_id")))
        .order_by("case_id", "event_date", "id")
        .values_list(*FACT_FIELDS)
    )
    by_unit: dict[str, list[list[Fact]]] = defaultdict(list)
    current: list[Fact] = []
    for row in rows.iterator(chunk_size=5000):
        fact = Fact(*row)
        if current and current[0].case_id != fact.case_id:
            by_unit[current[0].unit_code].append(current)
            current = []
        current.append(fact)
    if current:
        by_unit[current[0].unit_code].append(current)
    return by_unit


def _first(events: list[Fact], test: Callable[[Fact], bool]) -> Fact | None:
    return next((event for event in events if test(event)), None)


def _within(day: date, period: Period) -> bool:
    return period.start <= day <= period.end


#
# One function per form: a case's contribution to the unit's counters
#
def count_tcd(events: list[Fact], period: Period, counts: Counter) -> None:
    last = events[-1]
    registered = _first(events, lambda e: e.kind == EventKind.REGISTERED)
    if registered is None or last.channel != RECEPTION_CHANNEL or not _within(registered.event_date, period):
        return
    counts["reception_total"] += 1
    counts[f"reception_{last.petition_type}"] += 1


class ReceptionRow(NamedTuple):
    """Visits of a unit in the period grouped by kind, presider and flags (``load_reception``)."""

    unit_code: str
    visit_kind: str
    by_head: bool
    is_crowd: bool
    is_repeat: bool
    visits: int
    persons: int


def load_reception(*, period: Period, unit_codes: Iterable[str]) -> tuple[list[ReceptionRow], list[tuple]]:
    """The period's visits, grouped, and its held sessions counted by unit and presider (head in
    person or not): two GROUP BY statements over ``ReceptionFact``."""
    codes = list(unit_codes)
    facts = ReceptionFact.objects.filter(unit_code__in=codes, date__range=(period.start, period.end))
    head_session = ReceptionFact.objects.filter(
        kind=ReceptionFact.Kind.SESSION,
        unit_code=OuterRef("unit_code"),
        date=OuterRef("date"),
        session_kind=OuterRef("visit_kind"),
        session_status__in=SESSION_ATTRIBUTED,
        head_in_person=True,
    )
    visits = (
        facts.filter(kind=ReceptionFact.Kind.VISIT)
        .annotate(by_head=Exists(head_session))
        .values_list("unit_code", "visit_kind", "by_head", "is_crowd", "is_repeat")
        .annotate(visits=Count("pk"), persons=Sum("headcount"))
        .order_by()
    )
    sessions = (
        facts.filter(kind=ReceptionFact.Kind.SESSION, session_status="held")
        .values_list("unit_code", "head_in_person")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [ReceptionRow._make((*row[:-1], row[-1] or 0)) for row in visits], list(sessions)


def count_tcd_reception(visits: Iterable[ReceptionRow], sessions: Iterable[tuple], counts: dict[str, Counter]) -> None:
    """01/TCD's reception columns of each unit (``counts[unit_code]``), from ``load_reception``."""
    for row in visits:
        unit = counts.get(row.unit_code)
        if unit is None:
            continue
        leader = row.visit_kind in LEADER_VISIT_KINDS
        block = ("head_" if row.by_head else "delegated_") if leader else "regular_"
        for prefix in ("", block):
            unit[f"{prefix}visits"] += row.visits
            unit[f"{prefix}persons"] += row.persons
            unit[f"{prefix}cases_repeat" if row.is_repeat else f"{prefix}cases_first"] += row.visits
            if row.is_crowd:
                unit[f"{prefix}crowds"] += row.visits
                unit[f"{prefix}crowd_persons"] += row.persons
                unit[f"{prefix}crowd_cases_repeat" if row.is_repeat else f"{prefix}crowd_cases_first"] += row.visits
    for unit_code, head_in_person, n in sessions:
        if unit_code in counts:
            counts[unit_code]["head_sessions" if head_in_person else "delegated_sessions"] += n


def count_xld(events: list[Fact], period: Period, counts: Counter) -> None:
    last = events[-1]
    counts["forward_replies"] += sum(1 for e in events if e.kind == FORWARD_REPLY and _within(e.event_date, period))
    registered = _first(events, lambda e: e.kind == EventKind.REGISTERED)
    if registered is None:
        return
    outcome = _first(events, lambda e: e.kind.startswith("outcome."))
    received_in = _within(registered.event_date, period)
    carried = registered.event_date < period.start and (outcome is None or outcome.event_date >= period.start)
    if not (received_in or carried):
        return
    counts["total"] += 1
    counts["received" if received_in else "carried_over"] += 1
    counts[f"type_{last.petition_type}"] += 1
    counts[f"field:{last.field_code}"] += 1
    classified = [e for e in events if e.kind == EventKind.CLASSIFIED and e.event_date <= period.end]
    if classified:
        counts["processable"] += bool(classified[-1].is_processable)
        counts["within_jurisdiction"] += bool(classified[-1].within_jurisdiction)
        if classified[-1].is_processable:
            _matter_note(classified[-1], counts)
    if outcome is not None and _within(outcome.event_date, period):
        counts["processed"] += 1
        counts[f"outcome_{outcome.kind.removeprefix('outcome.')}"] += 1
    else:
        counts["pending_at_end"] += 1


def _matter_note(classified: Fact, counts: Counter) -> None:
    """Note the matter of a processable letter, at its most advanced resolution status (rank + 1, so
    that 0 means not seen); ``matters_fold`` turns the notes into case counts once every letter is seen."""
    status = classified.prior_resolution if classified.prior_resolution in PRIOR_ORDER else PriorResolution.NONE
    key = f"{MATTER}{classified.matter_id or classified.case_id}"
    counts[key] = max(counts[key], PRIOR_ORDER.index(status) + 1)


def matters_fold(counts: Counter) -> None:
    """02/XLD's cases (vụ việc) of a unit: each matter noted once, by its resolution status."""
    for key in [key for key in counts if key.startswith(MATTER)]:
        rank = counts.pop(key)
        counts["processable_cases"] += 1
        counts[f"status_{PRIOR_ORDER[rank - 1]}"] += 1


def _results(events: list[Fact]) -> dict:
    """The case's results as they stood after its last step up to the period's end (events stop there)."""
    return next((event.results for event in reversed(events) if event.results), None) or {}


def _count_figures(results: dict, counts: Counter) -> None:
    for key in RESULT_FIGURES:
        counts[key] += int(results.get(key) or 0)
    if results.get("referred_to_investigation"):
        counts["investigation_cases"] += 1


def _execution(events: list[Fact], period: Period, petition_type: str) -> tuple[bool, bool]:
    """(to execute in the period, executed in it): decided or concluded by its end and not closed
    before it; closed (after execution) within it."""
    if _first(events, lambda e: e.kind == RESOLVE[petition_type]) is None:
        return False, False
    closed = _first(events, lambda e: e.kind == CLOSE[petition_type])
    if closed is not None and closed.event_date < period.start:
        return False, False
    return True, closed is not None


def _resolution(
    events: list[Fact], period: Period, counts: Counter, petition_type: str
) -> tuple[Fact, Fact | None] | None:
    """Count the case as to be resolved (carried over or accepted); return (acceptance, end) or None."""
    accepted = _first(events, lambda e: e.kind == ACCEPT[petition_type])
    if accepted is None:
        return None
    ended = _first(events, lambda e: e.kind == RESOLVE[petition_type] or e.to_status in STOPPED)
    carried = accepted.event_date < period.start and (ended is None or ended.event_date >= period.start)
    if not (carried or _within(accepted.event_date, period)):
        return None
    counts["total"] += 1
    counts["carried_over" if carried else "accepted"] += 1
    if ended is None or not _within(ended.event_date, period):
        counts["open_at_end"] += 1
        return accepted, None
    results = _results(events)
    if ended.kind == RESOLVE[petition_type]:
        counts["resolved"] += 1
        if ended.on_time is True:
            counts["resolved_on_time"] += 1
        elif ended.on_time is False:
            counts["resolved_late"] += 1
        if results.get("verdict"):
            counts[f"verdict_{results['verdict']}"] += 1
        _count_figures(results, counts)
    else:
        counts[ended.to_status] += 1
        if ended.to_status == Status.WITHDRAWN and results.get("after_explanation"):
            counts["withdrawn_after_explanation"] += 1
    return accepted, ended


def _count_execution(events: list[Fact], period: Period, counts: Counter, petition_type: str) -> None:
    due, executed = _execution(events, period, petition_type)
    counts["execution_due"] += due
    counts["executed"] += executed


def count_gqkn(events: list[Fact], period: Period, counts: Counter) -> None:
    _count_execution(events, period, counts, PetitionType.COMPLAINT)
    result = _resolution(events, period, counts, PetitionType.COMPLAINT)
    if result is None:
        return
    accepted, ended = result
    level = accepted.complaint_level or 1
    counts[f"level_{level}"] += 1
    if ended is not None and ended.kind == RESOLVE[PetitionType.COMPLAINT]:
        counts[f"resolved_level_{level}"] += 1


def count_gqtc(events: list[Fact], period: Period, counts: Counter) -> None:
    _count_execution(events, period, counts, PetitionType.DENUNCIATION)
    if _resolution(events, period, counts, PetitionType.DENUNCIATION) is None:
        return
    if _first(events, lambda e: e.kind == EXTEND and _within(e.event_date, period)):
        counts["extended"] += 1
    if _first(events, lambda e: e.kind == SUSPEND and _within(e.event_date, period)):
        counts["suspended"] += 1


def count_kqth(events: list[Fact], period: Period, counts: Counter) -> None:
    petition_type = events[-1].petition_type
    if petition_type not in RESOLVE:
        return
    due, executed = _execution(events, period, petition_type)
    counts[f"{petition_type}_due"] += due
    counts[f"{petition_type}_executed"] += executed
    if executed:
        _count_figures(_results(events), counts)


COUNTERS: dict[str, Callable[[list[Fact], Period, Counter], None]] = {
    "01/TCD": count_tcd,
    "02/XLD": count_xld,
    "03/GQKN": count_gqkn,
    "04/GQTC": count_gqtc,
    "05/KQTH": count_kqth,
}


def compute_counters(
    *, forms: Iterable[str], period: Period, unit_codes: Iterable[str]
) -> dict[str, dict[str, Counter]]:
    """form -> unit code -> indicator key -> count, from one read of the facts."""
    forms, codes = list(forms), list(unit_codes)
    facts = load_facts(period=period, unit_codes=codes)
    result: dict[str, dict[str, Counter]] = {form: {code: Counter() for code in codes} for form in forms}
    for code in codes:
        for events in facts.get(code, ()):
            for form in forms:
                COUNTERS[form](events, period, result[form][code])
        if "02/XLD" in forms:
            matters_fold(result["02/XLD"][code])
    if "01/TCD" in forms:
        visits, sessions = load_reception(period=period, unit_codes=codes)
        count_tcd_reception(visits, sessions, result["01/TCD"])
    return result


#
# Assembling a table
#
def _field_columns(first_code: int, group: str, counters: Iterable[Counter]) -> list[ReportColumn]:
    seen = {key.removeprefix("field:") for counter in counters for key in counter if key.startswith("field:")}
    fields = list(PetitionField.objects.filter(Q(is_active=True) | Q(code__in=seen)).order_by("sort_order", "code"))
    known = {f.code for f in fields}
    labels = [(f.code, f.name_vi) for f in fields] + [(code, code or "Chưa phân loại") for code in sorted(seen - known)]
    return [
        ReportColumn(str(first_code + index), label, f"field:{code}", group)
        for index, (code, label) in enumerate(labels)
    ]


def report_columns(form: str, form_version: str, counters: Iterable[Counter]) -> list[ReportColumn]:
    spec = form_spec(form, form_version)
    columns: list[ReportColumn] = []
    for column in spec.columns:
        if column.key == FIELD_COLUMNS:
            columns += _field_columns(len(columns) + 1, column.group, counters)
        else:
            columns.append(ReportColumn(column.code, column.label, column.key, column.group))
    return columns


def report_assemble(
    *,
    form: str,
    period: Period,
    units: list[UnitRef],
    counters: dict[str, Counter],
    issuer: UnitRef,
    scope: str,
) -> Report:
    spec = form_spec(form, period.form_version)
    columns = report_columns(form, period.form_version, counters.values())
    rows = [
        ReportRow(unit.code, unit.name, {c.key: int(counters.get(unit.code, Counter())[c.key]) for c in columns})
        for unit in units
    ]
    total = {c.key: sum(row.values[c.key] for row in rows) for c in columns}
    return Report(
        form=form,
        form_version=period.form_version,
        title=spec.title,
        scope=scope,
        unit_code=units[0].code if scope == "unit" else "",
        province_code=issuer.province_code,
        issuer=asdict(issuer),
        period=period_dict(period),
        columns=columns,
        rows=rows,
        total=total,
        notes=list(spec.notes),
        computed_at=timezone.now().isoformat(),
        unverified=spec.unverified,
    )


def province_units(province_code: str, period: Period) -> list[UnitRef]:
    """ "Toàn tỉnh": every unit of the province that existed during the period (archived ones too)."""
    from tenants.models import Unit, UnitStatus

    units = (
        Unit.objects.filter(province_code=province_code, status__in=[UnitStatus.ACTIVE, UnitStatus.ARCHIVED])
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end))
        .exclude(kind="platform")
    )
    ordered = sorted(units, key=lambda unit: (KIND_ORDER.get(unit.kind, len(KIND_ORDER)), unit.code))
    return [UnitRef.of(unit) for unit in ordered]


def unit_report(*, form: str, period: Period, unit: UnitRef) -> Report:
    counters = compute_counters(forms=[form], period=period, unit_codes=[unit.code])[form]
    return report_assemble(form=form, period=period, units=[unit], counters=counters, issuer=unit, scope="unit")


def province_report(*, form: str, period: Period, issuer: UnitRef) -> Report:
    """The province's table (one row per unit), from one grouped read of the facts."""
    units = province_units(issuer.province_code, period)
    counters = compute_counters(forms=[form], period=period, unit_codes=[u.code for u in units])[form]
    return report_assemble(form=form, period=period, units=units, counters=counters, issuer=issuer, scope="province")


def province_reports_by_unit(
    *,
    forms: Iterable[str] = FORM_CODES,
    period: Period,
    issuer: UnitRef,
    on_unit: Callable[[int, UnitRef], None] | None = None,
    before_unit: Callable[[UnitRef], None] | None = None,
) -> list[Report]:
    """The province's tables computed unit by unit (for a job that reports its progress)."""
    forms = list(forms)
    units = province_units(issuer.province_code, period)
    counters: dict[str, dict[str, Counter]] = {form: {} for form in forms}
    for index, unit in enumerate(units):
        if before_unit is not None:
            before_unit(unit)
        computed = compute_counters(forms=forms, period=period, unit_codes=[unit.code])
        for form in forms:
            counters[form][unit.code] = computed[form][unit.code]
        if on_unit is not None:
            on_unit(index + 1, unit)
    return [
        report_assemble(form=form, period=period, units=units, counters=counters[form], issuer=issuer, scope="province")
        for form in forms
    ]


def report_differences(frozen: dict, live: dict) -> list[dict]:
    """Where a submitted (frozen) table and its recomputation disagree, cell by cell."""
    labels = {c["key"]: f"({c['code']}) {c['label']}" for c in [*live["columns"], *frozen["columns"]]}
    differences = []
    live_rows = {row["unit_code"]: row["values"] for row in live["rows"]}
    for row in frozen["rows"]:
        recomputed = live_rows.get(row["unit_code"], {})
        for key in sorted(set(row["values"]) | set(recomputed), key=list(labels).index):
            before, now = row["values"].get(key, 0), recomputed.get(key, 0)
            if before != now:
                differences.append(
                    {"unit_code": row["unit_code"], "key": key, "label": labels[key], "submitted": before, "now": now}
                )
    return differences
