"""The staff pages of the petitions: list, registration form, detail with its actions.

Assertions are on data, status codes and strings stored in the database, not on the wording of
the pages (whose Vietnamese catalogue is filled separately).
"""

import re
from datetime import date, timedelta

import pytest
from django.contrib.messages import constants
from django.utils import timezone
from django.utils.html import escape
from django_tenants.utils import schema_context

from core.caseindex.models import CaseIndexEntry
from core.documents.models import IssuedDocument
from core.petitions.models import Citizen, Deadline, Petition, RegistryCounter
from core.petitions.services.petitions import petition_classify, petition_decide_outcome
from web.petitions import views

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _form(*, signers=None, **overrides) -> dict:
    """What the registration form posts: the petition, then up to five sender rows."""
    signers = (
        [{"full_name": "Hà Thị Mai", "id_kind": "cccd", "id_number": "020185001234", "phone": "0911222333"}]
        if signers is None
        else signers
    )
    data = {
        "channel": "reception",
        "received_date": "02/11/2026",
        "petition_type": "complaint",
        "field_code": "dat-dai",
        "subject": "Quyết định thu hồi đất số 15/QĐ-UBND",
        "summary": "Khiếu nại mức bồi thường khi thu hồi đất.",
        "signer_kind": "one",
        "signer_count": "",
        "signers-TOTAL_FORMS": str(len(signers)),
        "signers-INITIAL_FORMS": "0",
        "signers-MIN_NUM_FORMS": "0",
        "signers-MAX_NUM_FORMS": "5",
    }
    for index, row in enumerate(signers):
        data.update({f"signers-{index}-{key}": value for key, value in row.items()})
    data.update(overrides)
    return data


def _listed(response) -> list[int]:
    assert response.status_code == 200
    return [row["petition"].pk for row in response.context["rows"]]


def _messages(response, level=constants.ERROR) -> list[str]:
    return [str(m.message) for m in response.context["messages"] if m.level == level]


def _reload(member, petition) -> Petition:
    with schema_context(member.unit.schema_name):
        return Petition.objects.get(pk=petition.pk)


def test_list_filters_and_searches_without_accents(register, officer_a):
    old = register(received_date=date(2026, 9, 1))  # its acceptance clock has run out
    fresh = register(
        petition_type="feedback",
        field_code="moi-truong",
        received_date=timezone.localdate(),
        subject="Đèn đường thôn Bản Pjạc hỏng",
        summary="Phản ánh đèn chiếu sáng hỏng nhiều tháng.",
        signers=[{"full_name": "Trần Thị Bình", "id_kind": "none"}],
    )
    client, url = officer_a.web(), officer_a.url("don-thu/")

    response = client.get(url)
    page = response.content.decode()
    assert sorted(_listed(response)) == sorted([old.pk, fresh.pk])
    for text in (old.registry_number, "01/09/2026", "Nguyễn Văn An", "Trần Thị Bình", "Đất đai", fresh.subject):
        assert text in page
    assert re.search(r'class="due due-overdue">\d\d/\d\d/2026', page)  # the old one's next due date is highlighted

    assert _listed(client.get(url, {"petition_type": "feedback"})) == [fresh.pk]
    assert _listed(client.get(url, {"field_code": "dat-dai"})) == [old.pk]
    assert sorted(_listed(client.get(url, {"status": "registered"}))) == sorted([old.pk, fresh.pk])
    assert _listed(client.get(url, {"due": "overdue"})) == [old.pk]
    assert _listed(client.get(url, {"state": "closed"})) == []
    assert len(_listed(client.get(url, {"state": "open"}))) == 2
    assert _listed(client.get(url, {"q": "tran thi binh"})) == [fresh.pk]
    assert _listed(client.get(url, {"q": "THU HOI DAT"})) == [old.pk]
    assert _listed(client.get(url, {"q": "den duong", "petition_type": "complaint"})) == []


def test_list_is_paginated_and_keeps_its_filters(register, officer_a, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    first, second = register(), register()
    client, url = officer_a.web(), officer_a.url("don-thu/")
    page_one = client.get(url, {"status": "registered"})
    assert _listed(page_one) == [second.pk]  # newest first
    # Keyset pages (issue 13): "Next" continues after the last row shown, keeping the filters.
    cursor = f"{second.received_date.isoformat()}.{second.pk}"
    assert f"status=registered&amp;after={cursor}" in page_one.content.decode()
    page_two = client.get(url, {"status": "registered", "after": cursor})
    assert _listed(page_two) == [first.pk]
    assert f"status=registered&amp;before={first.received_date.isoformat()}.{first.pk}" in page_two.content.decode()


@pytest.mark.parametrize(
    "forged",
    [
        "9999-12-31.1",
        "2026-13-01.1",
        "2026-01-01.1\n2",
        "2026-01-01.99999999999999999999",
        "1.-1",
        "x" * 5000,
        "2026-01-01.\u0661",
    ],
)
def test_a_forged_cursor_shows_a_page_of_the_filtered_rows_never_a_500(register, officer_a, forged):
    first, second = register(), register()
    client, url = officer_a.web(), officer_a.url("don-thu/")
    for key in ("after", "before"):
        response = client.get(url, {"status": "registered", key: forged})
        assert response.status_code == 200
        assert sorted(_listed(response)) == sorted([first.pk, second.pk])
        # The filters still apply under any cursor: no row outside them appears.
        assert _listed(client.get(url, {"petition_type": "feedback", key: forged})) == []


def test_registering_through_the_form_shows_the_receipt(officer_a):
    client = officer_a.web()
    assert client.get(officer_a.url("don-thu/moi/")).status_code == 200
    response = client.post(officer_a.url("don-thu/moi/"), _form())
    assert response.status_code == 302
    with schema_context(officer_a.unit.schema_name):
        petition = Petition.objects.get(subject="Quyết định thu hồi đất số 15/QĐ-UBND")
        assert [c.full_name for c in petition.citizens.all()] == ["Hà Thị Mai"]
        assert petition.received_date == date(2026, 11, 2)
    assert response.url == officer_a.url(f"don-thu/{petition.pk}/")
    detail = client.get(response.url)
    success = _messages(detail, constants.SUCCESS)
    assert len(success) == 1
    assert petition.receipt_code in success[0]
    assert success[0].startswith(f"Đã vào sổ đơn số {petition.registry_number}. Mã tiếp nhận: <strong"), success[0]
    assert officer_a.url(f"don-thu/{petition.pk}/bien-nhan/") in success[0]
    assert petition.receipt_code in detail.content.decode()
    receipt = client.get(officer_a.url(f"don-thu/{petition.pk}/bien-nhan/"))
    assert receipt.status_code == 200
    assert receipt["Content-Type"] == DOCX


@pytest.mark.parametrize(
    ("overrides", "where"),
    [
        ({"received_date": (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")}, "received_date"),
        ({"signers": []}, "signers"),  # "one" sender named, none given
        ({"signers": [{"full_name": "Hà Thị Mai", "id_kind": "cccd", "id_number": "12345"}]}, "id_number"),
        ({"channel": "forwarded"}, "forwarded_by"),
        ({"received_date": "31/02/2026"}, "received_date"),  # not a date: the form refuses it
    ],
)
def test_a_refused_registration_shows_the_error_and_writes_nothing(officer_a, overrides, where):
    with schema_context(officer_a.unit.schema_name):
        before = (Petition.objects.count(), Citizen.objects.count(), list(RegistryCounter.objects.values()))
    indexed = CaseIndexEntry.objects.count()

    response = officer_a.web().post(officer_a.url("don-thu/moi/"), _form(**overrides))

    assert response.status_code == 400
    form, signers = response.context["form"], response.context["signers"]
    if where == "signers":
        assert signers.non_form_errors()
    elif where in form.fields:
        assert form.errors[where]
    else:
        assert signers.forms[0].errors[where]
    assert response.context["form"]["subject"].value() == "Quyết định thu hồi đất số 15/QĐ-UBND"  # input kept
    with schema_context(officer_a.unit.schema_name):
        after = (Petition.objects.count(), Citizen.objects.count(), list(RegistryCounter.objects.values()))
    assert after == before
    assert CaseIndexEntry.objects.count() == indexed


def test_detail_explains_the_deadlines_and_shows_the_timeline(register, officer_a):
    petition = register()  # a complaint by post, received Mon 2/11/2026
    response = officer_a.web().get(officer_a.url(f"don-thu/{petition.pk}/"))
    assert response.status_code == 200
    page = response.content.decode()
    with schema_context(officer_a.unit.schema_name):
        clocks = list(petition.deadlines.all())
    assert {d.code for d in clocks} >= {"complaint.acceptance", "submission.processing_sla"}
    for clock in clocks:
        assert escape(clock.description) in page
        assert escape(clock.legal_basis) in page
        assert clock.due_date.strftime("%d/%m/%Y") in page
    # The processing SLA is the unit's target, not a legal limit; the Law's 10 days are for comparison only.
    assert re.search(r'class="deadline[^"]*unit-target[^"]*" data-code="submission.processing_sla"', page)
    assert re.search(r'class="deadline" data-code="complaint.acceptance"', page)
    assert re.search(r'class="deadline reference" data-code="complaint.acceptance:law"', page)
    assert "11/11/2026" in page  # the decree's 7 working days
    # Timeline: who registered it and when; the senders with their details.
    assert "Nông Văn Đức" in page
    assert "02/11/2026" in page
    assert "Nguyễn Văn An" in page
    assert "020085001234" in page
    assert petition.receipt_code in page
    assert [row["event"].kind for row in response.context["events"]] == ["registered"]


def test_classification_wizard_outcome_letter_and_a_transition(register, officer_a):
    petition = register(received_date=date(2026, 10, 1))
    client, base = officer_a.web(), officer_a.url(f"don-thu/{petition.pk}/")
    first = client.get(base)
    assert first.context["classify_form"] is not None
    assert first.context["outcome_form"] is None

    # Step 1: processable and ours.
    response = client.post(f"{base}phan-loai/", {"is_processable": "1", "within_jurisdiction": "1", "note": "Đủ"})
    assert response.status_code == 302
    assert _reload(officer_a, petition).status == "classified"
    # Step 2 offers what the classification allows.
    offered = client.get(base).context["outcome_form"].fields["outcome"].choices
    assert {value for value, _label in offered} == {"accept", "chase", "file"}
    assert client.post(f"{base}ket-qua-xu-ly/", {"outcome": "accept"}).status_code == 302
    petition = _reload(officer_a, petition)
    assert petition.status == "acceptance_proposed"

    detail = client.get(base)
    page = detail.content.decode()
    with schema_context(officer_a.unit.schema_name):
        letter = IssuedDocument.objects.get(subject_type="petitions.petition", subject_id=petition.pk)
    # The outcome's Form 01, numbered in the register, listed on the petition and downloadable from there.
    assert letter.kind == "petition.acceptance_proposal"
    assert letter.number_display in page
    download = client.get(officer_a.url(f"van-ban/{letter.pk}/tai-xuong/docx/"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"  # a DOCX (zip)
    assert client.get(officer_a.url(f"van-ban/{letter.pk}/tai-xuong/exe/")).status_code == 404
    assert "complaint.accept" in [name for name, _label, _form in detail.context["transitions"]]

    # A resolution transition, with a dd/mm/yyyy date: complex first level, 45 CD from Tue 6/10 -> Fri 20/11.
    accept = {"date": "06/10/2026", "level": "1", "complexity": "complex"}
    response = client.post(f"{base}chuyen/complaint.accept/", accept)
    assert response.status_code == 302
    petition = _reload(officer_a, petition)
    assert (petition.status, petition.complaint_level, petition.accepted_on) == ("accepted", 1, date(2026, 10, 6))
    with schema_context(officer_a.unit.schema_name):
        assert Deadline.objects.get(petition=petition, code="complaint.first_resolution").due_date == date(2026, 11, 20)
    after = client.get(base)
    assert "20/11/2026" in after.content.decode()
    assert [row["event"].kind for row in after.context["events"]] == [
        "registered",
        "classified",
        "outcome.accept",
        "complaint.accept",
    ]


def test_refusals_are_messages_or_field_errors_never_500(register, officer_a, unit_a, make_member):
    petition = register()
    client, base = officer_a.web(), officer_a.url(f"don-thu/{petition.pk}/")

    refused = client.post(f"{base}chuyen/complaint.decide/", {"decision": "Giữ nguyên."})  # not accepted yet
    assert refused.status_code == 409
    [message] = _messages(refused)
    assert escape(message) in refused.content.decode()
    assert _reload(officer_a, petition).status == "registered"

    assert client.post(f"{base}chuyen/complaint.fly/", {}).status_code == 400
    forward = {"outcome": "forward", "competent_body": "Sở Xây dựng"}
    assert client.post(f"{base}ket-qua-xu-ly/", forward).status_code == 409  # a complaint is not forwarded
    assert client.post(f"{base}chuyen/complaint.accept/", {"date": "30/02/2026"}).status_code == 400
    assert client.get(f"{base}chuyen/complaint.accept/").status_code == 405

    # A refusal naming a field lands on that field of the form shown on the page.
    client.post(f"{base}phan-loai/", {"is_processable": "1", "within_jurisdiction": "1"})
    client.post(f"{base}ket-qua-xu-ly/", {"outcome": "accept"})
    response = client.post(f"{base}chuyen/complaint.accept/", {"is_remote_area": "yes"})
    assert response.status_code == 400
    forms = {name: form for name, _label, form in response.context["transitions"]}
    assert forms["complaint.accept"].errors["remote_area_basis"]
    assert _reload(officer_a, petition).status == "acceptance_proposed"

    # Someone who may not decide is told so.
    clerk = make_member(unit_a, roles=("processing_officer",), username="chuyen_vien")
    response = clerk.web().post(clerk.url(f"don-thu/{petition.pk}/chuyen/complaint.accept/"), {})
    assert response.status_code == 403
    assert _messages(response)
    assert _reload(officer_a, petition).status == "acceptance_proposed"


def test_an_outcome_dated_before_receipt_is_marked_on_its_date(register, officer_a):
    petition = register()  # received on 2/11/2026
    client, base = officer_a.web(), officer_a.url(f"don-thu/{petition.pk}/")
    client.post(f"{base}phan-loai/", {"is_processable": "1", "within_jurisdiction": "1"})
    response = client.post(f"{base}ket-qua-xu-ly/", {"outcome": "accept", "date": "01/11/2026"})
    assert response.status_code == 400
    assert list(response.context["outcome_form"].errors) == ["date"]  # petition_decide_outcome(date=…)
    assert _reload(officer_a, petition).status == "classified"


def test_a_sealed_denouncer_is_named_nowhere(officer_a):
    name, id_number, phone = "Lò Văn Tố", "020090004321", "0987654321"
    client = officer_a.web()
    signer = {"full_name": name, "id_kind": "cccd", "id_number": id_number, "phone": phone}
    response = client.post(
        officer_a.url("don-thu/moi/"),
        _form(petition_type="denunciation", subject="Cán bộ địa chính nhận tiền", signers=[signer]),
        follow=True,
    )
    assert response.status_code == 200
    petition = response.context["petition"]
    assert petition.is_confidential
    base = officer_a.url(f"don-thu/{petition.pk}/")
    client.post(f"{base}phan-loai/", {"is_processable": "1", "within_jurisdiction": "0"})
    client.post(f"{base}ket-qua-xu-ly/", {"outcome": "forward", "competent_body": "Thanh tra tỉnh Lạng Sơn"})
    assert _reload(officer_a, petition).status == "forwarded"
    pages = [
        response,
        client.get(officer_a.url("don-thu/")),
        client.get(officer_a.url("don-thu/"), {"q": "Lo Van To"}),
        client.get(base),
    ]
    assert all(page.status_code == 200 for page in pages)
    assert _listed(pages[2]) == []
    [row] = pages[1].context["rows"]
    assert row["sender"]
    assert name not in row["sender"]
    for page in pages:
        html = page.content.decode()
        assert [secret for secret in (name, "Lò Văn", id_number, phone) if secret in html] == []


def test_another_units_officer_gets_404_and_strangers_get_nothing(register, officer_a, unit_a, unit_b, make_member):
    petition = register(petition_type="feedback")
    with schema_context(unit_a.schema_name):
        petition_classify(petition=petition, actor=officer_a.user, is_processable=True, within_jurisdiction=False)
        petition_decide_outcome(petition=petition, actor=officer_a.user, outcome="forward", competent_body="Sở Y tế")
        letter = IssuedDocument.objects.get(subject_type="petitions.petition", subject_id=petition.pk)
    officer_b = make_member(unit_b, roles=("processing_officer", "leader"), username="xu_ly_b")
    client = officer_b.web()
    base = officer_b.url(f"don-thu/{petition.pk}/")
    assert _listed(client.get(officer_b.url("don-thu/"))) == []
    for path in ("", "bien-nhan/"):
        assert client.get(f"{base}{path}").status_code == 404
    assert client.get(officer_b.url(f"van-ban/{letter.pk}/tai-xuong/docx/")).status_code == 404
    assert client.post(f"{base}phan-loai/", {"is_processable": "1", "within_jurisdiction": "1"}).status_code == 404
    assert client.post(f"{base}chuyen/petition.accept/", {}).status_code == 404
    # A's session means nothing at B's address, and nobody anonymous gets in.
    login = officer_b.url("dang-nhap/")
    assert officer_a.web().get(officer_b.url("don-thu/")).url.startswith(login)
    assert client.__class__().get(officer_a.url(f"don-thu/{petition.pk}/")).url.startswith(officer_a.url("dang-nhap/"))
    roleless = make_member(unit_a, roles=(), username="khong_vai_tro")
    assert roleless.web().get(roleless.url("don-thu/")).status_code == 403
    reception = make_member(unit_a, roles=("reception_officer",), username="tiep_dan")
    assert reception.web().get(reception.url("don-thu/moi/")).status_code == 200
    admin = make_member(unit_a, roles=("unit_admin",), username="quan_tri")
    assert admin.web().get(officer_a.url("don-thu/moi/")).status_code == 403  # administers accounts only
