"""The province dashboard: every figure equals a recount from the units' own schemas, after random
operations across units through the real services; one province never sees another's units."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from core.caseindex.services import RESOLUTION_CLOCKS, RESOLVING_EVENTS
from core.common.errors import ApplicationError
from core.oversight.selectors import NEAR_DUE_DAYS, province_dashboard
from core.petitions.models import Petition, PetitionEvent
from core.petitions.services import allowed_outcomes, petition_classify, petition_decide_outcome, petition_register
from core.petitions.workflow import allowed_transitions, petition_transition
from core.reports.periods import period_bounds
from tenants.catalogue import province_units, unit_spec
from tenants.models import Unit
from tenants.provisioning import unit_provision

from .conftest import CITIZEN, CITIZEN_ID, DENOUNCER, DENOUNCER_ID, leaks

pytestmark = pytest.mark.django_db
TYPES = ["complaint", "denunciation", "recommendation", "feedback", "mixed"]
DATA = {
    "reason": "Căn cứ theo quy định.", "note": "Ghi chú.", "minutes": "Biên bản.", "decision": "Quyết định.",
    "conclusion": "Kết luận.", "measures": "Biện pháp.", "answer": "Trả lời.", "channel": "Niêm yết",
    "complexity": "especially_complex",
}  # fmt: skip
#: Steps that move a case towards its resolution (preferred, so that many cases get there).
FORWARD = {"accept", "verify", "dialogue", "decide", "conclude", "answer"}
PERIODS = [("q3", 2026), ("q4", 2026), ("6m", 2026), ("9m", 2026), ("year", 2026), ("q1", 2026)]


def _register(rng: random.Random, member) -> None:
    petition_type = rng.choice(TYPES)
    who = rng.random()
    if who < 0.15:
        senders = {"signer_kind": "anonymous", "signers": [], "has_concrete_evidence": True}
    elif petition_type == "denunciation":
        senders = {
            "signer_kind": "one",
            "signers": [{"full_name": DENOUNCER, "id_kind": "cccd", "id_number": DENOUNCER_ID}],
        }
    else:
        senders = {
            "signer_kind": "one",
            "signers": [{"full_name": CITIZEN, "id_kind": "cccd", "id_number": CITIZEN_ID}],
        }
    petition_register(
        actor=member.user,
        channel=rng.choice(["post", "reception", "online", "leader"]),
        received_date=timezone.localdate()
        - timedelta(days=rng.randrange(0, 14) if rng.random() < 0.25 else rng.randrange(0, 330)),
        petition_type=petition_type,
        field_code=rng.choice(["dat-dai", "nha-o", "chinh-sach"]),
        subject="Nội dung",
        summary="Tóm tắt",
        **senders,
    )


def random_operations(rng: random.Random, members, steps: int) -> int:
    """Registrations, classifications, outcomes and lifecycle moves, at random, through the services."""
    done = 0
    for _step in range(steps):
        member = rng.choice(members)
        with schema_context(member.unit.schema_name):
            petitions = list(Petition.objects.all())
            if len(petitions) < 3 or rng.random() < 0.2:
                _register(rng, member)
                done += 1
                continue
            open_ = [p for p in petitions if not p.is_closed]
            petition = rng.choice(open_ if open_ and rng.random() < 0.85 else petitions)
            on = min(petition.received_date + timedelta(days=rng.randrange(0, 60)), timezone.localdate())
            try:
                if petition.status == "registered":
                    processable = rng.random() < 0.9
                    petition_classify(petition=petition, actor=member.user, is_processable=processable,
                                      not_processable_reason="" if processable else "duplicate",
                                      within_jurisdiction=rng.random() < 0.8)  # fmt: skip
                elif outcomes := allowed_outcomes(petition):
                    outcome = "accept" if "accept" in outcomes and rng.random() < 0.6 else rng.choice(outcomes)
                    petition_decide_outcome(petition=petition, actor=member.user, outcome=outcome,
                                            competent_body="Sở Tài nguyên", on=on)  # fmt: skip
                elif options := allowed_transitions(petition, member.user):
                    forward = [t for t in options if t.name.rsplit(".", 1)[-1] in FORWARD]
                    move = rng.choice(forward if forward and rng.random() < 0.75 else options)
                    petition_transition(petition=petition, name=move.name, actor=member.user,
                                        data={**DATA, "date": on.isoformat()})  # fmt: skip
                done += 1
            except ApplicationError:
                pass  # a refused move changes nothing
    return done


def recount(unit, period, today) -> dict:
    """The dashboard's figures of one unit, counted from its own schema in Python."""
    with schema_context(unit.schema_name):
        petitions = {p.pk: p for p in Petition.objects.all()}
        events = list(PetitionEvent.objects.all())
        resolution_due = {}
        for petition in petitions.values():
            clock = petition.deadlines.filter(code__in=RESOLUTION_CLOCKS).order_by("-id").first()
            resolution_due[petition.pk] = clock.due_date if clock else None
    in_period = lambda day: period.start <= day <= period.end  # noqa: E731
    received = [p for p in petitions.values() if in_period(p.received_date)]
    processed = [e for e in events if e.kind.startswith("outcome.") and in_period(e.event_date)]
    resolutions = [e for e in events if e.kind in RESOLVING_EVENTS and in_period(e.event_date)]
    of = lambda e: petitions[e.petition_id]  # noqa: E731
    open_ = [p for p in petitions.values() if not p.is_closed and p.next_due_date]
    on_time = [
        e for e in resolutions if resolution_due[e.petition_id] and e.event_date <= resolution_due[e.petition_id]
    ]
    return {
        "received": len(received),
        "received_by_type": dict(Counter(p.petition_type for p in received)),
        "received_by_field": dict(Counter(p.field_code for p in received)),
        "received_by_channel": dict(Counter(p.channel for p in received)),
        "received_by_status": dict(Counter(p.status for p in received)),
        "processed": len(processed),
        "processed_by_type": dict(Counter(of(e).petition_type for e in processed)),
        "processed_by_field": dict(Counter(of(e).field_code for e in processed)),
        "processed_by_channel": dict(Counter(of(e).channel for e in processed)),
        "processed_by_outcome": dict(Counter(of(e).outcome for e in processed)),
        "overdue": sum(1 for p in open_ if p.next_due_date < today),
        "near_due": sum(1 for p in open_ if today <= p.next_due_date <= today + timedelta(NEAR_DUE_DAYS)),
        "resolved": len(resolutions),
        "resolved_on_time": len(on_time),
        "on_time_rate": round(100 * len(on_time) / len(resolutions), 1) if resolutions else None,
    }


def _sum(figures: list[dict]) -> dict:
    total: dict = {}
    for one in figures:
        for key, value in one.items():
            if key == "on_time_rate":
                continue
            if isinstance(value, dict):
                bucket = total.setdefault(key, Counter())
                bucket.update(value)
            else:
                total[key] = total.get(key, 0) + value
    total = {k: dict(v) if isinstance(v, Counter) else v for k, v in total.items()}
    total["on_time_rate"] = round(100 * total["resolved_on_time"] / total["resolved"], 1) if total["resolved"] else None
    return total


@pytest.fixture
def cao_bang():
    """A commune of Cao Bằng (province 04) and its inspectorate, with their own schemas."""
    commune = next(spec for spec in province_units("04") if spec.kind == "commune")
    unit, _created = unit_provision(spec=commune)
    inspectorate, _created = unit_provision(spec=unit_spec("04-TTR"))
    return unit, inspectorate


def test_every_dashboard_figure_equals_a_recount_from_the_units_schemas(inspector, make_member, cao_bang):
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    unit_provision(spec=unit_spec("06040"))
    codes = ["06316", "05983", "20-TTR", "20-UBND", "06040"]
    units = [Unit.objects.get(code=code) for code in codes]
    members = [
        make_member(unit, roles=("processing_officer", "leader"), username=f"u{i}") for i, unit in enumerate(units)
    ]
    other_province = make_member(cao_bang[0], roles=("processing_officer", "leader"), username="cb")
    assert random_operations(rng, [*members, other_province], 400) > 300, f"seed {seed}"
    today = timezone.localdate()
    api = inspector.api()
    seen: Counter = Counter()
    for kind, year in PERIODS:
        body = api.get(inspector.url("api/v1/inspectorate/dashboard/"), {"period": kind, "year": year}).json()
        period = period_bounds(kind, year)
        assert body["period"]["start"] == period.start.isoformat(), f"seed {seed}"
        by_code = {row["code"]: row["figures"] for row in body["units"]}
        assert cao_bang[0].code not in by_code, f"seed {seed}"
        assert set(codes) <= set(by_code), f"seed {seed}"
        expected = {unit.code: recount(unit, period, today) for unit in units}
        for code, figures in expected.items():
            assert by_code[code] == figures, f"{code} {kind} {year}, seed {seed}"
        # Units without any petition show zeros, and the province row is the sum of all.
        assert body["province"] == _sum(list(by_code.values())), f"seed {seed}"
        assert body["province"] == _sum(list(expected.values())), f"seed {seed}"
        seen.update({key: value for key, value in body["province"].items() if isinstance(value, int) and value})
        assert body["not_yet_available"] == [
            "crowd_visits", "hot_spots", "leader_reception_compliance", "trained_officer_share",
        ]  # fmt: skip
    # The sequence reached every kind of figure (else the comparison above proves little).
    assert all(seen[key] for key in ("received", "processed", "overdue", "resolved", "resolved_on_time")), seen
    assert leaks(api.get(inspector.url("api/v1/inspectorate/dashboard/"))) == []
    page = inspector.web().get(inspector.url("thanh-tra/"), {"period": "year", "year": 2026})
    assert page.status_code == 200
    assert leaks(page) == []


def test_the_aggregation_is_a_few_queries_over_the_public_tables(inspector, inspectorate, register_in, unit_a):
    register_in(unit_a)
    period = period_bounds("year", 2026)
    connection.set_schema(inspectorate.schema_name)
    with CaptureQueriesContext(connection) as queries:
        province_dashboard(unit=inspectorate, period=period)
    sql = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SET search_path")]
    assert len(sql) == 5, "\n".join(sql)  # units, received, processed, clocks, resolutions
    assert not any("petitions_petition" in s or '"u_' in s for s in sql)


def test_period_selector_sorting_and_focus_on_the_page(inspector, register_in, unit_a, unit_b):
    register_in(unit_a, received_date=date(2026, 10, 1))
    register_in(unit_a, received_date=date(2026, 10, 2), petition_type="feedback")
    register_in(unit_b, received_date=date(2026, 7, 1))
    web = inspector.web()
    q4 = web.get(inspector.url("thanh-tra/"), {"period": "q4", "year": 2026, "sort": "-received"})
    assert q4.status_code == 200
    text = q4.content.decode()
    assert "15/09/2026" in text
    assert "14/12/2026" in text
    assert [row["unit"].code for row in q4.context["table"]][0] == unit_a.code
    assert q4.context["board"].province.received == 2
    assert 'data-figure="received">2<' in text
    q3 = web.get(inspector.url("thanh-tra/"), {"period": "q3", "year": 2026, "unit": unit_b.code})
    assert q3.context["focus"].code == unit_b.code
    assert q3.context["figures"].received == 1
    assert 'class="chart"' in q3.content.decode()
    # The default is the quarter containing today; a bad year is refused on the form, not a 500.
    assert web.get(inspector.url("thanh-tra/")).status_code == 200
    assert web.get(inspector.url("thanh-tra/"), {"period": "q9", "year": "x"}).status_code == 200
    api = inspector.api()
    sorted_api = api.get(
        inspector.url("api/v1/inspectorate/dashboard/"), {"period": "q4", "year": 2026, "sort": "-received"}
    )
    assert sorted_api.json()["units"][0]["code"] == unit_a.code
    assert api.get(inspector.url("api/v1/inspectorate/dashboard/"), {"period": "q9", "year": 2026}).status_code == 400


def test_one_province_does_not_see_another(inspector, make_member, cao_bang, register_in, unit_a):
    commune, cb_inspectorate = cao_bang
    register_in(commune, signers=[{"full_name": "Nông Thị Mai", "id_kind": "none"}])
    register_in(unit_a)
    ours = inspector.api().get(inspector.url("api/v1/inspectorate/dashboard/"), {"period": "year", "year": 2026}).json()
    assert set(
        Unit.objects.filter(code__in=[row["code"] for row in ours["units"]]).values_list("province_code", flat=True)
    ) == {"20"}
    assert commune.code not in {row["code"] for row in ours["units"]}
    assert ours["province_code"] == "20"
    theirs_inspector = make_member(cb_inspectorate, roles=("inspector",), username="tt_cb")
    theirs = (
        theirs_inspector.api()
        .get(theirs_inspector.url("api/v1/inspectorate/dashboard/"), {"period": "year", "year": 2026})
        .json()
    )
    assert {row["code"] for row in theirs["units"]} == {commune.code, cb_inspectorate.code}
    assert theirs["province"]["received"] == 1
    assert ours["province"]["received"] == 1
    overdue = theirs_inspector.api().get(theirs_inspector.url("api/v1/inspectorate/overdue/")).json()
    assert all(row["unit_code"] in {commune.code, cb_inspectorate.code} for row in overdue["results"])
