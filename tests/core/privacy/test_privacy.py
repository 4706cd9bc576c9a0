"""Personal data (Law 91/2025/QH15): a citizen's export on request, and pseudonymisation of closed
cases past the retention schedule, both audited without the identity number in clear."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from core.accounts.audit import Kind, audit_verify
from core.accounts.models import AuditEntry
from core.common.errors import ApplicationError, PermissionDeniedError
from core.notifications.models import CitizenContact
from core.notifications.services import contact_record
from core.petitions.models import Citizen, Petition, SealedIdentityAccess
from core.petitions.services.petitions import petition_register
from core.privacy.schedule import retention_rules
from core.privacy.selectors import records_past_retention
from core.privacy.services import personal_data_export, retention_erase

pytestmark = pytest.mark.django_db
ID_AN = "020085001234"
ID_BINH = "020085005678"
REASON = "Đơn yêu cầu cung cấp dữ liệu ngày 03/12/2026"


def _register(member, *, name, id_number, subject, petition_type="complaint", received=None):
    return petition_register(
        actor=member.user,
        channel="post",
        received_date=received or timezone.localdate(),
        petition_type=petition_type,
        field_code="dat-dai",
        subject=subject,
        summary="Nội dung đơn.",
        signer_kind="one",
        signers=[{"full_name": name, "id_kind": "cccd", "id_number": id_number, "phone": "0912345678"}],
    )


def _close(petition, closed_on: date) -> None:
    Petition.objects.filter(pk=petition.pk).update(status="closed", closed_on=closed_on)


@pytest.fixture
def cases(admin_a, make_member, member_b):
    officer = make_member(admin_a.unit, roles=("processing_officer",), username="xu_ly")
    with schema_context(admin_a.unit.schema_name):
        own = _register(officer, name="Nguyễn Văn An", id_number=ID_AN, subject="Thu hồi đất thôn Nà Pàn")
        contact_record(petition=own, email="an.nguyen@example.vn", phone="0912345678", consent=True)
        other = _register(officer, name="Trần Văn Bình", id_number=ID_BINH, subject="Cấp sổ đỏ chậm")
        sealed = _register(
            officer, name="Nguyễn Văn An", id_number=ID_AN, subject="Cán bộ xã nhận tiền", petition_type="denunciation"
        )
    with schema_context(member_b.unit.schema_name):
        elsewhere = _register(member_b, name="Nguyễn Văn An", id_number=ID_AN, subject="Việc ở phường khác")
    return {"own": own, "other": other, "sealed": sealed, "elsewhere": elsewhere}


def _exports(admin) -> list[AuditEntry]:
    with schema_context(admin.unit.schema_name):
        return list(AuditEntry.objects.filter(kind=Kind.PERSONAL_DATA_EXPORTED).order_by("seq"))


def test_the_export_holds_the_persons_data_only_and_is_audited_without_the_number(admin_a, cases):
    response = admin_a.web().post(admin_a.url("du-lieu-ca-nhan/"), {"id_number": ID_AN, "reason": REASON})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert ID_AN not in response["Content-Disposition"]
    export = json.loads(response.content)
    assert [c["full_name"] for c in export["citizens"]] == ["Nguyễn Văn An"]
    assert [p["registry_number"] for p in export["petitions"]] == [cases["own"].registry_number]
    assert export["petitions"][0]["subject"] == "Thu hồi đất thôn Nà Pàn"
    # The contact for notices, stored only encrypted, is part of what the unit holds about the person.
    assert export["petitions"][0]["contact"] == {"email": "an.nguyen@example.vn", "phone": "+84912345678"}
    text = response.content.decode()
    # Nothing of another person, nor of the other unit (same person, another unit's records).
    assert "Trần Văn Bình" not in text
    assert ID_BINH not in text
    assert "Việc ở phường khác" not in text
    # The uncleared administrator does not get the sealed denunciation, nor is a sealed read made.
    assert export["sealed_denunciations"] == []
    assert export["sealed_included"] is False
    assert "Cán bộ xã nhận tiền" not in text
    with schema_context(admin_a.unit.schema_name):
        assert not SealedIdentityAccess.objects.exists()
    (entry,) = _exports(admin_a)
    assert entry.actor == "quan_tri_a"
    assert entry.data["reason"] == REASON
    assert entry.data["id_last4"] == "1234"
    assert entry.data["petitions"] == 1
    assert ID_AN not in json.dumps(entry.data) + entry.target
    with schema_context(admin_a.unit.schema_name):
        assert audit_verify().ok


def test_the_number_is_posted_never_read_from_the_query_string(admin_a, cases):
    client = admin_a.web()
    page = client.get(admin_a.url(f"du-lieu-ca-nhan/?id_number={ID_AN}&reason=x"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Nguyễn Văn An" not in page.content.decode()
    refused = client.post(admin_a.url("du-lieu-ca-nhan/"), {"id_number": "12", "reason": REASON})
    assert refused.status_code == 400
    assert list(refused.context["form"].errors) == ["id_number"]
    assert _exports(admin_a) == []


def test_only_the_unit_administrator_may_export(admin_a, make_member, cases):
    officer = make_member(admin_a.unit, roles=("processing_officer",), username="xu_ly_2")
    assert officer.web().get(officer.url("du-lieu-ca-nhan/")).status_code == 403
    with schema_context(admin_a.unit.schema_name), pytest.raises(PermissionDeniedError):
        personal_data_export(actor=officer.user, unit=admin_a.unit, id_number=ID_AN, reason=REASON)
    with schema_context(admin_a.unit.schema_name), pytest.raises(ApplicationError):
        personal_data_export(actor=admin_a.user, unit=admin_a.unit, id_number=ID_AN, reason="ngắn")


def test_a_cleared_administrator_gets_the_sealed_record_as_an_audited_sealed_read(make_member, admin_a, cases):
    cleared = make_member(admin_a.unit, roles=("unit_admin", "sealed_reader"), username="quan_tri_mat")
    with schema_context(admin_a.unit.schema_name):
        assert cleared.user.has_perm("petitions.read_sealed_identity")
        export = personal_data_export(actor=cleared.user, unit=admin_a.unit, id_number=ID_AN, reason=REASON)
        assert [p["registry_number"] for p in export["sealed_denunciations"]] == [cases["sealed"].registry_number]
        assert export["sealed_denunciations"][0]["sealed_identity"][0]["full_name"] == "Nguyễn Văn An"
        read = SealedIdentityAccess.objects.get()
        assert read.user == cleared.user
        assert read.petition_id == cases["sealed"].pk
        sealed_audit = AuditEntry.objects.filter(kind=Kind.SEALED_READ)
        assert sealed_audit.count() == 1
        assert sealed_audit.get().actor == "quan_tri_mat"
        assert AuditEntry.objects.get(kind=Kind.PERSONAL_DATA_EXPORTED).data["sealed"] == 1


def _counts() -> dict:
    return {
        "petitions": Petition.objects.count(),
        "citizens": Citizen.objects.count(),
        "closed": Petition.objects.filter(status="closed").count(),
        "complaints": Petition.objects.filter(petition_type="complaint").count(),
    }


def test_retention_dry_run_lists_and_erases_nothing(admin_a, cases, capsys):
    rule = retention_rules(timezone.localdate())["petition"]
    assert rule.confidence == "U"
    assert "chưa đối chiếu" in rule.note
    with schema_context(admin_a.unit.schema_name):
        _close(cases["own"], date(2010, 5, 4))
        before = list(Citizen.objects.values_list("full_name", "id_number").order_by("id"))
    call_command("privacy_retention", "--unit", admin_a.unit.code)
    call_command("privacy_retention", "--unit", admin_a.unit.code, "--dry-run")
    out = capsys.readouterr().out
    assert cases["own"].registry_number in out
    assert "04/05/2020" in out
    assert "Chạy thử" in out
    assert cases["other"].registry_number not in out
    with schema_context(admin_a.unit.schema_name):
        assert list(Citizen.objects.values_list("full_name", "id_number").order_by("id")) == before
        assert not AuditEntry.objects.filter(kind=Kind.PERSONAL_DATA_ERASED).exists()


def test_erasure_pseudonymises_only_closed_cases_past_retention_audited_counts_kept(admin_a, make_member, cases):
    officer = make_member(admin_a.unit, roles=("processing_officer",), username="xu_ly_3")
    with schema_context(admin_a.unit.schema_name):
        recent = _register(officer, name="Lê Thị Cúc", id_number="020190004444", subject="Đơn mới đóng")
        contact_record(petition=recent, email="cuc.le@example.vn", phone="", consent=True)
        _close(cases["own"], date(2010, 5, 4))  # past retention
        _close(recent, timezone.localdate())  # closed, still within retention
        _close(cases["sealed"], date(2010, 5, 4))  # a denunciation: kept without a term, never erased
        # Trần Văn Bình's case is still open, though received long ago.
        Petition.objects.filter(pk=cases["other"].pk).update(received_date=date(2009, 1, 1))
        past = records_past_retention(on=timezone.localdate())
        assert [(r.record_kind, r.reference) for r in past] == [("petition", cases["own"].registry_number)]
        before = _counts()
    call_command("privacy_retention", "--unit", admin_a.unit.code, "--erase")
    with schema_context(admin_a.unit.schema_name):
        assert _counts() == before
        erased = Citizen.objects.get(petitions=cases["own"])
        assert erased.full_name.startswith("Đã ẩn danh")
        assert erased.id_number == erased.phone == ""
        assert erased.address_street == ""
        assert Petition.objects.get(pk=cases["own"].pk).senders_text == erased.full_name
        assert Citizen.objects.get(petitions=cases["other"]).id_number == ID_BINH
        assert Citizen.objects.get(petitions=recent).full_name == "Lê Thị Cúc"
        # The erased person's contact for notices goes too; the other's stays.
        assert not CitizenContact.objects.filter(petition=cases["own"]).exists()
        assert CitizenContact.objects.filter(petition=recent).exists()
        (entry,) = AuditEntry.objects.filter(kind=Kind.PERSONAL_DATA_ERASED)
        assert entry.target == f"citizen:{erased.pk}"
        assert entry.data["petitions"] == [cases["own"].registry_number]
        assert entry.data["id_last4"] == "1234"
        assert ID_AN not in json.dumps(entry.data)
        assert audit_verify().ok
        # A second run finds nothing left to erase.
        assert retention_erase() == []


def test_erasure_stays_in_its_unit(admin_a, member_b, cases):
    with schema_context(member_b.unit.schema_name):
        _close(cases["elsewhere"], date(2010, 5, 4))
    call_command("privacy_retention", "--unit", admin_a.unit.code, "--erase")
    with schema_context(member_b.unit.schema_name):
        assert Citizen.objects.get(petitions=cases["elsewhere"]).id_number == ID_AN
        assert not AuditEntry.objects.filter(kind=Kind.PERSONAL_DATA_ERASED).exists()


def test_the_export_reads_the_contacts_in_one_query_whatever_the_number_of_petitions(admin_a, make_member, cases):
    def export_queries() -> tuple[int, dict]:
        with schema_context(admin_a.unit.schema_name), CaptureQueriesContext(connection) as queries:
            export = personal_data_export(actor=admin_a.user, unit=admin_a.unit, id_number=ID_AN, reason=REASON)
        return len(queries), export

    export_queries()  # the permission and content-type caches fill on the first
    one, _export = export_queries()
    officer = make_member(admin_a.unit, roles=("processing_officer",), username="xu_ly_2")
    with schema_context(admin_a.unit.schema_name):
        for n in range(3):
            more = _register(officer, name="Nguyễn Văn An", id_number=ID_AN, subject=f"Đơn thứ {n}")
            contact_record(petition=more, email=f"an{n}@example.vn", phone="", consent=True)
    four, export = export_queries()
    assert len(export["petitions"]) == 4
    assert sorted(p["contact"]["email"] for p in export["petitions"]) == [
        "an.nguyen@example.vn",
        "an0@example.vn",
        "an1@example.vn",
        "an2@example.vn",
    ]
    # Three more petitions (each with a contact and its own citizen row) cost no query more.
    assert four == one
