"""The petitions' side of the public case index: the PII-free facts of a petition and of each of
its steps, pushed to ``core.caseindex`` in the transaction that wrote them, and the comparison
``manage.py caseindex_rebuild`` runs in every unit (registered in ``PetitionsConfig.ready``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings

from core.caseindex.citizen_keys import citizen_keys
from core.caseindex.facts import CaseCitizensFacts, CaseEventFacts, CaseFacts, Difference, ResultFacts
from core.caseindex.selectors import mirrored_event_ids, unit_codes
from core.caseindex.services.cases import case_event_record, case_upsert, cases_compare
from core.caseindex.services.repeats import case_citizens_check, citizen_keys_rekey, citizen_keys_stale
from tenants.db import connection

from ..choices import RESOLUTION_CLOCKS, RESOLVING_EVENTS, PetitionType
from ..models import Citizen, Petition, PetitionEvent


def _resolution_due(petition: Petition) -> date | None:
    clocks = petition.deadlines.filter(code__in=RESOLUTION_CLOCKS).order_by("-id")
    return clocks.values_list("due_date", flat=True).first()


def case_facts(petition: Petition) -> CaseFacts:
    return CaseFacts(
        case_id=petition.case_id,
        registry_number=petition.registry_number,
        petition_type=petition.petition_type,
        field_code=petition.field_code,
        channel=petition.channel,
        status=petition.status,
        outcome=petition.outcome,
        received_date=petition.received_date,
        accepted_date=petition.accepted_on,
        decided_date=petition.decided_on,
        resolution_due_date=_resolution_due(petition),
        next_due_date=petition.next_due_date,
        is_closed=petition.is_closed,
        closed_date=petition.closed_on,
    )


def matter_id(petition: Petition):
    """The matter (vụ việc) a petition belongs to: its first petition's case id."""
    if petition.same_matter_as_id is None:
        return petition.case_id
    return Petition.objects.values_list("case_id", flat=True).get(pk=petition.same_matter_as_id)


def event_facts(petition: Petition, event: PetitionEvent) -> CaseEventFacts:
    """The step, with where the petition stood after it; a resolving step says whether it was on time."""
    on_time = None
    if event.kind in RESOLVING_EVENTS:
        resolution_due = _resolution_due(petition)
        on_time = None if resolution_due is None else event.event_date <= resolution_due
    return CaseEventFacts(
        case_id=petition.case_id,
        petition_type=petition.petition_type,
        field_code=petition.field_code,
        channel=petition.channel,
        kind=event.kind,
        from_status=event.from_status,
        to_status=event.to_status,
        event_date=event.event_date,
        outcome=petition.outcome,
        complaint_level=petition.complaint_level,
        on_time=on_time,
        is_processable=petition.is_processable,
        within_jurisdiction=petition.within_jurisdiction,
        source_event_id=event.pk,
        matter_id=matter_id(petition),
        prior_resolution=petition.prior_resolution,
        results=ResultFacts.of(event.data["results"]) if (event.data or {}).get("results") else None,
    )


def petition_index(petition: Petition) -> None:
    """Write the petition's index row; call inside the transaction that changed the petition."""
    case_upsert(facts=case_facts(petition))


def petition_event_index(petition: Petition, event: PetitionEvent) -> None:
    case_event_record(facts=event_facts(petition, event))


def petition_index_compare(*, fix: bool = False, today: date | None = None) -> Difference:
    """Compare the active unit's petitions and steps with the index (and repair it if ``fix``)."""
    petitions = Petition.objects.all().iterator(chunk_size=2000)
    diff = cases_compare(cases=(case_facts(petition) for petition in petitions), fix=fix, today=today)
    diff.source = "petitions"
    unit_code, _province = unit_codes(connection.schema_name)
    events = PetitionEvent.objects.exclude(pk__in=mirrored_event_ids(unit_code)).select_related("petition")
    diff.missing_events = [event.pk for event in events]
    if fix:
        for event in events:
            petition_event_index(event.petition, event)
    return diff


#: Letters whose sender is, or may be, a denouncer: their senders never reach the index (domain.md §8),
#: not even as keyed digests; a letter of mixed contents may hold a denunciation.
SEALED_TYPES = (PetitionType.DENUNCIATION, PetitionType.MIXED)


def petition_keyable(petition: Petition) -> bool:
    """Whether the petition's senders may be known to the index by their keyed digests."""
    return not petition.is_confidential and petition.petition_type not in SEALED_TYPES


def citizens_facts(petition: Petition, *, citizens: Iterable[Citizen] | None = None) -> CaseCitizensFacts:
    """The senders' identity documents as keyed digests (the numbers are normalised at registration);
    ``citizens`` if given, else the petition's senders as stored."""
    if citizens is None:
        documents = list(petition.citizens.values_list("id_kind", "id_number"))
    else:
        documents = [(citizen.id_kind, citizen.id_number) for citizen in citizens]
    keys = [key for kind, number in documents for key in citizen_keys(kind, number)]
    return CaseCitizensFacts(case_id=petition.case_id, keys=tuple(dict.fromkeys(keys)))


def petition_repeats_check(petition: Petition, *, citizens: Iterable[Citizen] | None = None) -> list:
    """Give the index the senders' keys and record the repeats across units they reveal; call in the
    registration's transaction, after the petition's index row is written. ``citizens``: the
    senders just written, so that registration does not read them back."""
    if not petition_keyable(petition) or not settings.REPEAT_CHECK_ENABLED:
        return []
    return case_citizens_check(facts=citizens_facts(petition, citizens=citizens))


def petition_citizen_keys_rekey() -> int:
    """Re-key the active unit's indexed senders under the current secret (``manage.py caseindex_rekey``)."""
    unit_code, _province = unit_codes(connection.schema_name)
    stale = citizen_keys_stale(unit_code=unit_code)
    petitions = Petition.objects.filter(case_id__in=stale).prefetch_related("citizens")
    return citizen_keys_rekey(
        cases=(citizens_facts(p) for p in petitions.iterator(chunk_size=500) if petition_keyable(p))
    )
