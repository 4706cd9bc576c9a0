"""The generated caseload of one unit: petitions, their events and resolution clocks in the unit's
schema, and the matching rows of the public case index and case events."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from typing import Any

from django.db import connection

from benchmarks.harness.generate import (
    CHANNEL_WEIGHTS,
    OUTCOME_OF,
    PROCESSING_CLOSED,
    RESOLUTION_CLOSED,
    RESOLUTION_DONE,
    RESOLUTION_OPEN,
    TYPE_WEIGHTS,
    field_weights,
    pick,
    receipt_code,
    received_date,
)
from core.accounts.models import User
from core.caseindex.models import CaseEvent, CaseIndexEntry
from core.petitions.choices import CLOSED_STATUSES
from core.petitions.models import Deadline, Petition, PetitionEvent

PROCESSING_OPEN = ("registered", "classified", "classified", "acceptance_proposed", "chased")
RESOLUTION_RUNNING = {"accepted", "verifying", "dialogue"}  # a resolution clock with a due date runs
RESOLUTION_DAYS = {"complaint": 30, "denunciation": 30, "recommendation": 15, "feedback": 15}
RESOLVE_KIND = {"complaint": "complaint.decide", "denunciation": "denunciation.conclude"}  # else petition.answer
RESOLUTION_CLOCK = {"complaint": "complaint.first_resolution", "denunciation": "denunciation.resolution"}
FAMILY = {"complaint": "complaint", "denunciation": "denunciation"}  # else "petition" (workflow transitions)
SUBJECTS = [
    "Quyết định thu hồi đất số {n}/QĐ-UBND",
    "Phương án bồi thường, hỗ trợ, tái định cư dự án mở rộng đường",
    "Việc cấp giấy chứng nhận quyền sử dụng đất thửa số {n}",
    "Việc xét duyệt hộ nghèo năm {year}",
    "Sai phạm trong quản lý, sử dụng ngân sách xã",
    "Ô nhiễm môi trường do cơ sở sản xuất gây ra",
    "Việc chậm giải quyết hồ sơ hành chính",
]
SUMMARY = (
    "Người viết đơn trình bày về {subject}. Gia đình đã nhiều lần gửi đơn đến Ủy ban nhân dân "
    "nhưng chưa được trả lời. Đề nghị cơ quan có thẩm quyền xem xét, giải quyết theo quy định."
)
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
UNIT_TABLES = ("petitions_petition", "petitions_petitionevent", "petitions_deadline")


def petition_values(rng: random.Random, today: date, fields: list[str], weights: list[float]) -> dict:
    """One petition's columns: a status plausible for its age, the dates and due dates with it, and
    its events (kind, date, from status, to status, outcome after, on time)."""
    received = received_date(rng, today)
    petition_type = pick(rng, TYPE_WEIGHTS)
    age = (today - received).days
    p_open = 0.9 if age < 15 else 0.55 if age < 45 else 0.25 if age < 120 else 0.07
    classified_on = min(received + timedelta(days=rng.randint(1, 8)), today)
    accepted_on = min(classified_on + timedelta(days=rng.randint(2, 10)), today)
    decided_on = min(accepted_on + timedelta(days=rng.randint(20, 75)), today)
    values: dict[str, Any] = {"accepted_on": None, "decided_on": None, "closed_on": None, "next_due_date": None}
    if rng.random() < p_open:
        if age < 12 or petition_type == "mixed" or rng.random() < 0.2:
            status = "registered" if age < 5 and rng.random() < 0.7 else rng.choice(PROCESSING_OPEN)
        else:
            status = rng.choice(RESOLUTION_OPEN[petition_type])
            if status in RESOLUTION_DONE and decided_on >= today:
                status = "verifying" if petition_type in ("complaint", "denunciation") else "accepted"
    elif rng.random() < 0.6 or petition_type == "mixed":
        status = pick(rng, PROCESSING_CLOSED)
    else:
        status = pick(rng, RESOLUTION_CLOSED)
        if status == "inspection_lead" and petition_type != "denunciation":
            status = "closed"
    in_resolution = status in RESOLUTION_OPEN.get(petition_type, ()) or status in RESOLUTION_CLOSED
    if in_resolution and status not in ("not_accepted", "inspection_lead"):
        values["accepted_on"] = accepted_on
    resolution_due = None
    if values["accepted_on"] and petition_type in RESOLUTION_DAYS:
        resolution_due = accepted_on + timedelta(days=RESOLUTION_DAYS[petition_type] * rng.choice((1, 1, 1, 2)))
    if status in RESOLUTION_DONE or status in ("closed", "terminated", "withdrawn"):
        values["decided_on"] = decided_on
    if status in PROCESSING_CLOSED:
        values["closed_on"] = classified_on
    elif status in RESOLUTION_CLOSED:
        values["closed_on"] = min(decided_on + timedelta(days=rng.randint(3, 30)), today)
    # The next due date of an open petition: the processing deadline (about 10 working days) until
    # it is accepted, then the resolution clock while it runs.
    if status in ("registered", "classified", "acceptance_proposed", "chased"):
        values["next_due_date"] = received + timedelta(days=rng.randint(12, 16))
    elif status in RESOLUTION_RUNNING:
        values["next_due_date"] = resolution_due
    if status in OUTCOME_OF:
        outcome = OUTCOME_OF[status]
    elif status in ("registered", "classified"):
        outcome = ""
    else:
        outcome = "accept"
    family = FAMILY.get(petition_type, "petition")
    events = [("registered", received, "", "registered", "", None)]
    if status != "registered":
        events.append(("classified", classified_on, "registered", "classified", "", None))
    if outcome:
        to_status = status if status in OUTCOME_OF else "acceptance_proposed"
        events.append((f"outcome.{outcome}", classified_on, "classified", to_status, outcome, None))
    if values["accepted_on"]:
        events.append((f"{family}.accept", accepted_on, "acceptance_proposed", "accepted", outcome, None))
    if values["decided_on"] and status not in ("withdrawn", "terminated"):
        on_time = decided_on <= resolution_due if resolution_due else None
        kind = RESOLVE_KIND.get(petition_type, "petition.answer")
        events.append((kind, decided_on, "verifying", status, outcome, on_time))
    if status in RESOLUTION_CLOSED and values["closed_on"]:
        events.append((f"{family}.close", values["closed_on"], "", status, outcome, None))
    subject = rng.choice(SUBJECTS).format(n=rng.randint(1, 3000), year=received.year)
    return {
        **values,
        "case_id": uuid.UUID(int=rng.getrandbits(128), version=4),
        "channel": pick(rng, CHANNEL_WEIGHTS),
        "received_date": received,
        "petition_type": petition_type,
        "field_code": rng.choices(fields, weights)[0],
        "status": status,
        "outcome": outcome,
        "subject": subject,
        "summary": SUMMARY.format(subject=subject[0].lower() + subject[1:]),
        "complaint_level": 1 if petition_type == "complaint" and values["accepted_on"] else None,
        "is_processable": None if status == "registered" else status not in ("filed", "returned"),
        "within_jurisdiction": None if status == "registered" else status not in ("guided", "forwarded"),
        "resolution_due": resolution_due,
        "resolution_running": status in RESOLUTION_RUNNING,
        "signer_kind": "anonymous" if rng.random() < 0.05 else "one",
        "events": events,
    }


def unit_load(unit: Any, *, count: int, rng: random.Random, today: date, fields: list[str]) -> list[Any]:
    """In ``unit``'s schema (the active one): a registering officer, ``count`` petitions, their events
    and resolution clocks; then ``ANALYZE``. Returns the matching public rows (case index and case
    events), unsaved."""
    weights = field_weights(fields)
    (user,) = User.objects.bulk_create(
        [User(username="xu_ly", password="!", full_name="Nông Văn Đức", home_schema=unit.schema_name)]
    )
    rows = [petition_values(rng, today, fields, weights) for _ in range(count)]
    rows.sort(key=lambda row: row["received_date"])
    petitions, public, numbers, codes = [], [], {}, set()
    for row in rows:
        year = row["received_date"].year
        numbers[year] = numbers.get(year, 0) + 1
        registry_number = f"{numbers[year]:05d}/{year}"
        petitions.append(
            Petition(
                case_id=row["case_id"],
                receipt_code=receipt_code(rng, RECEIPT_ALPHABET, codes),
                registry_number=registry_number,
                channel=row["channel"],
                received_date=row["received_date"],
                signer_kind=row["signer_kind"],
                signer_count=0 if row["signer_kind"] == "anonymous" else 1,
                petition_type=row["petition_type"],
                field_code=row["field_code"],
                subject=row["subject"],
                summary=row["summary"],
                is_confidential=row["petition_type"] == "denunciation" and row["signer_kind"] != "anonymous",
                status=row["status"],
                is_processable=row["is_processable"],
                within_jurisdiction=row["within_jurisdiction"],
                outcome=row["outcome"],
                complaint_level=row["complaint_level"],
                accepted_on=row["accepted_on"],
                decided_on=row["decided_on"],
                closed_on=row["closed_on"],
                next_due_date=row["next_due_date"],
                registered_by=user,
            )
        )
        closed = row["status"] in CLOSED_STATUSES
        public.append(
            CaseIndexEntry(
                case_id=row["case_id"],
                unit_code=unit.code,
                province_code=unit.province_code,
                registry_number=registry_number,
                petition_type=row["petition_type"],
                field_code=row["field_code"],
                channel=row["channel"],
                status=row["status"],
                outcome=row["outcome"],
                received_date=row["received_date"],
                accepted_date=row["accepted_on"],
                decided_date=row["decided_on"],
                resolution_due_date=row["resolution_due"] if row["decided_on"] else None,
                next_due_date=row["next_due_date"],
                is_overdue=bool(row["next_due_date"] and row["next_due_date"] < today and not closed),
                closed_date=row["closed_on"],
            )
        )
    Petition.objects.bulk_create(petitions)
    events, clocks, pairs = [], [], []
    for petition, row in zip(petitions, rows, strict=True):
        for kind, on, from_status, to_status, outcome, on_time in row["events"]:
            event = PetitionEvent(
                petition=petition, kind=kind, from_status=from_status, to_status=to_status, actor=user, event_date=on
            )
            events.append(event)
            pairs.append((event, row, outcome, on_time))
        if row["resolution_due"]:
            accepted = row["accepted_on"]
            clocks.append(
                Deadline(
                    petition=petition,
                    code=RESOLUTION_CLOCK.get(row["petition_type"], "petition.answer_sla"),
                    rule_id=1,
                    legal_basis="",
                    description="",
                    unit="d",
                    length=(row["resolution_due"] - accepted).days,
                    start_event="accepted",
                    start_date=accepted,
                    rule_date=accepted,
                    due_date=row["resolution_due"],
                    state=Deadline.State.OPEN if row["resolution_running"] else Deadline.State.MET,
                    closed_on=None if row["resolution_running"] else row["decided_on"] or row["closed_on"],
                )
            )
    PetitionEvent.objects.bulk_create(events)
    Deadline.objects.bulk_create(clocks)
    public += [
        CaseEvent(
            case_id=row["case_id"],
            unit_code=unit.code,
            province_code=unit.province_code,
            petition_type=row["petition_type"],
            field_code=row["field_code"],
            channel=row["channel"],
            kind=event.kind,
            from_status=event.from_status,
            to_status=event.to_status,
            event_date=event.event_date,
            outcome=outcome,
            complaint_level=row["complaint_level"],
            on_time=on_time,
            source_event_id=event.pk,
        )
        for event, row, outcome, on_time in pairs
    ]
    with connection.cursor() as cursor:
        for table in UNIT_TABLES:
            cursor.execute(f"ANALYZE {table}")
    return public
