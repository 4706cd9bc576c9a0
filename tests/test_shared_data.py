"""Shared data (tests/shared_data.py): each test that asks for it finds it as built, whatever the test
before changed; a test that does not ask for it never sees it; nothing of it is ever committed."""

from __future__ import annotations

import pytest
from django.db import connections
from django_tenants.utils import schema_context

from core.accounts.models import User
from tenants.models import Unit
from tests.conftest import UNIT_A
from tests.shared_data import shared

pytestmark = pytest.mark.django_db
USERNAME = "du_lieu_chung"


@shared("shared_officer")
def _shared_officer():
    with schema_context(Unit.objects.get(code=UNIT_A).schema_name):
        return User.objects.create(username=USERNAME, full_name="Bản gốc").pk


@pytest.fixture
def shared_officer(shared_data):
    return shared_data("shared_officer")


def _officer() -> User | None:
    with schema_context(Unit.objects.get(code=UNIT_A).schema_name):
        return User.objects.filter(username=USERNAME).first()


def test_a_test_changes_the_shared_data(shared_officer):
    officer = _officer()
    assert officer is not None
    assert (officer.pk, officer.full_name) == (shared_officer, "Bản gốc")
    with schema_context(Unit.objects.get(code=UNIT_A).schema_name):
        User.objects.filter(pk=shared_officer).update(full_name="Đã sửa")
        User.objects.create(username="them_vao")


def test_a_test_without_it_does_not_see_it():
    assert _officer() is None


def test_the_next_test_finds_it_as_built(shared_officer):
    officer = _officer()
    assert officer is not None
    assert officer.full_name == "Bản gốc"
    with schema_context(Unit.objects.get(code=UNIT_A).schema_name):
        assert not User.objects.filter(username="them_vao").exists()


def test_it_is_never_committed(shared_officer):
    """Another connection (as another process would) does not find it."""
    schema = Unit.objects.get(code=UNIT_A).schema_name
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(f'SELECT count(*) FROM "{schema}".accounts_user WHERE username = %s', [USERNAME])
            assert cursor.fetchone() == (0,)
    finally:
        other.close()
