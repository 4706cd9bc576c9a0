"""The reception side of the public index: the PII-free facts of visits, sessions and staff,
pushed to ``core.caseindex`` in the transaction that changed them."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from core.caseindex.facts import Difference, ReceptionStatFacts, SessionFacts, VisitFacts
from core.caseindex.services.reception import reception_facts_compare, reception_facts_write, reception_stat_write

from ..models import ReceptionSession, Visit
from ..selectors.matters import hot_spots_open, matters_repeated
from ..selectors.profile import unit_head_id
from ..selectors.staff import trained_share


def visit_facts(visit: Visit) -> VisitFacts:
    return VisitFacts(
        source_id=visit.pk,
        date=timezone.localtime(visit.visited_at).date(),
        visit_kind=visit.kind,
        headcount=visit.headcount,
        is_crowd=visit.is_crowd,
        is_repeat=visit.is_repeat,
        petition_type=visit.petition_type,
        field_code=visit.field_code,
    )


def session_facts(session: ReceptionSession, *, head_id: int | None) -> SessionFacts:
    return SessionFacts(
        source_id=session.pk,
        date=session.date,
        session_kind=session.kind,
        session_status=session.status,
        head_in_person=session.presiding_id == head_id and not session.is_substitution,
        is_substitution=session.is_substitution,
    )


def reception_index(*, visits: Iterable[Visit] = (), sessions: Iterable[ReceptionSession] = ()) -> None:
    """Push the facts of ``visits`` and ``sessions``; call inside the transaction that changed them."""
    head_id = unit_head_id()
    reception_facts_write(
        visits=[visit_facts(visit) for visit in visits],
        sessions=[session_facts(session, head_id=head_id) for session in sessions],
    )


def reception_stat_push() -> None:
    """The unit's staff and hot-spot counts, after a change to either."""
    share = trained_share()
    reception_stat_write(
        facts=ReceptionStatFacts(
            officers_active=share.total,
            officers_trained=share.trained,
            hot_spots_open=hot_spots_open().count(),
            matters_repeated=matters_repeated().count(),
        )
    )


def reception_index_compare(*, fix: bool = False) -> Difference:
    """Compare the index with every visit and session of the active unit (and repair it if ``fix``);
    registered with ``core.caseindex.sources`` for ``manage.py caseindex_rebuild``."""
    head_id = unit_head_id()
    diff = reception_facts_compare(
        visits=[visit_facts(visit) for visit in Visit.objects.all()],
        sessions=[session_facts(session, head_id=head_id) for session in ReceptionSession.objects.all()],
        fix=fix,
    )
    if fix:
        reception_stat_push()
    return diff


def reception_rebuild() -> None:
    """Re-mirror the active unit's reception work (after a head change, or rows written directly)."""
    reception_index_compare(fix=True)
