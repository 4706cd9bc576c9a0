from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context

from core.petitions.services.petitions import petition_register


@pytest.fixture
def officer_a(unit_a, make_member):
    """Processing officer and leader of unit A (may register, process and decide)."""
    return make_member(unit_a, roles=("processing_officer", "leader"), username="xu_ly_a", full_name="Nông Văn Đức")


@pytest.fixture
def register(officer_a):
    def make(**overrides):
        values = {
            "channel": "post",
            "received_date": date(2026, 11, 2),
            "petition_type": "complaint",
            "field_code": "dat-dai",
            "subject": "Quyết định thu hồi đất số 12/QĐ-UBND",
            "summary": "Khiếu nại việc thu hồi đất nông nghiệp của gia đình.",
            "signer_kind": "one",
            "signers": [{"full_name": "Nguyễn Văn An", "id_kind": "cccd", "id_number": "020085001234"}],
        }
        values.update(overrides)
        with schema_context(officer_a.unit.schema_name):
            return petition_register(actor=officer_a.user, **values)

    return make
