"""Isolation: a petition sent online to unit A exists only in A. Unit B's officers, list, API and
public lookup do not see it; A's receipt and its document are refused to any other session,
including the same browser asking at unit B."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tests.core.intake.conftest import CCCD, NAME

pytestmark = pytest.mark.django_db


def test_a_submission_to_unit_a_is_invisible_at_unit_b(send, quick, unit_a, unit_b, make_member):
    from core.intake.models import Submission
    from core.petitions.models import Petition

    browser = Client()
    sent = send(unit_a, client=browser)
    assert sent.status_code == 302
    with schema_context(unit_a.schema_name):
        petition = Petition.objects.get()
    with schema_context(unit_b.schema_name):
        assert not Petition.objects.exists()
        assert not Submission.objects.exists()

    officer_b = make_member(unit_b, roles=("processing_officer",), username="xl_b")
    listed = officer_b.web().get(officer_b.url("don-thu/"), {"channel": "online"})
    assert listed.status_code == 200
    html = listed.content.decode()
    assert petition.registry_number not in html
    assert NAME not in html
    assert officer_b.web().get(officer_b.url(f"don-thu/{petition.pk}/")).status_code == 404
    api = officer_b.api().get(officer_b.url("api/v1/petitions/"), {"search": NAME})
    assert api.status_code == 200
    assert CCCD not in api.content.decode()
    assert NAME not in api.content.decode()
    lookup_b = Client().post(f"/u/{unit_b.code}/tra-cuu/", {"code": petition.receipt_code})
    assert petition.registry_number not in lookup_b.content.decode()

    # The receipt of A's submission: for the browser that sent it, at A, and nowhere else.
    assert browser.get(f"/u/{unit_a.code}/gui-don/bien-nhan/").status_code == 200
    assert browser.get(f"/u/{unit_b.code}/gui-don/bien-nhan/").status_code == 404
    assert browser.get(f"/u/{unit_b.code}/gui-don/bien-nhan/tai-ve/").status_code == 404
    other = Client()
    assert other.get(f"/u/{unit_a.code}/gui-don/bien-nhan/").status_code == 404
    assert other.get(f"/u/{unit_a.code}/gui-don/bien-nhan/tai-ve/").status_code == 404
    # A session that sent to B cannot be pointed at A's receipt either (ids are per unit).
    sent_b = send(unit_b, client=other, subject="Một việc ở phường")
    assert sent_b.status_code == 302
    with schema_context(unit_b.schema_name):
        petition_b = Petition.objects.get()
    receipt_b = other.get(f"/u/{unit_b.code}/gui-don/bien-nhan/").content.decode()
    assert petition_b.receipt_code in receipt_b
    assert petition.receipt_code not in receipt_b
