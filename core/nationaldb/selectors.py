"""Reads of the hand-off for the unit's pages: each case's sync state, a case's records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case as CaseWhen
from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value, When

from core.petitions.models import Petition

from .choices import STATE_SEVERITY, RecordState
from .models import ExportRecord


def _severity_rank() -> CaseWhen:
    """The case's state as a rank: its worst record wins (failed, then pending, sent, acknowledged)."""
    return CaseWhen(
        *[When(**{f"n_{state}__gt": 0}, then=Value(rank)) for rank, state in enumerate(STATE_SEVERITY)],
        default=Value(len(STATE_SEVERITY)),
        output_field=IntegerField(),
    )


def cases_sync(*, state: str | None = None) -> QuerySet[Petition]:
    """The unit's petitions that have export records, each annotated with ``n_<state>`` counts,
    ``sync_rank`` (index into ``STATE_SEVERITY``), ``last_error`` and ``last_queued_at``; newest first."""
    states = {f"n_{s}": Count("nationaldb_records", filter=Q(nationaldb_records__state=s)) for s in RecordState.values}
    last_error = (
        ExportRecord.objects.filter(petition=OuterRef("pk"), state=RecordState.FAILED)
        .order_by("-id")
        .values("last_error")[:1]
    )
    petitions = (
        Petition.objects.annotate(**states, last_queued_at=Max("nationaldb_records__created_at"))
        .filter(last_queued_at__isnull=False)
        .annotate(sync_rank=_severity_rank(), last_error=Subquery(last_error))
        .order_by("sync_rank", "-last_queued_at", "-id")
    )
    if state in RecordState.values:
        petitions = petitions.filter(sync_rank=STATE_SEVERITY.index(RecordState(state)))
    return petitions


def listed_state(petition: Petition) -> RecordState:
    """The sync state of a petition listed by ``cases_sync`` (its annotation, unknown to the stubs)."""
    return RecordState(STATE_SEVERITY[vars(petition)["sync_rank"]])


@dataclass(frozen=True)
class CaseSync:
    state: RecordState
    counts: dict[str, int]
    last_error: str
    last_queued_at: datetime | None


def case_sync(petition: Petition) -> CaseSync | None:
    """One case's sync state (the petition page's badge); None when nothing was exported yet."""
    figures = ExportRecord.objects.filter(petition=petition).aggregate(
        last_queued_at=Max("created_at"), **{s: Count("id", filter=Q(state=s)) for s in RecordState.values}
    )
    last_queued_at = figures.pop("last_queued_at")
    if last_queued_at is None:
        return None
    failed = None
    if figures[RecordState.FAILED]:
        failed = ExportRecord.objects.filter(petition=petition, state=RecordState.FAILED).order_by("-id").first()
    return CaseSync(
        state=next(s for s in STATE_SEVERITY if figures[s]),
        counts=figures,
        last_error=failed.last_error if failed else "",
        last_queued_at=last_queued_at,
    )


def case_records(petition: Petition) -> QuerySet[ExportRecord]:
    return ExportRecord.objects.filter(petition=petition).order_by("id")


def unit_counts() -> dict[str, int]:
    rows = dict(ExportRecord.objects.values_list("state").annotate(n=Count("id")).order_by())
    return {s: rows.get(s, 0) for s in RecordState.values}
