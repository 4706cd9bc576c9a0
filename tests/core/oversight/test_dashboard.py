"""The province dashboard: every figure equals a recount from the units' own schemas, after random
operations across units through the real services; one province never sees another's units."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from core.caseindex.models import RepeatMatch
from core.common.errors import ApplicationError
from core.oversight.selectors import NEAR_DUE_DAYS, province_dashboard
from core.petitions.choices import RESOLUTION_CLOCKS, RESOLVING_EVENTS
from core.petitions.models import Petition, PetitionEvent
from core.petitions.selectors import allowed_outcomes
from core.petitions.services.petitions import petition_classify, petition_decide_outcome, petition_register
from core.petitions.workflow import allowed_transitions, petition_transition
from core.reception.models import Matter, ReceptionOfficer, ReceptionSession, UnitProfile, Visit
from core.reception.selectors.compliance import reception_compliance
from core.reception.services.matters import matter_mark_hot_spot
from core.reception.services.sessions import session_hold
from core.reception.services.staff import officer_create, training_add
from core.reception.services.visits import visit_log
from core.reports.periods import period_bounds
from tenants.catalogue import province_units, unit_spec
from tenants.models import Unit
from tenants.provisioning import unit_provision

from .conftest import CITIZEN, CITIZEN_ID, DENOUNCER, DENOUNCER_ID, leaks

pytestmark = pytest.mark.django_db
TYPES = ["complaint", "denunciation", "recommendation", "feedback", "mixed"]
DATA = {
    "reason": "Căn cứ theo quy định.",
    "note": "Ghi chú.",
    "minutes": "Biên bản.",
    "decision": "Quyết định.",
    "conclusion": "Kết luận.",
    "measures": "Biện pháp.",
    "answer": "Trả lời.",
    "channel": "Niêm yết",
    "complexity": "especially_complex",
}
#: Steps that move a case towards its resolution (preferred, so that many cases get there).
FORWARD = {"accept", "verify", "dialogue", "decide", "conclude", "answer"}
PERIODS = [("q3", 2026), ("q4", 2026), ("6m", 2026), ("9m", 2026), ("year", 2026), ("q1", 2026)]

#: The units table's rows as the template wrote them before ``web.oversight.tables.units_rows``
#: (which must write the same HTML, faster).
TEMPLATE_ROWS = (Path(__file__).parent / "dashboard_rows.html").read_text(encoding="utf-8").removesuffix("\n")


def assert_rows_as_the_template(page) -> None:
    """The page's units rows are byte for byte what the template loop would have written."""
    from django.template import RequestContext, Template

    context = RequestContext(page.wsgi_request, {"table": page.context["table"], "focus": page.context["focus"]})
    expected = Template(TEMPLATE_ROWS).render(context)
    assert "<tr data-unit=" in expected
    assert f"<tbody>\n    {expected}\n    </tbody>" in page.content.decode()


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
                    petition_classify(
                        petition=petition,
                        actor=member.user,
                        is_processable=processable,
                        not_processable_reason="" if processable else "duplicate",
                        within_jurisdiction=rng.random() < 0.8,
                    )
                elif outcomes := allowed_outcomes(petition):
                    outcome = "accept" if "accept" in outcomes and rng.random() < 0.6 else rng.choice(outcomes)
                    petition_decide_outcome(
                        petition=petition, actor=member.user, outcome=outcome, competent_body="Sở Tài nguyên", date=on
                    )
                elif options := allowed_transitions(petition, member.user):
                    forward = [t for t in options if t.name.rsplit(".", 1)[-1] in FORWARD]
                    move = rng.choice(forward if forward and rng.random() < 0.75 else options)
                    petition_transition(
                        petition=petition, name=move.name, actor=member.user, data={**DATA, "date": on.isoformat()}
                    )
                done += 1
            except ApplicationError:
                pass  # a refused move changes nothing
    return done


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def recount_reception(unit, period, today) -> dict:
    """The dashboard's reception figures of one unit, counted from its own schema in Python."""
    in_period = lambda day: period.start <= day <= period.end  # noqa: E731
    until = min(period.end, today - timedelta(days=1))  # only windows that have ended are judged
    with schema_context(unit.schema_name):
        visits = [v for v in Visit.objects.all() if in_period(timezone.localtime(v.visited_at).date())]
        head = UnitProfile.objects.values_list("head_id", flat=True).first()
        held = [s for s in ReceptionSession.objects.filter(status="held") if in_period(s.date)]
        windows = (
            reception_compliance(unit_kind=unit.kind, start=period.start, end=until) if until >= period.start else []
        )
        matters = [m for m in Matter.objects.all() if not m.closed]
        officers = [o for o in ReceptionOfficer.objects.prefetch_related("trainings") if o.active]
        trained = sum(1 for o in officers if o.trainings.all())
    crowds = [v for v in visits if v.is_crowd]
    compliant = sum(1 for w in windows if w.compliant)
    return {
        "visits": len(visits),
        "persons": sum(v.headcount for v in visits),
        "crowd_visits": len(crowds),
        "crowd_persons": sum(v.headcount for v in crowds),
        "repeat_visits": sum(1 for v in visits if v.is_repeat),
        "head_sessions": sum(1 for s in held if head and s.presiding_id == head and not s.is_substitution),
        "deputy_sessions": sum(1 for s in held if s.is_substitution),
        "windows": len(windows),
        "windows_compliant": compliant,
        "compliance_rate": _rate(compliant, len(windows)),
        "hot_spots_open": sum(1 for m in matters if m.is_hot_spot),
        "matters_repeated": sum(1 for m in matters if m.visit_count >= 2 or m.has_crowd),
        "officers_active": len(officers),
        "officers_trained": trained,
        "trained_share": _rate(trained, len(officers)),
    }


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
    flagged = set(RepeatMatch.objects.values_list("case_id", flat=True))
    skipped = set(RepeatMatch.objects.filter(skipped_level=True).values_list("case_id", flat=True))
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
        # Which petitions are repeats is decided across units at registration (tests/core/petitions/
        # test_repeats.py); here, that the dashboard counts the unit's flagged petitions of the period.
        "repeats": sum(1 for p in received if p.case_id in flagged),
        "skipped_level": sum(1 for p in received if p.case_id in skipped),
        "reception": recount_reception(unit, period, today),
    }


def _sum_reception(figures: list[dict]) -> dict:
    total = {
        key: sum(one[key] for one in figures) for key in figures[0] if key not in ("compliance_rate", "trained_share")
    }
    total["compliance_rate"] = _rate(total["windows_compliant"], total["windows"])
    total["trained_share"] = _rate(total["officers_trained"], total["officers_active"])
    return total


def _sum(figures: list[dict]) -> dict:
    total: dict = {"reception": _sum_reception([one["reception"] for one in figures])}
    for one in figures:
        for key, value in one.items():
            if key in ("on_time_rate", "reception"):
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
        # Transfers between units are as of today, whatever the period (their own test is below).
        assert body["stuck_transfers"] == len(recount_stuck("20", today)), f"seed {seed}"
        seen.update({key: value for key, value in body["province"].items() if isinstance(value, int) and value})
        assert "not_yet_available" not in body
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
    sql = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].startswith(("SET search_path", "SAVEPOINT", "RELEASE"))
    ]
    kinds = set(Unit.objects.filter(province_code="20").exclude(status="provisioning").values_list("kind", flat=True))
    # units, the counter months' cuts, received + processed + resolved (one statement), clocks,
    # reception facts, reception stats, the quota rules of every unit kind (once, not per kind or
    # unit), repeats across units, stuck transfers
    assert len(sql) == 9, "\n".join(sql)
    assert sum(1 for s in sql if "caseindex_casecountcut" in s) == 1
    assert sum(1 for s in sql if "legal_receptionquotarule" in s) == 1
    assert kinds
    assert not any('"petitions_' in s or '"reception_' in s or '"u_' in s for s in sql), "\n".join(sql)


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
    assert_rows_as_the_template(q3)
    assert_rows_as_the_template(q4)
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


# --- Citizen reception ---------------------------------------------------------------------------

SENDER = {"full_name": CITIZEN, "id_kind": "cccd", "id_number": CITIZEN_ID}
GROUP = [{"full_name": f"Người dân {i}", "id_kind": "none", "is_representative": i < 2} for i in range(7)]


def _staff(make_member, unit):
    """The unit's head (also its administrator, for the staff registry) and a deputy."""
    suffix = unit.code.lower().replace("-", "_")
    head = make_member(unit, roles=("leader", "unit_admin"), username=f"chu_tich_{suffix}", full_name="Vi Văn Thành")
    deputy = make_member(unit, roles=("leader",), username=f"pho_chu_tich_{suffix}", full_name="Hoàng Văn Minh")
    with schema_context(unit.schema_name):
        UnitProfile.objects.create(head=head.user, head_title="Chủ tịch")
    return head, deputy


def _visit(member, day: date, **overrides) -> Visit:
    values = {
        "visited_at": timezone.make_aware(datetime.combine(day, time(9))),
        "place": "Phòng tiếp công dân",
        "petition_type": "complaint",
        "field_code": "dat-dai",
        "content": "Khiếu nại về bồi thường đất.",
        "outcome": "answered",
        "citizens": [SENDER],
        "headcount": 1,
    }
    values.update(overrides)
    with schema_context(member.unit.schema_name):
        return visit_log(actor=member.user, **values)


def _session(head, day: date, *, presiding=None, kind: str = "periodic", visits=()) -> ReceptionSession:
    """A past session put on the record (the services schedule only from today on), then held
    through the service, which mirrors it and its visits into the public reception facts."""
    deputy = presiding is not None
    with schema_context(head.unit.schema_name):
        session = ReceptionSession.objects.create(
            kind=kind,
            date=day,
            start_time=time(8),
            place="Trụ sở UBND",
            presiding=(presiding or head).user,
            is_substitution=deputy,
            substitution_reason="Chủ tịch đi công tác" if deputy else "",
            published_on=day - timedelta(days=10),
        )
        return session_hold(actor=head.user, session=session, minutes="Biên bản.", visit_ids=[v.pk for v in visits])


def test_reception_figures_equal_a_recount_from_the_units_schemas(inspector, make_member, unit_a, unit_b):
    head_a, deputy_a = _staff(make_member, unit_a)
    head_b, deputy_b = _staff(make_member, unit_b)
    # Unit A: regular reception, a repeat visit, a crowd marked a hot spot; the head's sessions with
    # their visits, and one held by a deputy standing in.
    _visit(head_a, date(2026, 6, 10))  # before Q3 (in 6 months)
    _visit(head_a, date(2026, 7, 1))  # the same person and field: a repeat
    crowd = _visit(head_a, date(2026, 8, 3), citizens=GROUP, headcount=7, outcome="petition", subject="Bồi thường")
    with schema_context(unit_a.schema_name):
        matter_mark_hot_spot(actor=head_a.user, matter=crowd.matter, risk_level="high")
        officer = officer_create(actor=head_a.user, full_name="Lường Thị Hoa", employment="full_time")
        training_add(
            actor=head_a.user, officer=officer, course="Nghiệp vụ tiếp công dân", completed_on=date(2026, 3, 1)
        )
        officer_create(actor=head_a.user, full_name="Nông Văn Đức", employment="part_time")
    at_session = [
        _visit(head_a, date(2026, 7, 6), citizens=GROUP[:5], headcount=5, field_code="nha-o"),
        _visit(head_a, date(2026, 7, 6), citizens=[{"full_name": "Hà Thị Mai", "id_kind": "none"}]),
    ]
    _session(head_a, date(2026, 7, 6), visits=at_session)
    _session(head_a, date(2026, 7, 20), presiding=deputy_a, visits=[_visit(head_a, date(2026, 7, 20))])
    _session(head_a, date(2026, 8, 17), kind="ad_hoc")
    _session(head_a, date(2026, 9, 14))  # the last day of Q3
    # Unit B: a ward; one head's session in June, one regular visit after Q3.
    _session(head_b, date(2026, 6, 22), visits=[_visit(head_b, date(2026, 6, 22), headcount=1)])
    _visit(head_b, date(2026, 10, 1), citizens=GROUP, headcount=7)
    with schema_context(unit_b.schema_name):  # planned, never held: not counted
        ReceptionSession.objects.create(
            kind="periodic", date=date(2026, 7, 2), start_time=time(8), place="Phường", presiding=head_b.user
        )

    today = timezone.localdate()
    api = inspector.api()
    codes = list(Unit.objects.filter(province_code="20").exclude(status="provisioning").values_list("code", flat=True))
    for kind in ("q2", "q3", "q4", "6m", "9m", "year"):
        period = period_bounds(kind, 2026)
        body = api.get(inspector.url("api/v1/inspectorate/dashboard/"), {"period": kind, "year": 2026}).json()
        got = {row["code"]: row["figures"]["reception"] for row in body["units"]}
        expected = {code: recount_reception(Unit.objects.get(code=code), period, today) for code in codes}
        for code in codes:
            assert got[code] == expected[code], (kind, code)
        assert body["province"]["reception"] == _sum_reception(list(expected.values())), kind
        assert leaks(api.get(inspector.url("api/v1/inspectorate/dashboard/"), {"period": kind, "year": 2026})) == []
    # The recount is not vacuous: unit A's third quarter by hand.
    q3 = api.get(inspector.url("api/v1/inspectorate/dashboard/"), {"period": "q3", "year": 2026}).json()
    a = next(row["figures"]["reception"] for row in q3["units"] if row["code"] == unit_a.code)
    assert {k: a[k] for k in ("visits", "persons", "crowd_visits", "crowd_persons", "repeat_visits")} == {
        "visits": 5,
        "persons": 15,
        "crowd_visits": 2,
        "crowd_persons": 12,
        "repeat_visits": 2,
    }
    assert (a["head_sessions"], a["deputy_sessions"]) == (3, 1)
    assert (a["hot_spots_open"], a["officers_active"], a["officers_trained"], a["trained_share"]) == (1, 2, 1, 50.0)
    # Commune: weeks 15–21/6 and 22–28/6 (one day a week), then July and August (two days a month).
    # No session in those June weeks, one day of the head in person in July (20/7 was the deputy's)
    # and one in August: no window is met.
    assert (a["windows"], a["windows_compliant"]) == (4, 0)
    by_visits = api.get(
        inspector.url("api/v1/inspectorate/dashboard/"), {"period": "q3", "year": 2026, "sort": "-visits"}
    ).json()
    assert [row["code"] for row in by_visits["units"]][:2] == [unit_a.code, unit_b.code]
    page = inspector.web().get(inspector.url("thanh-tra/"), {"period": "q3", "year": 2026, "unit": unit_a.code})
    text = page.content.decode()
    assert 'data-figure="visits">5<' in text
    assert 'data-figure="head_sessions">3<' in text
    assert 'id="tcd-xlsx"' in text
    assert leaks(page) == []
    assert_rows_as_the_template(page)
    assert_rows_as_the_template(inspector.web().get(inspector.url("thanh-tra/"), {"period": "year", "sort": "-visits"}))


def test_the_head_s_quota_across_the_1_july_2026_switch(make_member, inspectorate, unit_a, unit_b):
    """A commune with a session every week of June 2026 and two days in July meets the quota in
    every window; with only one day in July it falls short in July (a deputy's day does not count)."""
    june_july = dataclasses.replace(period_bounds("q3", 2026), start=date(2026, 6, 1), end=date(2026, 7, 31))
    heads = {}
    for unit, july in ((unit_a, (6, 20)), (unit_b, (6,))):
        head, deputy = _staff(make_member, unit)
        heads[unit.code] = (head, deputy)
        for day in (1, 8, 15, 22, 29):  # Mondays of June
            _session(head, date(2026, 6, day))
        for day in july:
            _session(head, date(2026, 7, day))
    head_b, deputy_b = heads[unit_b.code]
    _session(head_b, date(2026, 7, 20), presiding=deputy_b)
    board = province_dashboard(unit=inspectorate, period=june_july)
    rows = {row.code: row.figures.reception for row in board.units}
    # Weeks 1–7, 8–14, 15–21 and 22–28 June (the week of 29/6 straddles the switch), then July.
    assert (rows[unit_a.code].windows, rows[unit_a.code].windows_compliant) == (5, 5)
    assert rows[unit_a.code].compliance_rate == 100.0
    assert (rows[unit_b.code].windows, rows[unit_b.code].windows_compliant) == (5, 4)
    assert (rows[unit_b.code].head_sessions, rows[unit_b.code].deputy_sessions) == (6, 1)
    today = timezone.localdate()
    for unit in (unit_a, unit_b):
        assert dataclasses.asdict(rows[unit.code]) | {
            "compliance_rate": rows[unit.code].compliance_rate,
            "trained_share": rows[unit.code].trained_share,
        } == recount_reception(unit, june_july, today)


def recount_stuck(province_code: str, on) -> set[str]:
    """The references of the transfers from or to the province's units that are stuck as of ``on``,
    read from every unit's own rows (a failed delivery has a row at its sender only): a failed
    delivery, or an answer owed and overdue."""
    from core.transfers.choices import AWAITING_ANSWER, Direction, TransferState
    from core.transfers.models import Transfer

    units = list(Unit.objects.exclude(schema_name="public"))
    ours = {unit.code for unit in units if unit.province_code == province_code}
    references: set[str] = set()
    for unit in units:
        with schema_context(unit.schema_name):
            for transfer in Transfer.objects.all():
                sender, receiver = unit.code, transfer.counterpart_code
                if transfer.direction == Direction.IN:
                    sender, receiver = receiver, sender
                late = transfer.state in AWAITING_ANSWER and transfer.due_date and transfer.due_date < on
                if (transfer.state == TransferState.FAILED or late) and {sender, receiver} & ours:
                    references.add(transfer.reference)
    return references


def test_stuck_transfers_count_equals_a_recount_and_links_to_their_page(
    inspector, inspectorate, officers, register_in, unit_a, unit_b, cao_bang
):
    from core.documents.forms.services import forms_load
    from core.transfers.choices import Direction
    from core.transfers.delivery import outbox_flush
    from core.transfers.models import Transfer
    from core.transfers.services import inbound_accept

    with schema_context("public"):
        forms_load()
    commune, cb_inspectorate = cao_bang
    province_ubnd = Unit.objects.get(code="20-UBND")

    def forward(sender, receiver) -> str:
        petition = register_in(sender, petition_type="feedback", subject="Đèn đường hỏng", summary="Phản ánh.")
        officer = officers(sender).user
        with schema_context(sender.schema_name):
            petition_classify(petition=petition, actor=officer, is_processable=True, within_jurisdiction=False)
            petition_decide_outcome(petition=petition, actor=officer, outcome="forward", receiving_unit=receiver.code)
            return Transfer.objects.get(petition=petition, direction=Direction.OUT).reference

    def deliver(sender, reference) -> None:  # what the worker does (tasks.transfer_deliver)
        with schema_context(sender.schema_name):
            outbox_flush(reference)

    waiting = forward(unit_a, unit_b)  # delivered, not answered: late once its due date has passed
    deliver(unit_a, waiting)
    answered = forward(unit_b, province_ubnd)  # accepted: never stuck
    deliver(unit_b, answered)
    with schema_context(province_ubnd.schema_name):
        received = Transfer.objects.get(reference=answered, direction=Direction.IN)
        inbound_accept(transfer=received, actor=officers(province_ubnd).user)
        deliver(province_ubnd, answered)
    elsewhere = forward(commune, cb_inspectorate)  # Cao Bằng's own: late, but not this province's
    deliver(commune, elsewhere)
    failed = forward(unit_a, commune)  # the receiver archived before delivery: failed, stuck at once
    Unit.objects.filter(pk=commune.pk).update(status="archived")
    connection.set_schema_to_public()
    deliver(unit_a, failed)

    today = timezone.localdate()
    later = today + timedelta(days=120)
    period = period_bounds("year", 2026)
    for on, expected in ((today, {failed}), (later, {failed, waiting})):
        assert recount_stuck("20", on) == expected
        board = province_dashboard(unit=inspectorate, period=period, today=on)
        assert board.stuck_transfers == len(expected)
    assert recount_stuck("04", later) == {failed, elsewhere}
    assert province_dashboard(unit=cb_inspectorate, period=period, today=later).stuck_transfers == 2

    body = inspector.api().get(inspector.url("api/v1/inspectorate/dashboard/")).json()
    assert body["stuck_transfers"] == 1
    page = inspector.web().get(inspector.url("thanh-tra/"))
    text = page.content.decode()
    assert 'data-figure="stuck_transfers">1<' in text
    assert f'id="stuck-transfers" href="{inspector.url("chuyen-don/ton-dong/")}"' in text
    stuck_page = inspector.web().get(inspector.url("chuyen-don/ton-dong/"))
    assert failed in stuck_page.content.decode()
    assert leaks(page) == []
