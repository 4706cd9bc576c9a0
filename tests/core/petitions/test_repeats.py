"""Repeats across units: the same citizen's matter of the same field at two units of a province is
flagged at both, by a keyed digest of the identity document that never reveals who it is."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from core.caseindex.models import CitizenKey, RepeatMatch
from core.caseindex.selectors import repeat_flags
from core.oversight.selectors import province_dashboard
from core.petitions.services.petitions import petition_classify, petition_decide_outcome, petition_register
from core.reports.periods import period_containing
from tenants.catalogue import unit_spec
from tenants.models import Unit
from tenants.provisioning import unit_provision

from .conftest import ALL_PETITION_ROLES

pytestmark = pytest.mark.django_db

NUMBER = "020085001234"  # CCCD: Lạng Sơn, a man born in 1985
OTHER_NUMBER = "020190004321"
NAME = "Nguyễn Văn An"


@pytest.fixture
def officers(make_member):
    """A processing officer and leader per unit code, created on first use."""
    made: dict = {}

    def get(code: str):
        if code not in made:
            unit = Unit.objects.get(code=code)
            made[code] = make_member(unit, roles=ALL_PETITION_ROLES, username=f"xu_ly_{code.lower()}")
        return made[code]

    return get


@pytest.fixture
def register(officers):
    def make(code: str, *, number: str = NUMBER, name: str = NAME, days_ago: int = 3, **overrides):
        officer = officers(code)
        values = {
            "channel": "post",
            "received_date": timezone.localdate() - timedelta(days=days_ago),
            "petition_type": "complaint",
            "field_code": "dat-dai",
            "subject": "Quyết định thu hồi đất số 12/QĐ-UBND",
            "summary": "Khiếu nại việc thu hồi đất nông nghiệp của gia đình.",
            "signer_kind": "one",
            "signers": [{"full_name": name, "id_kind": "cccd", "id_number": number}],
        }
        values.update(overrides)
        with schema_context(officer.unit.schema_name):
            return petition_register(actor=officer.user, **values)

    return make


def _flag_units(petition) -> list[str]:
    return [flag.unit_code for flag in repeat_flags(case_id=petition.case_id)]


def test_the_same_person_at_two_units_is_flagged_at_both(register, unit_a, unit_b):
    first = register(unit_a.code, days_ago=10)
    second = register(unit_b.code, number="0200 8500 1234", days_ago=1)  # typed with spaces

    assert _flag_units(second) == [unit_a.code]
    assert _flag_units(first) == [unit_b.code]
    seen_from_b = repeat_flags(case_id=second.case_id)[0]
    assert seen_from_b.unit_name == unit_a.name
    assert seen_from_b.since == first.received_date
    assert seen_from_b.is_pending
    assert f"{first.received_date:%d/%m/%Y}" in seen_from_b.message
    assert unit_a.name in seen_from_b.message
    assert RepeatMatch.objects.get().skipped_level is False  # commune and ward: the same level


def test_a_namesake_a_third_field_and_the_same_unit_are_not_repeats(register, unit_a, unit_b):
    first = register(unit_a.code)
    namesake = register(unit_b.code, number=OTHER_NUMBER)  # same name, another person
    other_field = register(unit_b.code, field_code="nha-o")
    same_unit = register(unit_a.code)

    assert [_flag_units(p) for p in (first, namesake, other_field, same_unit)] == [[], [], [], []]
    assert not RepeatMatch.objects.exists()


def test_a_unit_of_another_province_is_not_matched(register, unit_a, officers):
    other_province, _created = unit_provision(spec=unit_spec("04-SNV"))  # Sở Nội vụ Cao Bằng
    first = register(unit_a.code)
    elsewhere = register(other_province.code)

    assert _flag_units(first) == []
    assert _flag_units(elsewhere) == []
    assert CitizenKey.objects.filter(case_id=elsewhere.case_id).count() == 1  # indexed, but not matched


@pytest.mark.parametrize("sealed_type", ["denunciation", "mixed"])
def test_a_sealed_sender_is_never_indexed_nor_matched(register, unit_a, unit_b, sealed_type):
    before = register(unit_a.code, days_ago=5)
    sealed = register(unit_b.code, petition_type=sealed_type, days_ago=2)
    after = register("20-UBND", days_ago=1)

    assert not CitizenKey.objects.filter(case_id=sealed.case_id).exists()
    assert _flag_units(sealed) == []
    assert sorted(_flag_units(before)) == ["20-UBND"]
    assert _flag_units(after) == [unit_a.code]
    assert not RepeatMatch.objects.filter(case_id=sealed.case_id).exists()
    assert not RepeatMatch.objects.filter(earlier_id=sealed.case_id).exists()


def test_the_index_rows_hold_neither_the_number_nor_the_name(register, unit_a, unit_b):
    register(unit_a.code)
    register(unit_b.code)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT row_to_json(k)::text FROM public.caseindex_citizenkey k "
            "UNION ALL SELECT row_to_json(m)::text FROM public.caseindex_repeatmatch m "
            "UNION ALL SELECT row_to_json(e)::text FROM public.caseindex_caseindexentry e"
        )
        raw = " ".join(row[0] for row in cursor.fetchall()).lower()
    plain_name = unicodedata.normalize("NFKD", NAME).encode("ascii", "ignore").decode().lower()
    assert '"digest"' in raw
    assert '"earlier_id"' in raw
    assert NUMBER not in raw
    assert NAME.lower() not in raw
    assert plain_name not in raw
    for plain_hash in (hashlib.sha256(NUMBER.encode()), hashlib.sha256(f"cccd:{NUMBER}".encode())):
        assert plain_hash.hexdigest() not in raw  # keyed, not a hash anyone can recompute


def test_recently_closed_counts_and_long_closed_does_not(register, officers, unit_a, unit_b):
    officer = officers(unit_a.code)
    old = register(unit_a.code, days_ago=500)
    with schema_context(unit_a.schema_name):
        closed_on = timezone.localdate() - timedelta(days=400)
        petition_classify(
            petition=old, actor=officer.user, is_processable=False, not_processable_reason="resolved", date=closed_on
        )
        petition_decide_outcome(petition=old, actor=officer.user, outcome="file", date=closed_on)
    assert _flag_units(register(unit_b.code)) == []  # closed 400 days ago: outside the year

    recent = register(unit_a.code, days_ago=60)
    with schema_context(unit_a.schema_name):
        closed_on = timezone.localdate() - timedelta(days=30)
        petition_classify(
            petition=recent, actor=officer.user, is_processable=False, not_processable_reason="resolved", date=closed_on
        )
        petition_decide_outcome(petition=recent, actor=officer.user, outcome="file", date=closed_on)
    again = register(unit_b.code)
    [flag] = repeat_flags(case_id=again.case_id)
    assert flag.unit_code == unit_a.code
    assert flag.closed_on == closed_on
    assert not flag.is_pending
    assert f"{closed_on:%d/%m/%Y}" in flag.message


def test_rotating_the_secret_keeps_every_match(register, settings, unit_a, unit_b):
    settings.CITIZEN_KEY_SECRET, settings.CITIZEN_KEY_VERSION = "the-first-secret", 1
    first = register(unit_a.code, days_ago=9)
    [old_row] = CitizenKey.objects.filter(case_id=first.case_id)

    # The rotation: the new secret current, the old one still configured.
    settings.CITIZEN_KEY_SECRET, settings.CITIZEN_KEY_VERSION = "the-second-secret", 2
    settings.CITIZEN_KEY_PREVIOUS_SECRET, settings.CITIZEN_KEY_PREVIOUS_VERSION = "the-first-secret", 1
    second = register(unit_b.code, days_ago=5)
    assert _flag_units(second) == [unit_a.code]  # looked up under both versions
    assert list(CitizenKey.objects.filter(case_id=second.case_id).values_list("key_version", flat=True)) == [2]

    call_command("caseindex_rekey", verbosity=0)
    assert set(CitizenKey.objects.values_list("key_version", flat=True)) == {2}
    assert CitizenKey.objects.get(case_id=first.case_id).digest != old_row.digest

    # The old secret retired: the third unit still finds both.
    settings.CITIZEN_KEY_PREVIOUS_SECRET = ""
    third = register("20-UBND", days_ago=1)
    assert sorted(_flag_units(third)) == sorted([unit_a.code, unit_b.code])
    assert sorted(_flag_units(first)) == sorted([unit_b.code, "20-UBND"])


def test_rekey_refuses_to_finish_while_rows_of_an_unreachable_version_remain(register, settings, unit_a):
    settings.CITIZEN_KEY_SECRET, settings.CITIZEN_KEY_VERSION = "the-first-secret", 1
    register(unit_a.code)
    settings.CITIZEN_KEY_SECRET, settings.CITIZEN_KEY_VERSION = "the-second-secret", 2
    Unit.objects.filter(code=unit_a.code).update(status="provisioning")  # a unit the command skips
    with pytest.raises(Exception, match="keep the previous secret"):
        call_command("caseindex_rekey", verbosity=0)


def test_the_check_switched_off_stores_and_finds_nothing(register, settings, unit_a, unit_b):
    register(unit_a.code)
    settings.REPEAT_CHECK_ENABLED = False
    second = register(unit_b.code)
    assert not CitizenKey.objects.filter(case_id=second.case_id).exists()
    assert not RepeatMatch.objects.exists()


def test_the_dashboard_counts_repeats_and_skipped_levels(register, inspectorate, unit_a, unit_b):
    register(unit_a.code, days_ago=0)  # pending at the commune
    register(unit_b.code, days_ago=0)  # a repeat, ward after commune
    register("20-UBND", days_ago=0)  # the province while the commune has it pending: skipped a level
    register(unit_b.code, number=OTHER_NUMBER, days_ago=0)  # no repeat

    board = province_dashboard(unit=inspectorate, period=period_containing(timezone.localdate()))
    by_code = {row.code: row.figures for row in board.units}
    assert (board.province.repeats, board.province.skipped_level) == (2, 1)
    assert (by_code[unit_b.code].repeats, by_code[unit_b.code].skipped_level) == (1, 0)
    assert (by_code["20-UBND"].repeats, by_code["20-UBND"].skipped_level) == (1, 1)
    assert by_code[unit_a.code].repeats == 0


def test_the_petition_page_and_the_api_show_the_flag_without_personal_data(register, officers, unit_a, unit_b):
    first = register(unit_a.code, days_ago=4)
    register(unit_b.code, days_ago=1)
    officer = officers(unit_a.code)

    page = officer.web().get(officer.url(f"don-thu/{first.pk}/"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="repeats"' in html
    assert unit_b.name in html

    body = officer.api().get(officer.url(f"api/v1/petitions/{first.pk}/")).json()
    [repeat] = body["repeats"]
    assert repeat["unit_code"] == unit_b.code
    assert repeat["state"] == "pending"
    assert set(repeat) == {"unit_code", "unit_name", "since", "state", "closed_on", "skipped_level", "message"}
    assert NUMBER not in str(repeat)
    assert NAME not in str(repeat)


def test_a_unit_without_the_matter_sees_no_flag(register, officers, unit_a, unit_b):
    register(unit_a.code)
    register(unit_b.code)
    outsider = officers("20-UBND")
    with schema_context(outsider.unit.schema_name):
        own = petition_register(
            actor=outsider.user,
            channel="post",
            received_date=timezone.localdate(),
            petition_type="feedback",
            field_code="chinh-sach",
            subject="Chế độ",
            summary="Phản ánh.",
            signer_kind="one",
            signers=[{"full_name": "Lê Thị Hoa", "id_kind": "cccd", "id_number": OTHER_NUMBER}],
        )
    assert repeat_flags(case_id=own.case_id) == []
    body = outsider.api().get(outsider.url(f"api/v1/petitions/{own.pk}/")).json()
    assert body["repeats"] == []


def test_the_check_is_one_statement_at_registration(register, settings, unit_a, unit_b):
    """Every round trip is felt by the officer registering (benchmarks/README.md, "repeats")."""
    register(unit_a.code)
    register(unit_b.code, number=OTHER_NUMBER)  # the unit's first registration warms its caches

    def statements(enabled: bool) -> int:
        settings.REPEAT_CHECK_ENABLED = enabled
        with CaptureQueriesContext(connection) as queries:
            register(unit_b.code)
        return len(queries)

    assert statements(True) - statements(False) == 1
    assert RepeatMatch.objects.count() == 1  # the check on found unit A; the one off recorded nothing
