"""Fixtures of the inspectorate's tests: an inspector of 20-TTR, officers who register petitions in
any unit, and the seeded citizens whose names and numbers must never reach the inspectorate."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django_tenants.utils import schema_context

from core.petitions.services.petitions import petition_register

#: Seeded personal data: none of it may appear in an inspectorate response or page.
CITIZEN, CITIZEN_ID, CITIZEN_PHONE = "Nguyễn Văn An", "020085001234", "0912345678"
DENOUNCER, DENOUNCER_ID, DENOUNCER_PHONE = "Lò Văn Tố", "020090004321", "0987654321"
SECRETS = (CITIZEN, CITIZEN_ID, CITIZEN_PHONE, DENOUNCER, DENOUNCER_ID, DENOUNCER_PHONE, "Lò Văn")


def leaks(response) -> list[str]:
    """The seeded secrets found in a response (JSON decoded, so escaped text is caught too)."""
    if response.get("Content-Type", "").startswith("application/json"):
        text = json.dumps(response.json(), ensure_ascii=False)
    else:
        text = response.content.decode()
    return [secret for secret in SECRETS if secret in text]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Form letters written by the services go to a temporary folder. django-tenants' storage caches
    its media root (``relative_media_root``) and ignores later MEDIA_ROOT changes, so the cache is
    dropped before and after: otherwise a later test's own MEDIA_ROOT would not be honoured."""
    from django.core.files.storage import storages

    settings.MEDIA_ROOT = tmp_path
    storages["default"].__dict__.pop("relative_media_root", None)
    yield
    storages["default"].__dict__.pop("relative_media_root", None)


@pytest.fixture
def inspector(inspectorate, make_member):
    return make_member(inspectorate, roles=("inspector",), username="thanh_tra", full_name="Hà Thị Thanh")


@pytest.fixture
def inspector_2(inspectorate, make_member):
    return make_member(inspectorate, roles=("inspector",), username="thanh_tra_2", full_name="Vy Văn Hùng")


@pytest.fixture
def officers(make_member):
    """A processing officer and leader per unit, created on first use."""
    made: dict = {}

    def get(unit):
        if unit.code not in made:
            made[unit.code] = make_member(
                unit,
                roles=("processing_officer", "leader"),
                username=f"xu_ly_{unit.code.lower().replace('-', '_')}",
                full_name="Nông Văn Đức",
            )
        return made[unit.code]

    return get


@pytest.fixture
def register_in(officers):
    def make(unit, **overrides):
        officer = officers(unit)
        values = {
            "channel": "post",
            "received_date": date(2026, 11, 2),
            "petition_type": "complaint",
            "field_code": "dat-dai",
            "subject": "Quyết định thu hồi đất số 12/QĐ-UBND",
            "summary": "Khiếu nại việc thu hồi đất nông nghiệp của gia đình.",
            "signer_kind": "one",
            "signers": [{"full_name": CITIZEN, "id_kind": "cccd", "id_number": CITIZEN_ID, "phone": CITIZEN_PHONE}],
        }
        values.update(overrides)
        with schema_context(unit.schema_name):
            return petition_register(actor=officer.user, **values)

    return make


@pytest.fixture
def denounce_in(register_in):
    def make(unit, **overrides):
        values = {
            "petition_type": "denunciation",
            "subject": "Cán bộ địa chính xã nhận tiền",
            "summary": "Tố cáo cán bộ địa chính nhận tiền khi làm thủ tục cấp giấy chứng nhận.",
            "signers": [
                {"full_name": DENOUNCER, "id_kind": "cccd", "id_number": DENOUNCER_ID, "phone": DENOUNCER_PHONE}
            ],
        }
        values.update(overrides)
        return register_in(unit, **values)

    return make


@pytest.fixture
def inspector_3(inspectorate, make_member):
    return make_member(inspectorate, roles=("inspector",), username="thanh_tra_3", full_name="Lăng Văn Sơn")


@pytest.fixture
def approved_grant(inspectorate, make_member):
    """A grant for an inspector as the four-eyes rule makes one: asked by another inspector, approved
    by the inspectorate's head (a leader), neither of them the grantee."""
    from django.utils import timezone

    from core.oversight.services import grant_approve, grant_create

    people: dict = {}

    def make(inspector, unit, **overrides):
        if not people:
            people["asker"] = make_member(inspectorate, roles=("inspector",), username="tt_de_nghi")
            people["head"] = make_member(inspectorate, roles=("leader",), username="chanh_thanh_tra")
        today = timezone.localdate()
        values = {
            "username": inspector.user.username,
            "unit_code": unit.code,
            "valid_from": today,
            "valid_to": today + timedelta(days=10),
            "reason": "Xác minh việc giải quyết đơn quá hạn.",
        }
        values.update(overrides)
        with schema_context(inspectorate.schema_name):
            grant = grant_create(inspectorate=inspectorate, actor=people["asker"].user, **values)
            return grant_approve(grant=grant, inspectorate=inspectorate, actor=people["head"].user)

    return make
