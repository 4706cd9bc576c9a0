"""A denouncer's identity appears only in documents addressed to them, never in what the register
stores or lists, and such documents open only for officers cleared for sealed identities."""

from __future__ import annotations

import json

import pytest
from django.utils import translation
from django_tenants.utils import schema_context

from core.common.errors import ApplicationError
from core.documents.access import document_may_open
from core.documents.kinds import KINDS
from core.documents.models import IssuedDocument
from core.documents.services import document_reissue

from .conftest import COMPLAINT, DENOUNCER, DENUNCIATION, all_text, read_docx


def test_only_kinds_addressed_to_the_denouncer_may_name_them():
    allowed = {code for code, kind in KINDS.items() if kind.may_name_denouncer}
    assert allowed == {
        "petition.denunciation_forwarding_notice",
        "denunciation.acceptance_notice",
        "denunciation.refusal_notice",
        "denunciation.result_notice",
        # A letter mixing complaint and denunciation seals its sender like a denunciation; the
        # guidance is addressed to that sender.
        "petition.mixed_guidance",
    }


def test_a_kind_that_may_not_name_the_denouncer_refuses_their_identity(unit_a, leader_a, issue):
    with translation.override("vi"), pytest.raises(ApplicationError) as refused:
        issue(unit_a, leader_a.user, context=COMPLAINT, denouncer=DENOUNCER)
    assert refused.value.message == (
        "Loại văn bản này không được nêu thông tin người tố cáo: danh tính người tố cáo được giữ bí mật."
    )
    with schema_context(unit_a.schema_name):
        assert not IssuedDocument.objects.exists()


def test_the_notice_to_the_denouncer_names_them_in_the_document_only(unit_a, leader_a, make_member, issue):
    document = issue(
        unit_a,
        leader_a.user,
        kind="denunciation.acceptance_notice",
        context=DENUNCIATION,
        denouncer=DENOUNCER,
        recipients=["Như trên"],
    )
    assert "Kính gửi: Bà Đinh Thị Tố Giác" in all_text(read_docx(unit_a, document))
    assert (document.names_denouncer, document.subject_sealed) == (True, True)
    stored = json.dumps([document.kinh_gui, document.recipients, document.context, document.title], ensure_ascii=False)
    assert "Tố Giác" not in stored
    cleared = make_member(unit_a, roles=("sealed_reader",), username="bi_mat", full_name="Mật Văn Cán")
    with schema_context(unit_a.schema_name):
        assert not document_may_open(leader_a.user, document)
        assert document_may_open(cleared.user, document)
        # Re-issuing needs the identity again: it was never stored.
        with pytest.raises(ApplicationError):
            document_reissue(document=document, actor=leader_a.user, reason="Sửa số quyết định")
        again = document_reissue(
            document=document,
            actor=leader_a.user,
            reason="Sửa số quyết định",
            context={"decision_number": "06/QĐ-UBND"},
            denouncer=DENOUNCER,
        )
    assert "Quyết định số 06/QĐ-UBND" in all_text(read_docx(unit_a, again))
