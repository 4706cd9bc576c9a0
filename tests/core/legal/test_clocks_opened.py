"""Every clock the rule table seeds is opened by a step (issue 9 §3).

The rule table is walked: every code (and every variant) of ``DeadlineRule`` must be declared in
``core.legal.clocks.OPENED_BY`` — or removed, with its reason, in ``REMOVED`` — and the steps are run
with the real services on the real units, collecting the clocks each one actually opened: a petition's
new ``Deadline`` rows (and the extension rule of a clock it extended), a visit's refusal and outcome
notices, a session's clocks. A rule that no step opens fails the walk, and so does a step that no
longer opens what it is declared to open.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, time, timedelta

import pytest
from django_tenants.utils import schema_context

from core.legal.clocks import OPENED_BY, REMOVED
from core.legal.models import DeadlineRule
from core.legal.services import RULES_FILE
from core.petitions.models import Deadline, Petition
from core.petitions.services.petitions import petition_classify, petition_decide_outcome, petition_register
from core.petitions.workflow import petition_transition
from core.reception.selectors.sessions import session_clocks
from core.reception.services.dialogues import dialogue_schedule
from core.reception.services.sessions import session_schedule
from core.reception.services.visits import visit_log
from tests.core.reception.helpers import at, today

pytestmark = pytest.mark.django_db

D = date
SENDER = [{"full_name": "Nguyễn Văn An", "id_kind": "cccd", "id_number": "020085001234"}]


class Walk:
    """Runs steps as one officer of one unit, recording which clocks (code, variant) each step opened."""

    def __init__(self, member, opened: dict[str, set]):
        self.member, self.opened = member, opened

    def _clocks(self, petition_ids):
        return {d.pk: d for d in Deadline.objects.filter(petition_id__in=petition_ids)}

    def _record(self, step: str, before: dict, after: dict) -> None:
        for pk, deadline in after.items():
            if pk not in before:
                self.opened[step].add((deadline.code, deadline.variant))
            elif deadline.extensions > before[pk].extensions:
                extension = DeadlineRule.objects.get(pk=deadline.rule_id).extension_code
                self.opened[step].add((extension, ""))

    def step(self, step: str, petition: Petition, run):
        with schema_context(self.member.unit.schema_name):
            before = self._clocks([petition.pk])
            result = run()
            self._record(step, before, self._clocks([petition.pk]))
            return result

    def register(self, **values) -> Petition:
        values = {
            "channel": "post",
            "received_date": D(2026, 8, 3),
            "petition_type": "complaint",
            "field_code": "dat-dai",
            "subject": "Quyết định thu hồi đất",
            "summary": "Khiếu nại việc thu hồi đất.",
            "signer_kind": "one",
            "signers": SENDER,
            **values,
        }
        with schema_context(self.member.unit.schema_name):
            petition = petition_register(actor=self.member.user, **values)
            self._record("petition.register", {}, self._clocks([petition.pk]))
        return petition

    def classify(self, petition: Petition, *, within: bool = True, on: date | None = None) -> Petition:
        on = on or petition.received_date
        return self.step(
            "petition.classify",
            petition,
            lambda: petition_classify(
                petition=petition, actor=self.member.user, is_processable=True, within_jurisdiction=within, date=on
            ),
        )

    def outcome(self, petition: Petition, outcome: str, **values) -> Petition:
        with schema_context(self.member.unit.schema_name):
            return petition_decide_outcome(
                petition=petition, actor=self.member.user, outcome=outcome, date=petition.received_date, **values
            )

    def go(self, petition: Petition, name: str, on: date, **data) -> Petition:
        return self.step(
            name,
            petition,
            lambda: petition_transition(
                petition=petition, name=name, actor=self.member.user, data={**data, "date": on}
            ),
        )

    def accepted(self, petition: Petition, on: date, **data) -> Petition:
        """Classified within jurisdiction, acceptance proposed, then accepted on ``on``."""
        self.classify(petition)
        petition = self.outcome(petition, "accept")
        kind = "denunciation" if petition.petition_type == "denunciation" else "complaint"
        if petition.petition_type in ("recommendation", "feedback"):
            kind = "petition"
        return self.go(petition, f"{kind}.accept", on, **data)


@pytest.fixture
def opened() -> dict[str, set]:
    return defaultdict(set)


@pytest.fixture
def commune(unit_a, make_member, opened) -> Walk:
    return Walk(make_member(unit_a, roles=("leader",), username="lanh_dao_xa"), opened)


@pytest.fixture
def province(db, make_member, opened) -> Walk:
    """The provincial People's Committee office: competent for second-level complaints."""
    from tenants.models import Unit

    return Walk(make_member(Unit.objects.get(code="20-UBND"), roles=("leader",), username="lanh_dao_tinh"), opened)


def remote(walk: Walk, flag: bool = True) -> None:
    walk.member.unit.is_remote_area = flag
    walk.member.unit.save(update_fields=["is_remote_area"])


def complaints_first_level(w: Walk) -> None:
    forwarded = w.register(channel="transferred", forwarded_by="Ban Tiếp công dân tỉnh")
    w.accepted(forwarded, D(2026, 8, 7), decision_known_on="2026-07-20")
    w.go(forwarded, "complaint.verify", D(2026, 8, 10), verifier="Công chức Địa chính - Xây dựng")
    w.step(
        "dialogue.schedule",
        forwarded,
        lambda: dialogue_schedule(
            actor=w.member.user,
            petition=Petition.objects.get(pk=forwarded.pk),
            scheduled_at=at(D(2026, 8, 24), 14),
            place="UBND xã",
            participants="Người khiếu nại; cán bộ địa chính",
            invited_on=D(2026, 8, 17),
        ),
    )
    w.go(forwarded, "complaint.suspend", D(2026, 8, 12), reason="Chờ kết quả giám định.")
    w.go(forwarded, "complaint.resume", D(2026, 8, 19))
    w.go(forwarded, "complaint.decide", D(2026, 9, 1), decision="Giữ nguyên quyết định.", result="wrong")
    w.go(forwarded, "complaint.take_effect", D(2026, 10, 5))
    w.go(forwarded, "complaint.execute", D(2026, 10, 6))

    w.accepted(w.register(), D(2026, 8, 7), complexity="complex")
    terminated = w.register()
    w.accepted(terminated, D(2026, 8, 7))
    w.go(terminated, "complaint.terminate", D(2026, 8, 20), reason="Người khiếu nại đã chết.")

    remote(w)  # the unit's flag chooses the remote-area limits by default
    far = w.register()
    w.accepted(far, D(2026, 8, 7))
    w.go(far, "complaint.verify", D(2026, 8, 10), verifier="Công chức Địa chính - Xây dựng")
    w.go(far, "complaint.decide", D(2026, 9, 1), decision="Công nhận một phần.", result="partly_right")
    w.accepted(w.register(), D(2026, 8, 7), complexity="complex")
    remote(w, False)


def complaints_second_level(w: Walk) -> None:
    second = w.register()
    w.accepted(second, D(2026, 8, 7), level=2, decision_known_on="2026-07-27")
    w.go(second, "complaint.verify", D(2026, 8, 10), verifier="Công chức Địa chính - Xây dựng")
    w.go(
        second,
        "complaint.dialogue",
        D(2026, 8, 20),
        minutes="Đối thoại.",
        participants="Người khiếu nại; người bị khiếu nại.",
        dialogue_result="Giữ nguyên ý kiến.",
    )
    w.go(second, "complaint.decide", D(2026, 9, 1), decision="Công nhận quyết định lần đầu.", result="upheld")
    w.accepted(w.register(), D(2026, 8, 7), level=2, complexity="complex")
    remote(w)
    w.accepted(w.register(), D(2026, 8, 7), level=2, decision_known_on="2026-07-27")
    w.accepted(w.register(), D(2026, 8, 7), level=2, complexity="complex")
    remote(w, False)
    dismissal = w.register(complaint_kind="dismissal")
    w.accepted(dismissal, D(2026, 8, 7), level=2, decision_known_on="2026-08-01")


def disciplinary(w: Walk) -> None:
    discipline = w.register(complaint_kind="disciplinary")
    w.accepted(discipline, D(2026, 8, 7), decision_known_on="2026-07-30")
    w.go(discipline, "complaint.verify", D(2026, 8, 10), verifier="Công chức Địa chính - Xây dựng")
    w.go(discipline, "complaint.decide", D(2026, 9, 1), decision="Giữ nguyên hình thức kỷ luật.", result="wrong")
    w.accepted(w.register(complaint_kind="disciplinary"), D(2026, 8, 7), complexity="complex")
    dismissal = w.register(complaint_kind="dismissal")
    w.accepted(dismissal, D(2026, 8, 7))
    w.go(dismissal, "complaint.verify", D(2026, 8, 10), verifier="Công chức Địa chính - Xây dựng")
    w.go(dismissal, "complaint.decide", D(2026, 9, 1), decision="Giữ nguyên quyết định.", result="wrong")


def denunciations(w: Walk) -> None:
    denunciation = {"petition_type": "denunciation", "subject": "Cán bộ địa chính xã", "summary": "Tố cáo."}
    press = w.register(**denunciation, channel="forwarded", forwarded_by="Báo Lạng Sơn", escalation="follow_up")
    w.go(press, "denunciation.extend_check", D(2026, 8, 5), reason="Xác minh tại nhiều địa điểm.")
    w.accepted(press, D(2026, 8, 10))
    w.go(press, "denunciation.verify", D(2026, 8, 11))
    w.go(press, "denunciation.extend", D(2026, 8, 12), complexity="complex", days=30)
    w.go(press, "denunciation.report_demanded", D(2026, 8, 13), note="Công văn số 12/UBND-TTr.")
    w.go(press, "denunciation.report", D(2026, 8, 14), note="Báo cáo số 3/BC-UBND.")
    w.go(press, "denunciation.suspend", D(2026, 8, 17), reason="Chờ kết quả giám định.")
    w.go(press, "denunciation.resume", D(2026, 8, 24))
    w.go(press, "denunciation.conclude", D(2026, 9, 14), conclusion="Tố cáo đúng một phần.", result="partly_right")

    w.register(**denunciation, escalation="overdue")
    ended = w.register(**denunciation)
    w.accepted(ended, D(2026, 8, 10))
    w.go(ended, "denunciation.terminate", D(2026, 8, 20), reason="Người bị tố cáo đã chết.")

    elsewhere = w.register(**denunciation)
    w.classify(elsewhere, within=False)
    elsewhere = w.outcome(elsewhere, "forward", competent_body="UBND tỉnh")
    w.go(elsewhere, "forward.reply", D(2026, 9, 1), note="Thông báo số 5/TB-UBND.", citizen_asked=True)


def recommendations(w: Walk) -> None:
    recommendation = w.register(channel="reception", petition_type="recommendation", subject="Đường liên thôn")
    w.accepted(recommendation, D(2026, 8, 5))


def reception(w: Walk) -> None:
    with schema_context(w.member.unit.schema_name):
        visit = visit_log(
            actor=w.member.user,
            visited_at=at(D(2026, 9, 15)),
            place="Phòng tiếp công dân xã",
            petition_type="feedback",
            field_code="dat-dai",
            content="Phản ánh lại việc đã được trả lời.",
            outcome="refused",
            refusal_reason="answered",
            citizens=SENDER,
        )
        # The visit's clocks are kept on the visit (a refused visit has no petition).
        for code, due in (
            ("reception.outcome_notice", visit.notice_due_date),
            ("reception.refusal_notice", visit.refusal_notice_due_date),
        ):
            if due is not None:
                w.opened["visit.log"].add((code, ""))
        session = session_schedule(
            actor=w.member.user,
            kind="online",
            date=today() + timedelta(days=30),
            start_time=time(8),
            place="Điểm cầu trực tuyến UBND xã",
            presiding=w.member.user,
        )
        w.opened["session.schedule"] |= {(clock.code, clock.variant) for clock in session_clocks(session)}


def test_every_code_of_the_rule_table_is_declared_opened_or_removed():
    codes = set(DeadlineRule.objects.values_list("code", flat=True))
    assert sorted(codes - set(OPENED_BY)) == [], "rules no step is declared to open"
    assert sorted(set(OPENED_BY) - codes) == [], "declared clocks the rule table does not have"
    seeded = {row["code"] for row in json.loads(RULES_FILE.read_text(encoding="utf-8"))}
    assert sorted(set(REMOVED) & (codes | seeded)) == [], "removed rules still seeded"


def test_each_step_opens_the_clocks_it_is_declared_to_open(commune, province, opened):
    complaints_first_level(commune)
    disciplinary(commune)
    complaints_second_level(province)
    denunciations(commune)
    recommendations(commune)
    reception(commune)

    opened_codes = {step: {code for code, _variant in pairs} for step, pairs in opened.items()}
    not_opened = sorted(
        (code, step) for code, steps in OPENED_BY.items() for step in steps if code not in opened_codes.get(step, ())
    )
    assert not_opened == [], "declared (clock, step) pairs the step did not open"
    table = set(DeadlineRule.objects.values_list("code", "variant"))
    walked = set().union(*opened.values())
    assert sorted(table - walked) == [], "rules (code, variant) no step opened"
