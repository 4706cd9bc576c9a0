"""The unit's sync pages and the inspectorate's counts; unit A's records never reach unit B."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.nationaldb.choices import RecordState

from .conftest import DENOUNCER, NAME, case_make, flush, records

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector(inspectorate, make_member):
    return make_member(inspectorate, roles=("inspector",), username="thanh_tra", full_name="Hà Thị Thanh")


@pytest.fixture
def two_units(national_db, officer_a, officer_b, unit_a, unit_b):
    """A: a complaint and a sealed denunciation, sent; B: one complaint, still pending."""
    a1 = case_make(officer_a, steps=("classify",), subject="Việc riêng của đơn vị A")
    a2 = case_make(
        officer_a, petition_type="denunciation", signers=(DENOUNCER,), steps=("classify",), subject="Tố cáo ở A"
    )
    flush(unit_a)
    b1 = case_make(officer_b, steps=(), subject="Việc riêng của đơn vị B")
    return a1, a2, b1


def test_the_unit_lists_its_cases_by_sync_state(two_units, officer_a):
    a1, a2, _b1 = two_units
    client = officer_a.web()
    page = client.get(officer_a.url("csdl-quoc-gia/"))
    assert page.status_code == 200
    html = page.content.decode()
    for petition in (a1, a2):
        assert f'data-case="{petition.case_id}" data-state="sent"' in html
    assert 'data-state="sent" data-count="4"' in html
    assert NAME not in html
    # Filtered: nothing pending at A; everything sent.
    assert str(a1.case_id) not in client.get(officer_a.url("csdl-quoc-gia/?trang_thai=pending")).content.decode()
    assert str(a1.case_id) in client.get(officer_a.url("csdl-quoc-gia/?trang_thai=sent")).content.decode()
    # A case's records and the packages as sent, the sealed one naming no one.
    detail = client.get(officer_a.url(f"csdl-quoc-gia/don/{a2.pk}/"))
    assert detail.status_code == 200
    text = detail.content.decode()
    assert 'id="sync-state" data-state="sent"' in text
    assert "giuBiMatNguoiToCao" in text
    assert NAME not in text
    # The petition's page carries the badge.
    assert 'data-state="sent"' in client.get(officer_a.url(f"don-thu/{a1.pk}/")).content.decode()


def test_odd_input_is_a_clear_answer_never_a_500(two_units, officer_a):
    client = officer_a.web()
    # NUL and control characters are refused by the platform before any page (400).
    assert client.get(officer_a.url("csdl-quoc-gia/?trang_thai=%00")).status_code == 400
    for query in ("?trang_thai=x%C3%A9y", "?page=abc", "?page=-1&trang_thai=failed", "?trang_thai=acknowledged"):
        assert client.get(officer_a.url(f"csdl-quoc-gia/{query}")).status_code == 200
    assert client.get(officer_a.url("csdl-quoc-gia/don/999999/")).status_code == 404
    assert client.get(officer_a.url("csdl-quoc-gia/gui-lai/")).status_code == 405
    # Nothing failed: the retry says so (a message), and changes nothing.
    response = client.post(officer_a.url("csdl-quoc-gia/gui-lai/"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][1] == 302
    assert {r.state for r in records(officer_a.unit)} == {RecordState.SENT}


def test_only_processing_officers_send_again(two_units, unit_a, make_member):
    reader = make_member(unit_a, roles=("reception_officer",), username="tiep_dan_a")
    assert reader.web().post(reader.url("csdl-quoc-gia/gui-lai/")).status_code == 403


def test_unit_a_records_never_reach_unit_b(two_units, national_db, officer_b, unit_a, unit_b):
    a1, a2, b1 = two_units
    flush(unit_b)
    drop = Path(national_db["folder"])
    for unit, own, other in ((unit_a, {a1, a2}, {b1}), (unit_b, {b1}, {a1, a2})):
        lines = [json.loads(line) for f in (drop / unit.code).glob("*.jsonl") for line in f.read_text().splitlines()]
        assert lines
        assert {line["unit"]["code"] for line in lines} == {unit.code}
        assert {line["case"]["case_id"] for line in lines} == {str(p.case_id) for p in own}
        assert not {str(p.case_id) for p in other} & {line["case"]["case_id"] for line in lines}
    html = officer_b.web().get(officer_b.url("csdl-quoc-gia/")).content.decode()
    assert str(b1.case_id) in html
    for petition in (a1, a2):
        assert str(petition.case_id) not in html
        assert petition.subject not in html


def test_the_inspectorate_sees_counts_only(two_units, inspector, officer_a, unit_a, unit_b):
    a1, a2, b1 = two_units
    client = inspector.web()
    page = client.get(inspector.url("csdl-quoc-gia/tinh/"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<tr data-unit="{unit_a.code}">' in html
    assert f'<tr data-unit="{unit_b.code}">' in html
    row_b = html.split(f'<tr data-unit="{unit_b.code}">')[1].split("</tr>")[0]
    assert 'data-figure="pending">1<' in row_b
    row_a = html.split(f'<tr data-unit="{unit_a.code}">')[1].split("</tr>")[0]
    assert 'data-figure="sent">4<' in row_a
    assert 'data-figure="failed">0<' in row_a
    for petition in (a1, a2, b1):
        assert str(petition.case_id) not in html
        assert petition.registry_number not in html
        assert petition.subject not in html
    assert NAME not in html
    # Linked from the dashboard, with the province's figure.
    dashboard = client.get(inspector.url("thanh-tra/")).content.decode()
    assert 'id="nationaldb-sync"' in dashboard
    assert 'data-figure="nationaldb_failed"' in dashboard
    # A unit's own officer is no inspector.
    assert officer_a.web().get(officer_a.url("csdl-quoc-gia/tinh/")).status_code == 403
