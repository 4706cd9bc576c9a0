"""Shared builders of the reception tests (plain functions; the fixtures are in conftest.py)."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django_tenants.utils import schema_context
from docx import Document

from core.reception.models import ReceptionSession
from core.reception.services.visits import visit_log

GROUP = [{"full_name": f"Người dân {i}", "id_kind": "none", "is_representative": i < 2} for i in range(7)]


def today() -> date:
    return timezone.localdate()


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def log(member, **overrides):
    """A visit logged by ``member`` (a group of 7 with 2 representatives registering a complaint)."""
    values = {
        "visited_at": at(today(), 8),
        "place": "Phòng tiếp công dân xã",
        "petition_type": "complaint",
        "field_code": "dat-dai",
        "content": "Khiếu nại về bồi thường khi thu hồi đất làm đường.",
        "outcome": "petition",
        "citizens": GROUP,
        "headcount": 7,
        "subject": "Bồi thường thu hồi đất",
    }
    values.update(overrides)
    with schema_context(member.unit.schema_name):
        return visit_log(actor=member.user, **values)


def held_session(member, day: date, **fields) -> ReceptionSession:
    """A session recorded directly (the services refuse to schedule in the past)."""
    values = {
        "kind": "periodic",
        "date": day,
        "start_time": time(8),
        "place": "Trụ sở UBND xã",
        "presiding": member.user,
        "status": "held",
        "published_on": day - timedelta(days=14),
    }
    values.update(fields)
    with schema_context(member.unit.schema_name):
        return ReceptionSession.objects.create(**values)


def docx_text(content: bytes) -> str:
    """Every paragraph of the document, tables included, one per line."""
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return "\n".join(lines)
