"""A unit administrator, a leader who signs, and a certificate made in the test."""

from __future__ import annotations

import pytest

from tests.core.documents.conftest import issue, leader_a, media  # noqa: F401 - fixtures of the document engine
from tests.core.documents.test_pdf import _needs_libreoffice as needs_libreoffice  # noqa: F401 - one skip rule
from tests.core.petitions.conftest import officer_a, register  # noqa: F401 - fixtures of a real step

from .certs import PASSWORD, make_certificate, pkcs12_bytes


@pytest.fixture
def certificate_a():
    key, certificate = make_certificate("UBND xã Tân Đoàn")
    return certificate, pkcs12_bytes(key, certificate)


@pytest.fixture
def admin_b(unit_b, make_member):
    return make_member(unit_b, roles=("unit_admin",), username="quan_tri_b", full_name="Lý Văn Bảo")


def upload(client, member, data: bytes, password: str = PASSWORD, name: str = "chung-thu.p12"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(member.url("ky-so/"), {"certificate": SimpleUploadedFile(name, data), "password": password})


@pytest.fixture(autouse=True)
def _empty_cache():
    """The public check's rate limit counts in the cache: each test starts with a fresh count."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
