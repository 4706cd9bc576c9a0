"""The big unit's data, bulk-loaded (not through the service): petitions with everything that goes
with them, as the services would have left them; then ``VACUUM (ANALYZE)``."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from benchmarks.harness.generate import (
    CHANNEL_WEIGHTS,
    OUTCOME_OF,
    PROCESSING_CLOSED,
    RESOLUTION_CLOSED,
    RESOLUTION_DONE,
    RESOLUTION_OPEN,
    TYPE_WEIGHTS,
    received_date,
)
from benchmarks.petitions.generator import FORWARDERS, Generator
from core.caseindex.models import CaseIndexEntry
from core.catalogue.models import PetitionField
from core.legal.engine import WorkCalendar
from core.legal.selectors import DeadlineRuleNotFound, compute
from core.petitions import sealing
from core.petitions.choices import CLOSED_STATUSES
from core.petitions.models import (
    Citizen,
    Deadline,
    Petition,
    PetitionEvent,
    RegistryCounter,
    SealedIdentity,
    Signer,
)
from tenants.catalogue import province_units

#: The statuses in which the resolution clock still runs (a suspended one is paused, not stopped).
RESOLUTION_RUNNING = {"accepted", "verifying", "dialogue", "suspended"}
RESOLUTION_CLOCK = {
    "complaint": "complaint.first_resolution",
    "denunciation": "denunciation.resolution",
    "recommendation": "petition.answer_sla",
    "feedback": "petition.answer_sla",
}
TABLES = (
    "petitions_petition",
    "petitions_citizen",
    "petitions_signer",
    "petitions_deadline",
    "petitions_petitionevent",
    "petitions_sealedidentity",
    "public.caseindex_caseindexentry",
)
CLOSED = sorted(CLOSED_STATUSES)


@dataclass
class LoadContext:
    unit: Any
    user: Any
    gen: Generator
    calendar: WorkCalendar
    computed: dict[tuple[str, str, date], Any]
    citizen_ids: list[int]
    registry: dict[int, int]
    missing_rules: dict[str, int]


def _computed(ctx: LoadContext, code: str, variant: str, start: date) -> Any:
    """``core.legal`` deadline of ``code`` from ``start`` (cached), or None when no rule is in force."""
    key = (code, variant, start)
    if key not in ctx.computed:
        try:
            ctx.computed[key] = compute(code=code, start=start, variant=variant, calendar=ctx.calendar)
        except DeadlineRuleNotFound:
            ctx.computed[key] = None
            ctx.missing_rules[code] = ctx.missing_rules.get(code, 0) + 1
    return ctx.computed[key]


def _status_and_dates(gen: Generator, petition_type: str, received: date) -> dict[str, Any]:
    """A status plausible for the petition's age, with the dates and fields that go with it."""
    rng, today = gen.rng, gen.today
    age = (today - received).days
    p_open = 0.9 if age < 15 else 0.55 if age < 45 else 0.25 if age < 120 else 0.07
    classified_on = min(received + timedelta(days=rng.randint(1, 8)), today)
    accepted_on = min(classified_on + timedelta(days=rng.randint(2, 10)), today)
    decided_on = min(accepted_on + timedelta(days=rng.randint(20, 75)), today)
    values: dict[str, Any] = {"status": "registered", "classified_on": None, "accepted_on": None}
    if rng.random() < p_open:
        if age < 5:
            status = "registered" if rng.random() < 0.7 else "classified"
        elif age < 12 or petition_type == "mixed" or rng.random() < 0.2:
            status = rng.choice(("registered", "classified", "classified", "acceptance_proposed", "chased"))
        else:
            status = rng.choice(RESOLUTION_OPEN[petition_type])
            if status in RESOLUTION_DONE and decided_on >= today:
                status = "verifying" if petition_type in ("complaint", "denunciation") else "accepted"
    elif rng.random() < 0.6 or petition_type == "mixed":
        status = gen.pick(PROCESSING_CLOSED)
    else:
        status = gen.pick(RESOLUTION_CLOSED)
        if status == "inspection_lead" and petition_type != "denunciation":
            status = "closed"
    values["status"] = status
    if status != "registered":
        values["classified_on"] = classified_on
        values["is_processable"] = status not in ("filed", "returned") or rng.random() < 0.5
        values["within_jurisdiction"] = status not in ("guided", "forwarded")
    if status in OUTCOME_OF:
        values["outcome"] = OUTCOME_OF[status]
        if status in ("guided", "forwarded", "chased"):
            values["competent_body"] = f"Ủy ban nhân dân {rng.choice(gen.wards)[1]}"
    elif status not in ("registered", "classified"):
        values["outcome"] = "accept"
    in_resolution = status in RESOLUTION_OPEN.get(petition_type, ()) or status in RESOLUTION_CLOSED
    if in_resolution and status not in ("not_accepted", "inspection_lead"):
        values["accepted_on"] = accepted_on
        values["complaint_level"] = 1 if petition_type == "complaint" else None
    if status in RESOLUTION_DONE or status in ("closed", "terminated", "withdrawn"):
        values["decided_on"] = decided_on
    if status in PROCESSING_CLOSED:
        values["closed_on"] = classified_on
    elif status in RESOLUTION_CLOSED:
        values["closed_on"] = min(decided_on + timedelta(days=rng.randint(3, 30)), today)
    return values


def _deadlines(ctx: LoadContext, petition: Petition, values: dict[str, Any]) -> list[Deadline]:
    """The deadline rows the services would have left, and the petition's next due date."""
    status, received = values["status"], petition.received_date
    closed = values.get("closed_on")
    rows = []

    def add(code: str, variant: str, start: date, *, running: bool, ended: date | None, pauses=None) -> None:
        result = _computed(ctx, code, variant, start)
        if result is None:
            return
        state = Deadline.State.OPEN if running else Deadline.State.CANCELLED if closed else Deadline.State.MET
        suspended = running and pauses
        rows.append(
            Deadline(
                petition=petition,
                code=code,
                variant=result.variant,
                rule_id=result.rule_id,
                legal_basis=result.legal_basis,
                description=result.description_vi[:255],
                unit=result.unit,
                length=result.length,
                start_event="accepted" if code == RESOLUTION_CLOCK.get(petition.petition_type) else "received",
                start_date=start,
                pauses=pauses or [],
                rule_date=start,
                due_date=None if suspended else result.due_date,
                is_operative=result.is_operative,
                is_statutory=result.is_statutory,
                state=state,
                closed_on=None if running else ended,
            )
        )

    processing = status in ("registered", "classified")
    ended = values.get("classified_on") or closed
    if petition.channel == "reception":
        add("reception.outcome_notice", "", received, running=processing, ended=ended)
    add("submission.processing_sla", "", received, running=processing, ended=ended)
    add("submission.hard_alarm", "", received, running=processing, ended=ended)
    before_acceptance = status in ("registered", "classified", "acceptance_proposed")
    accepted_on = values.get("accepted_on")
    if petition.petition_type == "complaint":
        add("complaint.acceptance", "", received, running=before_acceptance, ended=accepted_on or ended)
        add("complaint.acceptance", "law", received, running=before_acceptance, ended=accepted_on or ended)
    elif petition.petition_type == "denunciation":
        add("denunciation.initial_check", "", received, running=before_acceptance, ended=accepted_on or ended)
    code = RESOLUTION_CLOCK.get(petition.petition_type)
    if code and accepted_on:
        variant = "complex" if code == "complaint.first_resolution" and ctx.gen.rng.random() < 0.1 else ""
        pauses = None
        if status == "suspended":
            pauses = [[min(accepted_on + timedelta(days=10), ctx.gen.today).isoformat(), None]]
        add(
            code,
            variant,
            accepted_on,
            running=status in RESOLUTION_RUNNING,
            ended=values.get("decided_on") or closed,
            pauses=pauses,
        )
    dues = [row.due_date for row in rows if row.state == "open" and row.is_operative and row.due_date]
    petition.next_due_date = None if closed else min(dues, default=None)
    return rows


def _petition_batch(ctx: LoadContext, received_dates: list[date]) -> dict[str, int]:
    """Create the petitions received on ``received_dates`` with everything that goes with them."""
    gen, rng, today = ctx.gen, ctx.gen.rng, ctx.gen.today
    petitions, statuses, senders = [], [], []
    for received in received_dates:
        petition_type = gen.pick(TYPE_WEIGHTS)
        channel = gen.pick(CHANNEL_WEIGHTS)
        anonymous = rng.random() < (0.3 if petition_type == "denunciation" else 0.03)
        several = not anonymous and rng.random() < 0.1
        signer_kind = "anonymous" if anonymous else "several" if several else "one"
        listed = 0 if anonymous else rng.randint(2, 5) if several else 1
        count = 0 if anonymous else (listed if rng.random() < 0.6 else rng.randint(listed, 60)) if several else 1
        people = [gen.citizen_values() for _ in range(listed)]
        # About one sender in eight has written before: reuse a citizen already in the unit.
        reused = [rng.choice(ctx.citizen_ids) if ctx.citizen_ids and rng.random() < 0.12 else None for _ in people]
        confidential = petition_type == "denunciation" and not anonymous
        field_code = rng.choices(gen.fields, gen.field_weights)[0]
        phrase = gen.sender_phrase(signer_kind, petition_type, [person["full_name"] for person in people], count)
        subject, summary = gen.texts(
            petition_type=petition_type, field_code=field_code, sender=phrase, received=received
        )
        values = _status_and_dates(gen, petition_type, received)
        ctx.registry[received.year] = ctx.registry.get(received.year, 0) + 1
        forwarded = channel in ("transferred", "forwarded")
        petition = Petition(
            receipt_code=gen.receipt_code(),
            registry_number=f"{ctx.registry[received.year]:05d}/{received.year}",
            channel=channel,
            received_date=received,
            forwarded_by=rng.choice(FORWARDERS) if forwarded else "",
            forwarding_reference=f"{rng.randint(1, 9999)}/CV-BDN" if forwarded else "",
            signer_kind=signer_kind,
            signer_count=count,
            petition_type=petition_type,
            field_code=field_code,
            subject=subject,
            summary=summary,
            has_concrete_evidence=rng.random() < 0.3,
            is_confidential=confidential,
            # As petition_register writes it (a reused citizen's stored name may differ: close enough).
            senders_text="" if confidential else " ".join(person["full_name"] for person in people),
            status=values["status"],
            is_processable=values.get("is_processable"),
            within_jurisdiction=values.get("within_jurisdiction"),
            outcome=values.get("outcome", ""),
            competent_body=values.get("competent_body", ""),
            complaint_level=values.get("complaint_level"),
            accepted_on=values.get("accepted_on"),
            decided_on=values.get("decided_on"),
            closed_on=values.get("closed_on"),
            registered_by=ctx.user,
        )
        petitions.append(petition)
        statuses.append(values)
        senders.append((people, reused, confidential))

    deadlines = [
        row for petition, values in zip(petitions, statuses, strict=True) for row in _deadlines(ctx, petition, values)
    ]
    Petition.objects.bulk_create(petitions)

    new_citizens, links, sealed = [], [], []
    for petition, (people, reused, confidential) in zip(petitions, senders, strict=True):
        if confidential:
            sealed.append(SealedIdentity(petition=petition, ciphertext=sealing.seal({"signers": people})))
            continue
        for position, (person, existing) in enumerate(zip(people, reused, strict=True)):
            citizen = None if existing else Citizen(**person)
            if citizen is not None:
                new_citizens.append(citizen)
            links.append((petition, citizen, existing, position == 0 and len(people) > 1))
    Citizen.objects.bulk_create(new_citizens)
    seen: set[tuple[int, int]] = set()
    signers = []
    for petition, citizen, existing, representative in links:
        citizen_id = existing or citizen.pk
        if (petition.pk, citizen_id) in seen:
            continue
        seen.add((petition.pk, citizen_id))
        signers.append(Signer(petition=petition, citizen_id=citizen_id, is_representative=representative))
    Signer.objects.bulk_create(signers)
    SealedIdentity.objects.bulk_create(sealed)
    ctx.citizen_ids += [citizen.pk for citizen in new_citizens]
    Deadline.objects.bulk_create(deadlines)

    events = []
    for petition, values in zip(petitions, statuses, strict=True):
        events.append(
            PetitionEvent(
                petition=petition,
                kind="registered",
                actor=ctx.user,
                event_date=petition.received_date,
                to_status="registered",
            )
        )
        if petition.status != "registered":
            events.append(
                PetitionEvent(
                    petition=petition,
                    kind=f"outcome.{petition.outcome}" if petition.outcome else "classified",
                    actor=ctx.user,
                    event_date=petition.closed_on or values.get("classified_on") or petition.received_date,
                    from_status="registered",
                    to_status=petition.status,
                )
            )
    PetitionEvent.objects.bulk_create(events)

    index_rows = [
        CaseIndexEntry(
            case_id=petition.case_id,
            unit_code=ctx.unit.code,
            province_code=ctx.unit.province_code,
            registry_number=petition.registry_number,
            petition_type=petition.petition_type,
            field_code=petition.field_code,
            channel=petition.channel,
            status=petition.status,
            outcome=petition.outcome,
            received_date=petition.received_date,
            next_due_date=petition.next_due_date,
            is_overdue=bool(petition.next_due_date and petition.next_due_date < today and not petition.is_closed),
            closed_date=petition.closed_on,
        )
        for petition in petitions
    ]
    CaseIndexEntry.objects.bulk_create(index_rows)
    return {"deadlines": len(deadlines), "events": len(events), "signers": len(signers)}


def petitions_load(unit: Any, user: Any, *, count: int, batch: int, rng: random.Random) -> dict[str, Any]:
    """Bulk-load ``count`` petitions into ``unit`` (the active schema), oldest first, then VACUUM ANALYZE."""
    today = timezone.localdate()
    fields = list(PetitionField.objects.filter(is_active=True).values_list("code", flat=True))
    wards = [(spec.code, spec.name) for spec in province_units(unit.province_code) if spec.code.isdigit()]
    gen = Generator(rng, fields=fields, wards=wards, today=today)
    first = today - timedelta(days=730)
    calendar = WorkCalendar.from_db(first - timedelta(days=30), today + timedelta(days=500))
    ctx = LoadContext(unit, user, gen, calendar, {}, [], {}, {})
    # Oldest first, so that ids and registry numbers follow the dates as they would.
    dates = sorted(received_date(rng, today) for _ in range(count))
    started = time.perf_counter()
    totals = {"deadlines": 0, "events": 0, "signers": 0}
    for offset in range(0, count, batch):
        with transaction.atomic():
            done = _petition_batch(ctx, dates[offset : offset + batch])
        for key, number in done.items():
            totals[key] += number
        loaded = min(offset + batch, count)
        if loaded % (batch * 4) == 0 or loaded == count:
            print(f"  {loaded:,}/{count:,} petitions loaded ({time.perf_counter() - started:.0f} s)", flush=True)
    for year, number in ctx.registry.items():  # a unit that already has a counter (a rerun) keeps the higher
        counter, _created = RegistryCounter.objects.get_or_create(year=year)
        counter.last_number = max(counter.last_number, number)
        counter.save(update_fields=["last_number"])
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    return {
        "load_seconds": load_seconds,
        "vacuum_analyze_seconds": time.perf_counter() - started,
        "deadline_rules_not_in_force": ctx.missing_rules,
    }


def data_sizes(schema_name: str) -> dict[str, Any]:
    """Row counts and sizes of the unit's petition tables (and the public case index), in MB."""
    tables: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            qualified = table if "." in table else f'"{schema_name}".{table}'
            cursor.execute(
                f"SELECT count(*), pg_table_size('{qualified}'), pg_indexes_size('{qualified}'), "
                f"pg_total_relation_size('{qualified}') FROM {qualified}"
            )
            rows, table_bytes, index_bytes, total_bytes = cursor.fetchone()
            tables[table.removeprefix("public.")] = {
                "rows": rows,
                "table_mb": table_bytes / 2**20,
                "indexes_mb": index_bytes / 2**20,
                "total_mb": total_bytes / 2**20,
            }
        cursor.execute(
            "SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relname LIKE %s ORDER BY 1",
            [schema_name, "%trgm%"],
        )
        trigram = {name: size / 2**20 for name, size in cursor.fetchall()}
        cursor.execute("SELECT pg_database_size(current_database())")
        database_mb = cursor.fetchone()[0] / 2**20
        cursor.execute(
            f"SELECT count(*) FILTER (WHERE next_due_date < current_date AND status <> ALL(%s)), "
            f"count(*) FILTER (WHERE status <> ALL(%s)), count(*) FILTER (WHERE next_due_date IS NOT NULL) "
            f'FROM "{schema_name}".petitions_petition',
            [CLOSED, CLOSED],
        )
        overdue, open_, with_due = cursor.fetchone()
    return {
        "tables": tables,
        "trigram_indexes_mb": trigram,
        "database_mb": database_mb,
        "open_petitions": open_,
        "overdue_petitions": overdue,
        "petitions_with_next_due_date": with_due,
    }
