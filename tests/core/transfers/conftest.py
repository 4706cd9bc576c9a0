from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context

from core.documents.forms.services import forms_load
from core.petitions.services.petitions import petition_classify, petition_decide_outcome, petition_register
from core.transfers.choices import Direction
from core.transfers.delivery import outbox_flush
from core.transfers.models import OutboxMessage, Transfer

RECEIVED = date(2026, 11, 2)
FORWARDED_ON = date(2026, 11, 4)
NAME, ID_NUMBER, PHONE, ADDRESS = "Lò Văn Tố", "020090004321", "0987654321", "thôn Khòn Pát"
DENOUNCER = {"full_name": NAME, "id_kind": "cccd", "id_number": ID_NUMBER, "phone": PHONE, "address_street": ADDRESS}
ROLES = ("processing_officer", "leader")


@pytest.fixture(autouse=True)
def _forms(db):
    with schema_context("public"):
        forms_load()


@pytest.fixture
def officer_a(unit_a, make_member):
    return make_member(unit_a, roles=ROLES, username="xu_ly_a", full_name="Nông Văn Đức")


@pytest.fixture
def officer_b(unit_b, make_member):
    return make_member(unit_b, roles=ROLES, username="xu_ly_b", full_name="Hà Thị Bình")


@pytest.fixture
def cleared_b(unit_b, make_member):
    return make_member(unit_b, roles=("sealed_reader",), username="mat_b", full_name="Cán bộ mật B")


@pytest.fixture
def forward(officer_a, unit_b):
    """Register a petition at A, classify it as outside A's competence and forward it to B on the platform."""

    def make(*, petition_type="denunciation", signers=(DENOUNCER,), receiver=None, **overrides):
        values = {
            "channel": "post",
            "received_date": RECEIVED,
            "petition_type": petition_type,
            "field_code": "dat-dai",
            "subject": "Chủ tịch xã X lấn chiếm đất công",
            "summary": "Tố cáo việc lấn chiếm đất công làm nhà ở tại thôn Nà Cạo.",
            "signer_kind": "one",
            "signers": list(signers),
        }
        values.update(overrides)
        with schema_context(officer_a.unit.schema_name):
            petition = petition_register(actor=officer_a.user, **values)
            petition_classify(
                petition=petition, actor=officer_a.user, is_processable=True, within_jurisdiction=False, date=RECEIVED
            )
            petition = petition_decide_outcome(
                petition=petition,
                actor=officer_a.user,
                outcome="forward",
                receiving_unit=(receiver or unit_b).code,
                legal_ground="khoản 2 Điều 24 Luật Tố cáo",
                date=FORWARDED_ON,
            )
            transfer = Transfer.objects.get(petition=petition, direction=Direction.OUT)
        return petition, transfer

    return make


def flush(unit, reference: str) -> None:
    """What the worker does for the unit's outbox (tasks.transfer_deliver), run here in-process."""
    with schema_context(unit.schema_name):
        outbox_flush(reference)


def outbox(unit, reference: str) -> list[OutboxMessage]:
    with schema_context(unit.schema_name):
        return list(OutboxMessage.objects.filter(reference=reference).order_by("seq"))


def inbound(unit, reference: str) -> Transfer:
    with schema_context(unit.schema_name):
        return Transfer.objects.get(reference=reference, direction=Direction.IN)


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files under ``tmp_path/<schema>/`` (see tests/core/petitions/conftest.py)."""
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path
