"""A letter of mixed contents (a complaint and a denunciation in one) seals its senders as a
denunciation does: sealed at registration, found by no search on their name or number, named in no
document but the one addressed to them, and the letters registered before are sealed by migration."""

from __future__ import annotations

import importlib
import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django_tenants.utils import schema_context
from docx import Document

from core.documents.access import document_may_open
from core.documents.forms.services import forms_load
from core.documents.models import IssuedDocument
from core.petitions.models import Citizen, Petition, SealedIdentity, SealedIdentityAccess, Signer
from core.petitions.selectors import petition_list
from core.petitions.services.petitions import petition_classify, petition_decide_outcome
from core.petitions.services.sealed import sealed_identity_read

pytestmark = pytest.mark.django_db
NAME, ID_NUMBER, PHONE = "Nguyễn Văn An", "020085001234", "0912345678"
MIXED = {"petition_type": "mixed", "subject": "Khiếu nại thu hồi đất và tố cáo cán bộ địa chính"}


@pytest.fixture(autouse=True)
def _forms(db, media_root):
    with schema_context("public"):
        forms_load()


@pytest.fixture
def cleared(unit_a, make_member):
    return make_member(unit_a, roles=("sealed_reader",), username="mat")


def test_a_mixed_letter_is_sealed_at_registration_and_not_searchable(officer_a, register, cleared, unit_a):
    petition = register(**MIXED)
    with schema_context(unit_a.schema_name):
        petition.refresh_from_db()
        assert petition.is_confidential
        assert petition.senders_text == ""
        assert not Signer.objects.filter(petition=petition).exists()
        assert not Citizen.objects.filter(id_number=ID_NUMBER).exists()
        assert SealedIdentity.objects.filter(petition=petition).exists()
        for query in (NAME, "nguyen van an", ID_NUMBER):
            assert petition.pk not in petition_list(query=query).values_list("pk", flat=True), query
        identity = sealed_identity_read(petition=petition, actor=cleared.user, reason="Xác minh nội dung tố cáo")
    assert identity["signers"][0]["full_name"] == NAME
    detail = officer_a.api().get(officer_a.url(f"api/v1/petitions/{petition.pk}/"))
    assert detail.status_code == 200
    assert NAME not in detail.content.decode()
    assert ID_NUMBER not in detail.content.decode()
    page = officer_a.web().get(officer_a.url(f"don-thu/{petition.pk}/"))
    assert page.status_code == 200
    assert NAME not in page.content.decode()


def test_a_complaint_in_clear_cannot_be_reclassified_as_mixed(officer_a, register, unit_a):
    from core.common.errors import ConflictError

    petition = register()
    with schema_context(unit_a.schema_name), pytest.raises(ConflictError):
        petition_classify(
            petition=petition,
            actor=officer_a.user,
            is_processable=True,
            within_jurisdiction=True,
            petition_type="mixed",
        )


def test_only_the_guidance_addressed_to_the_sender_names_them(officer_a, register, cleared, unit_a):
    petition = register(**MIXED)
    with schema_context(unit_a.schema_name):
        petition_classify(petition=petition, actor=officer_a.user, is_processable=True, within_jurisdiction=True)
        petition_decide_outcome(
            petition=petition,
            actor=officer_a.user,
            outcome="guide",
            guidance="Nội dung khiếu nại: gửi Chủ tịch UBND xã.\nNội dung tố cáo: gửi Chủ tịch UBND tỉnh.",
        )
        (document,) = IssuedDocument.objects.filter(subject_type="petitions.petition", subject_id=petition.pk)
        assert document.kind == "petition.mixed_guidance"
        assert document.names_denouncer
        assert NAME not in str(document.context)
        assert NAME not in " ".join(document.kinh_gui + document.recipients)
        with document.docx.open("rb") as handle:
            text = "\n".join(p.text for p in Document(io.BytesIO(handle.read())).paragraphs)
        # The letter is addressed to the sender, and opens only for cleared officers.
        assert f"Ông/Bà {NAME}" in text
        assert not document_may_open(officer_a.user, document)
        assert document_may_open(cleared.user, document)
        # Taking the name out of the seal for the letter is an audited read.
        assert SealedIdentityAccess.objects.filter(petition=petition, user=officer_a.user).count() == 1


def test_the_migration_seals_mixed_letters_registered_in_clear(officer_a, register, unit_a):
    """A mixed letter registered before the change (its sender in clear) is sealed by the data
    migration, and nothing else is touched."""
    migration = importlib.import_module("core.petitions.migrations.0008_seal_mixed_senders_and_audit_backfill")
    old = register(subject="Khiếu nại và tố cáo")  # registered in clear, as before
    complaint = register()
    with schema_context(unit_a.schema_name):
        Petition.objects.filter(pk=old.pk).update(petition_type="mixed")
        assert petition_list(query=NAME).filter(pk=old.pk).exists()
        migration._seal_mixed(apps, SimpleNamespace(connection=connection))
        old.refresh_from_db()
        complaint.refresh_from_db()
        assert old.is_confidential
        assert old.senders_text == ""
        assert not Signer.objects.filter(petition=old).exists()
        assert not petition_list(query=NAME).filter(pk=old.pk).exists()
        assert petition_list(query=NAME).filter(pk=complaint.pk).exists()  # a complaint stays in clear
        assert not complaint.is_confidential
        sealed = SealedIdentity.objects.get(petition=old)
        from core.petitions import sealing

        signers = sealing.unseal(sealed.ciphertext)["signers"]
        assert [(s["full_name"], s["id_number"], s["phone"]) for s in signers] == [(NAME, ID_NUMBER, PHONE)]
        # Run twice: nothing more happens (already sealed).
        migration._seal_mixed(apps, SimpleNamespace(connection=connection))
        assert SealedIdentity.objects.filter(petition=old).count() == 1


def test_a_mixed_visit_keeps_no_citizen_record(unit_a, make_member):
    from django.utils import timezone

    from core.reception.models import VisitCitizen
    from core.reception.services.visits import visit_log

    receptionist = make_member(unit_a, roles=("reception_officer",), username="tiep_dan")
    with schema_context(unit_a.schema_name):
        visit = visit_log(
            actor=receptionist.user,
            visited_at=timezone.now(),
            kind="regular",
            place="Phòng tiếp công dân",
            headcount=1,
            petition_type="mixed",
            field_code="dat-dai",
            content="Khiếu nại thu hồi đất, tố cáo cán bộ địa chính.",
            outcome="petition",
            citizens=[{"full_name": NAME, "id_kind": "cccd", "id_number": ID_NUMBER}],
        )
        assert not VisitCitizen.objects.filter(visit=visit).exists()
        assert visit.petition.is_confidential
        assert not Citizen.objects.filter(id_number=ID_NUMBER).exists()
