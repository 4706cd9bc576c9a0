"""Reads for personal data: everything the unit holds about one person, and what has outlived its
retention period under the schedule (``schedule.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from core.petitions.choices import CLOSED_STATUSES, PetitionType
from core.petitions.models import Citizen, Petition
from core.reception.models import Visit

from .schedule import RetentionRule, retention_rules

#: The name a pseudonymised citizen keeps (with their row id), so counts and links survive.
PSEUDONYM_PREFIX = "Đã ẩn danh"


def citizens_by_id_number(id_number: str) -> list[Citizen]:
    """The unit's citizen rows carrying this identity number (one person may have several rows:
    each petition or visit records the sender as given that day)."""
    return list(
        Citizen.objects.filter(id_number=id_number)
        .prefetch_related(
            # The contact for notices goes into the export: fetched with the petitions, not one query each.
            Prefetch(
                "petitions", queryset=Petition.objects.select_related("citizen_contact").order_by("received_date", "id")
            ),
            Prefetch("visits", queryset=Visit.objects.order_by("visited_at", "id")),
        )
        .order_by("id")
    )


def is_pseudonymised(citizen: Citizen) -> bool:
    return citizen.full_name.startswith(PSEUDONYM_PREFIX) and not citizen.id_number


def record_kind(petition: Petition) -> str:
    """The schedule's row for a petition: a denunciation's sender is sealed and has a row of its own."""
    return "denunciation" if petition.petition_type == PetitionType.DENUNCIATION else "petition"


def petition_retention_start(petition: Petition) -> date | None:
    """When a petition's retention starts to run: its closing (``None`` while the case is open)."""
    if petition.status not in CLOSED_STATUSES:
        return None
    return petition.closed_on or timezone.localdate(petition.updated_at)


@dataclass(frozen=True)
class PastRetention:
    """One record whose retention period has run out on the day asked about."""

    record_kind: str
    pk: int
    reference: str
    ended_on: date
    erasure_allowed: bool
    rule: RetentionRule


def records_past_retention(*, on: date) -> list[PastRetention]:
    """Closed petitions and visits whose retention (schedule row in force on ``on``) ended before ``on``."""
    rules = retention_rules(on)
    found: list[PastRetention] = []
    for petition in Petition.objects.filter(status__in=CLOSED_STATUSES).order_by("received_date", "id"):
        rule = rules.get(record_kind(petition))
        start = petition_retention_start(petition)
        ends = rule.ends_on(start) if rule and start else None
        if rule and ends and ends < on:
            found.append(
                PastRetention(rule.record_kind, petition.pk, petition.registry_number, ends, rule.erasure_allowed, rule)
            )
    visit_rule = rules.get("visit")
    if visit_rule is not None:
        for visit in Visit.objects.order_by("visited_at", "id"):
            ends = visit_rule.ends_on(timezone.localdate(visit.visited_at))
            if ends and ends < on:
                found.append(
                    PastRetention("visit", visit.pk, visit.number, ends, visit_rule.erasure_allowed, visit_rule)
                )
    return found


@dataclass
class ErasableCitizen:
    citizen: Citizen
    petitions: list[str] = field(default_factory=list)
    visits: list[str] = field(default_factory=list)


def citizens_erasable(*, on: date) -> list[ErasableCitizen]:
    """Citizens whose every petition and visit is past retention under a row that allows erasure:
    one open case, or one record still within its period, keeps the person's data as it is."""
    past = {(r.record_kind, r.pk): r for r in records_past_retention(on=on) if r.erasure_allowed}
    result = []
    citizens = Citizen.objects.prefetch_related("petitions", "visits").order_by("id")
    for citizen in citizens:
        if is_pseudonymised(citizen):
            continue
        petitions, visits = list(citizen.petitions.all()), list(citizen.visits.all())
        if not petitions and not visits:
            continue
        if all((record_kind(p), p.pk) in past for p in petitions) and all(("visit", v.pk) in past for v in visits):
            result.append(ErasableCitizen(citizen, [p.registry_number for p in petitions], [v.number for v in visits]))
    return result
