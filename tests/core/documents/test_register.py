"""The register of outgoing documents: numbers per unit, year and kind, without repeats or gaps,
also under concurrency; cancelling keeps the number; re-issuing keeps the old version."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connections, transaction
from django_tenants.utils import schema_context

from core.common.errors import ApplicationError, ConflictError, PermissionDeniedError
from core.documents.models import IssuedDocument, RegisterCounter
from core.documents.selectors import document_register, document_versions
from core.documents.services import document_cancel, document_issue, document_reissue
from tests.conftest import UNIT_A

from .conftest import COMPLAINT, DENUNCIATION, all_text, read_docx


def test_numbers_run_per_symbol_and_year_and_per_unit(unit_a, unit_b, leader_a, member_b, issue):
    first, second = (issue(unit_a, leader_a.user) for _ in range(2))
    # Another kind with the same symbol continues its numbers: a number and symbol is unique for the
    # issuing body in a year (NĐ 30/2020 Art. 15), whatever kind of notice it is.
    same_symbol = issue(unit_a, leader_a.user, kind="denunciation.acceptance_notice", context=DENUNCIATION)
    next_year = issue(unit_a, leader_a.user, on_date=date(2027, 1, 4))
    in_b = issue(unit_b, member_b.user)
    assert [first.number, second.number] == [1, 2]
    assert same_symbol.number_display == "03/TB-UBND"
    assert (next_year.year, next_year.number) == (2027, 1)
    # Unit B's register is its own: its first number is 1 too, and it sees none of A's documents.
    assert (in_b.number, in_b.number_display) == (1, "01/TB-UBND")
    with schema_context(unit_b.schema_name):
        assert list(document_register()) == [in_b]


def test_a_step_that_rolls_back_gives_its_number_back(unit_a, leader_a, issue):
    issue(unit_a, leader_a.user)

    @transaction.atomic
    def step():
        document_issue(
            kind="complaint.acceptance_notice", on_date=date(2026, 12, 2), actor=leader_a.user, context=COMPLAINT
        )
        raise RuntimeError("the step failed after issuing its notice")

    with schema_context(unit_a.schema_name):
        with pytest.raises(RuntimeError):
            step()
        assert IssuedDocument.objects.count() == 1
    assert issue(unit_a, leader_a.user).number == 2


def test_cancelling_keeps_the_number_marked_cancelled(unit_a, leader_a, member_a, issue):
    document = issue(unit_a, leader_a.user)
    with schema_context(unit_a.schema_name):
        with pytest.raises(PermissionDeniedError):
            document_cancel(document=document, actor=member_a.user, reason="Viết sai tên người nhận")
        with pytest.raises(ApplicationError):
            document_cancel(document=document, actor=leader_a.user, reason="sai")
        cancelled = document_cancel(document=document, actor=leader_a.user, reason="Viết sai tên người nhận")
        assert (cancelled.status, cancelled.number, cancelled.cancel_reason) == (
            "cancelled",
            1,
            "Viết sai tên người nhận",
        )
        with pytest.raises(ConflictError):
            document_cancel(document=document, actor=leader_a.user, reason="Hủy lần thứ hai")
    following = issue(unit_a, leader_a.user)
    assert following.number == 2
    with schema_context(unit_a.schema_name):
        assert [(d.number, d.status) for d in document_register()] == [(2, "issued"), (1, "cancelled")]


def test_reissuing_makes_a_new_version_and_keeps_the_old(unit_a, leader_a, issue):
    original = issue(unit_a, leader_a.user, kinh_gui=["Ông Nguyễn Văn An"])
    with schema_context(unit_a.schema_name):
        second = document_reissue(
            document=original, actor=leader_a.user, reason="Sửa thời hạn giải quyết", context={"time_limit_days": 45}
        )
        original.refresh_from_db()
        assert (second.number_display, second.version, second.first_version_id) == ("01/TB-UBND", 2, original.pk)
        assert original.superseded_at is not None
        assert [d.version for d in document_versions(second)] == [1, 2]
        assert list(document_register()) == [second]  # the register lists the number once
        with pytest.raises(ConflictError):
            document_reissue(document=original, actor=leader_a.user, reason="Bản cũ không sửa được")
    assert "thời hạn giải quyết là 45 ngày" in all_text(read_docx(unit_a, second))
    assert "thời hạn giải quyết là 30 ngày" in all_text(read_docx(unit_a, original))
    assert issue(unit_a, leader_a.user).number == 2


def test_a_new_version_keeps_the_form_of_the_step_it_corrects(unit_a, leader_a, issue):
    """Re-issued after NĐ 155/2026 took effect, a notice of a step taken before keeps NĐ 124's form."""
    original = issue(unit_a, leader_a.user, on_date=date(2026, 6, 25))
    with schema_context(unit_a.schema_name):
        second = document_reissue(
            document=original, actor=leader_a.user, reason="Sửa tên người nhận", on_date=date(2026, 7, 6)
        )
    assert (original.form_version, second.form_version) == ("nd124-2020", "nd124-2020")
    assert second.issued_on == date(2026, 7, 6)


def test_two_hundred_concurrent_issues_get_two_hundred_consecutive_numbers(committed, settings):
    """Twenty threads, each on its own connection, issue ten documents each, every one in its own
    committed transaction, all in one unit."""
    from core.accounts.models import User
    from tenants.models import Unit

    unit_a = Unit.objects.get(code=UNIT_A)
    # The PDF follows each commit (eagerly in tests): without LibreOffice it fails at once.
    settings.DOCUMENTS_OFFICE = "/nonexistent/soffice"
    year = 2031
    with schema_context(unit_a.schema_name):
        actor = User.objects.create(username="so_van_ban_di", full_name="Văn thư")
    numbers: list[int] = []
    errors: list[Exception] = []
    start = threading.Barrier(20)

    def work():
        try:
            start.wait()
            with schema_context(unit_a.schema_name):
                for _ in range(10):
                    document = document_issue(
                        kind="complaint.acceptance_notice", on_date=date(year, 3, 2), actor=actor, context=COMPLAINT
                    )
                    numbers.append(document.number)
        except Exception as exc:  # noqa: BLE001 - the assertion reports it
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(20)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        assert errors == []
        assert sorted(numbers) == list(range(1, 201))
        with schema_context(unit_a.schema_name):
            assert RegisterCounter.objects.get(year=year, symbol="TB-UBND").last_number == 200
            assert IssuedDocument.objects.filter(year=year).values("number").distinct().count() == 200
    finally:
        with schema_context(unit_a.schema_name):
            for document in IssuedDocument.objects.filter(year=year):
                document.docx.delete(save=False)
            IssuedDocument.objects.filter(year=year).delete()
            RegisterCounter.objects.filter(year=year).delete()
            User.objects.filter(pk=actor.pk).delete()
