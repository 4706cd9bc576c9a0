"""Open311 fixtures: a registered client application of a unit, and the GeoReport calls."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.test import Client
from django_tenants.utils import schema_context

#: The specification's example POST (wiki.open311.org/GeoReport_v2, "POST Service Request"), moved
#: to Lạng Sơn: its fields, a service of ours, a Vietnamese mobile number.
SPEC_POST = {
    "service_code": "PA-MOI-TRUONG",
    "lat": "21.853708",
    "long": "106.761519",
    "address_string": "Thôn Bản Pjầu, xã Tân Đoàn",
    "email": "smit333@example.vn",
    "device_id": "tt222111",
    "account_id": "123456",
    "first_name": "An",
    "last_name": "Nguyễn Văn",
    "phone": "0912 345 678",
    "description": "Bãi rác tự phát ven suối gây ô nhiễm nguồn nước của thôn.",
    "media_url": "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg",
}


@dataclass
class App:
    """An Open311 client application of one unit, with its key."""

    unit: object
    client_id: int
    key: str

    def url(self, path: str, unit=None) -> str:
        return f"/u/{(unit or self.unit).code}/open311/v2/{path}"

    def post(self, fmt: str = "json", *, unit=None, **fields):
        data = {"api_key": self.key, "jurisdiction_id": (unit or self.unit).code, **SPEC_POST, **fields}
        data = {name: value for name, value in data.items() if value is not None}
        return Client().post(
            self.url(f"requests.{fmt}", unit), urlencode(data), content_type="application/x-www-form-urlencoded"
        )


def app_make(unit, admin, *, name: str = "Ứng dụng Lạng Sơn Số", collects_consent: bool = True) -> App:
    from core.open311.services import client_create

    with schema_context(unit.schema_name):
        client, key = client_create(actor=admin.user, name=name, collects_consent=collects_consent)
    return App(unit=unit, client_id=client.pk, key=key)


@pytest.fixture
def app_a(unit_a, admin_a) -> App:
    return app_make(unit_a, admin_a)


@pytest.fixture
def admin_b(unit_b, make_member):
    return make_member(unit_b, roles=("unit_admin",), username="quan_tri_b", full_name="Lý Thị Hoa")


@pytest.fixture
def app_b(unit_b, admin_b) -> App:
    return app_make(unit_b, admin_b, name="Ứng dụng phường")
