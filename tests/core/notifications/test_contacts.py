"""A citizen's contact: kept only with consent, validated, never in clear in the table."""

from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from core.common.errors import ApplicationError
from core.notifications.models import CitizenContact
from core.notifications.services import contact_record
from core.notifications.services.contacts import contact_details, email_clean, phone_clean

DENOUNCER = [{"full_name": "Lý Thị Mai", "id_kind": "cccd", "id_number": "020185004321"}]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "+84912345678"),
        ("0912 345 678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("84868123456", "+84868123456"),
        ("", ""),
    ],
)
def test_phone_numbers_as_people_type_them(typed, stored):
    assert phone_clean(typed) == stored


@pytest.mark.parametrize(
    "typed", ["0241234567", "091234567", "0123456789", "+1 202 555 0143", "số điện thoại", "0912\x00345678", 912345678]
)
def test_no_mobile_number_is_refused_on_its_field(typed):
    with pytest.raises(ApplicationError) as refusal:
        phone_clean(typed)
    assert refusal.value.extra == {"field": "phone"}


@pytest.mark.parametrize("typed", ["an@", "an nguyen@example.vn", "@example.vn", "an@example", "a\x00n@example.vn", 5])
def test_bad_email_is_refused_on_its_field(typed):
    with pytest.raises(ApplicationError) as refusal:
        email_clean(typed)
    assert refusal.value.extra == {"field": "email"}


def test_email_domain_is_lower_cased_and_the_local_part_kept():
    assert email_clean("  An.Nguyen@Example.VN ") == "An.Nguyen@example.vn"


def test_no_consent_stores_nothing(register, unit_a):
    petition = register()
    with schema_context(unit_a.schema_name):
        assert contact_record(petition=petition, email="an@example.vn", phone="", consent=False) is None
        assert contact_record(petition=petition, email="", phone="  ", consent=True) is None
        assert not CitizenContact.objects.exists()


def test_consent_withdrawn_forgets_the_contact(register, unit_a):
    petition = register()
    with schema_context(unit_a.schema_name):
        contact_record(petition=petition, email="an@example.vn", phone="0912345678", consent=True)
        contact_record(petition=petition, email="an@example.vn", phone="0912345678", consent=False)
        assert not CitizenContact.objects.filter(petition=petition).exists()


def test_a_denouncers_contact_is_in_no_column_in_clear(register, unit_a):
    petition = register(petition_type="denunciation", signers=DENOUNCER)
    assert petition.is_confidential
    with schema_context(unit_a.schema_name):
        contact = contact_record(petition=petition, email="mai.ly@example.vn", phone="0987654321", consent=True)
        assert contact is not None
        assert contact_details(contact) == ("mai.ly@example.vn", "+84987654321")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {CitizenContact._meta.db_table}")
            rows = repr(cursor.fetchall())
    for clear in ("mai.ly", "example.vn", "987654321", "0987"):
        assert clear not in rows


def test_a_contact_sealed_at_one_unit_cannot_be_opened_at_another(register, unit_a, unit_b):
    petition = register()
    with schema_context(unit_a.schema_name):
        contact = contact_record(petition=petition, email="an@example.vn", phone="", consent=True)
    with schema_context(unit_b.schema_name), pytest.raises(PermissionError):
        contact_details(contact)
