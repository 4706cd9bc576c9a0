from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django_tenants.utils import schema_context

from core.documents.forms.services import forms_load
from core.nationaldb.adapters import _signing_key
from core.nationaldb.models import ExportRecord
from core.nationaldb.sending import unit_flush
from core.petitions.services.petitions import petition_classify, petition_decide_outcome, petition_register
from core.petitions.workflow import petition_transition

RECEIVED = date(2026, 11, 2)
NAME, ID_NUMBER, PHONE, ADDRESS = "Lò Văn Tố", "020090004321", "0987654321", "thôn Khòn Pát"
DENOUNCER = {"full_name": NAME, "id_kind": "cccd", "id_number": ID_NUMBER, "phone": PHONE, "address_street": ADDRESS}
COMPLAINANT = {
    "full_name": "Nguyễn Văn An",
    "id_kind": "cccd",
    "id_number": "020085001234",
    "phone": "0912345678",
    "address_street": "thôn Nà Cạo",
}
ROLES = ("processing_officer", "leader")
SCHEMA_FILE = Path(__file__).resolve().parents[3] / "core" / "nationaldb" / "schema" / "package-v1.schema.json"


@pytest.fixture(autouse=True)
def _forms(db):
    with schema_context("public"):
        forms_load()


@pytest.fixture
def national_db(settings, tmp_path):
    """The platform's hand-off configured for the test: a drop folder and a signing key of its own."""
    settings.TIEPDAN_NATIONAL_DB = {
        **settings.TIEPDAN_NATIONAL_DB,
        "adapter": "filedrop",
        "folder": str(tmp_path / "drop"),
        "signing_key": str(tmp_path / "signing-key.pem"),
        "backoff_seconds": 0,
        "max_attempts": 3,
    }
    _signing_key.cache_clear()
    yield settings.TIEPDAN_NATIONAL_DB
    _signing_key.cache_clear()


@pytest.fixture
def officer_a(unit_a, make_member):
    return make_member(unit_a, roles=ROLES, username="xu_ly_a", full_name="Nông Văn Đức")


@pytest.fixture
def officer_b(unit_b, make_member):
    return make_member(unit_b, roles=ROLES, username="xu_ly_b", full_name="Hà Thị Bình")


def case_make(officer, *, petition_type="complaint", signers=(COMPLAINANT,), steps=("classify", "accept"), **values):
    """A case through the real services: registered, then classified, proposed for acceptance and
    accepted, as far as ``steps`` says."""
    fields = {
        "channel": "post",
        "received_date": RECEIVED,
        "petition_type": petition_type,
        "field_code": "dat-dai",
        "subject": "Quyết định thu hồi đất số 12/QĐ-UBND",
        "summary": "Đề nghị xem xét việc thu hồi đất nông nghiệp.",
        "signer_kind": "one",
        "signers": list(signers),
        **values,
    }
    with schema_context(officer.unit.schema_name):
        petition = petition_register(actor=officer.user, **fields)
        if "classify" in steps:
            petition = petition_classify(
                petition=petition, actor=officer.user, is_processable=True, within_jurisdiction=True, date=RECEIVED
            )
        if "accept" in steps:
            petition = petition_decide_outcome(petition=petition, actor=officer.user, outcome="accept", date=RECEIVED)
            name = {"complaint": "complaint.accept", "denunciation": "denunciation.accept"}.get(petition_type)
            if name:
                data = {"date": RECEIVED.isoformat(), "level": 1} if petition_type == "complaint" else {}
                petition = petition_transition(petition=petition, name=name, actor=officer.user, data=data)
    return petition


def records(unit, **filters) -> list[ExportRecord]:
    with schema_context(unit.schema_name):
        return list(ExportRecord.objects.filter(**filters).order_by("id"))


def flush(unit, **kwargs):
    """What the worker does for the unit (tasks.nationaldb_send), run here in-process."""
    with schema_context(unit.schema_name):
        return unit_flush(**kwargs)
