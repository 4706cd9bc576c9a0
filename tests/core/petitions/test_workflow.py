"""The lifecycles as state machines: every transition, through the API, and illegal ones refused."""

from datetime import date

import pytest
from django_tenants.utils import schema_context

from core.petitions.choices import TransitionName
from core.petitions.models import Deadline, Petition
from core.petitions.workflow import TRANSITIONS

pytestmark = pytest.mark.django_db
EXERCISED: set[str] = set()
#: What the dialogue minutes need besides their content (Form 14).
DIALOGUE = {"participants": "Người khiếu nại; người bị khiếu nại.", "dialogue_result": "Chưa thống nhất."}


class Flow:
    """Drives one petition through the API as the unit's officer."""

    def __init__(self, member, petition):
        self.member, self.pk, self.api = member, petition.pk, member.api()

    def post(self, path, payload=None, expect=200):
        response = self.api.post(self.member.url(f"api/v1/petitions/{self.pk}/{path}"), payload or {}, format="json")
        assert response.status_code == expect, response.content.decode()
        return response.json()

    def classify(self, **payload):
        return self.post("classify/", {"is_processable": True, "within_jurisdiction": True, **payload})

    def outcome(self, outcome, **payload):
        return self.post("outcome/", {"outcome": outcome, **payload})

    def go(self, name, expect=200, **payload):
        body = self.post(f"transitions/{name}/", payload, expect=expect)
        if expect == 200:
            EXERCISED.add(name)
        return body

    def deadline(self, code):
        with schema_context(self.member.unit.schema_name):
            return Deadline.objects.filter(petition_id=self.pk, code=code).latest("id")


@pytest.fixture
def flow(officer_a, register):
    return lambda **overrides: Flow(officer_a, register(**overrides))


def test_first_level_complaint_from_acceptance_to_closing(flow):
    f = flow(received_date=date(2026, 10, 1))
    assert f.classify()["status"] == "classified"
    body = f.outcome("accept")
    assert body["status"] == "acceptance_proposed"
    assert {a["name"] for a in body["allowed_actions"]} >= {"complaint.accept", "complaint.refuse"}
    body = f.go("complaint.accept", date="2026-10-06", level=1, complexity="complex")
    assert body["status"] == "accepted"
    # Accepted Tue 6/10/2026, complex first level: 45 CD -> Fri 20/11/2026.
    assert f.deadline("complaint.first_resolution").due_date == date(2026, 11, 20)
    assert f.deadline("complaint.acceptance").state == "met"
    f.go("complaint.verify", date="2026-10-07", verifier="Công chức Địa chính - Xây dựng")
    f.go("complaint.dialogue", date="2026-10-14", minutes="Hai bên giữ nguyên ý kiến.", **DIALOGUE)
    body = f.go("complaint.decide", date="2026-10-20", decision="Giữ nguyên quyết định thu hồi đất.", result="wrong")
    assert body["status"] == "decided"
    assert f.deadline("complaint.first_resolution").state == "met"
    # Decision Tue 20/10: sent to the parties within 3 WD -> Fri 23/10.
    assert f.deadline("complaint.decision_send_first").due_date == date(2026, 10, 23)
    # In force 30 days after issue (Thu 19/11) unless complained about again; the second complaint's window
    # is the complainant's, shown but never alerted.
    assert f.deadline("complaint.decision_effect").due_date == date(2026, 11, 19)
    assert f.deadline("complaint.second_complaint_window").is_operative is False
    f.go("complaint.publish", expect=409, channel="Niêm yết")  # only second-level decisions are published
    f.go("complaint.execute", expect=409)  # not in force yet
    refused = f.go("complaint.take_effect", expect=409, date="2026-11-19")
    assert "19/11/2026" in refused["detail"]
    assert f.go("complaint.take_effect", date="2026-11-20")["status"] == "effective"
    # Execution directed within 5 WD of the effect (NĐ 124 Art. 31): Fri 20/11; 23, (24 Culture Day), 25, 26, 27, 30.
    assert f.deadline("complaint.execution_direction").due_date == date(2026, 11, 30)
    f.go("complaint.execute", date="2026-11-23")
    assert f.deadline("complaint.execution_direction").state == "met"
    assert f.go("complaint.close", date="2026-11-30")["status"] == "closed"


@pytest.fixture
def province_flow(db, make_member):
    """Flows at the provincial People's Committee office, competent for second-level complaints."""
    from core.petitions.services.petitions import petition_register
    from tenants.models import Unit

    member = make_member(Unit.objects.get(code="20-UBND"), roles=("leader",), username="lanh_dao_tinh")

    def make(**overrides):
        values = {
            "channel": "post",
            "received_date": date(2026, 11, 2),
            "petition_type": "complaint",
            "field_code": "dat-dai",
            "subject": "Quyết định giải quyết khiếu nại lần đầu số 5/QĐ-UBND",
            "summary": "Khiếu nại lần hai.",
            "signer_kind": "one",
            "signers": [{"full_name": "Nguyễn Văn An"}],
            **overrides,
        }
        with schema_context(member.unit.schema_name):
            return Flow(member, petition_register(actor=member.user, **values))

    return make


def test_second_level_complaint_needs_dialogue_and_is_published(province_flow):
    f = province_flow(received_date=date(2026, 9, 1))
    f.classify()
    f.outcome("accept")
    f.go("complaint.accept", date="2026-09-04", level=2, is_remote_area=True, remote_area_basis="Xã vùng cao.")
    # Remote second level: 60 CD from Fri 4/9 -> Tue 3/11/2026.
    assert f.deadline("complaint.second_resolution").due_date == date(2026, 11, 3)
    f.go("complaint.verify", date="2026-09-05", verifier="Công chức Địa chính - Xây dựng")
    refused = f.go("complaint.decide", expect=409, decision="x")
    assert "đối thoại" in refused["detail"]
    f.go("complaint.dialogue", date="2026-09-20", minutes="Đối thoại.", **DIALOGUE)
    f.go("complaint.decide", date="2026-10-01", decision="Công nhận một phần.", result="annulled")
    # Published within 15 days of the decision (NĐ 124): Thu 1/10 -> Fri 16/10.
    assert f.deadline("complaint.decision_publication").due_date == date(2026, 10, 16)
    assert f.go("complaint.publish", date="2026-10-05", channel="Niêm yết tại trụ sở")["status"] == "decided"
    assert f.deadline("complaint.decision_publication").state == "met"


def test_a_denunciation_checked_in_several_places_gets_10_working_days(flow):
    f = flow(petition_type="denunciation", received_date=date(2026, 8, 3), subject="Cán bộ địa chính xã")
    assert f.deadline("denunciation.initial_check").due_date == date(2026, 8, 12)  # 7 WD from Mon 3/8
    f.go("denunciation.extend_check", expect=400)  # why?
    f.go("denunciation.extend_check", date="2026-08-05", reason="Xác minh tại hai xã.")
    assert (f.deadline("denunciation.initial_check").variant, f.deadline("denunciation.initial_check").due_date) == (
        "max",
        date(2026, 8, 17),  # 10 WD from Mon 3/8
    )
    f.go("denunciation.extend_check", expect=409)  # once


def test_a_superiors_demand_for_a_report_is_answered_within_5_working_days(flow):
    f = flow(petition_type="denunciation", received_date=date(2026, 8, 3), subject="Cán bộ địa chính xã")
    f.classify()
    f.outcome("accept")
    body = f.go("denunciation.accept", date="2026-08-10")
    assert "denunciation.report" not in {a["name"] for a in body["allowed_actions"]}  # nothing demanded yet
    f.go("denunciation.report", expect=409, note="x")
    body = f.go("denunciation.report_demanded", date="2026-09-14", note="Công văn số 12/UBND-TTr.")
    assert "denunciation.report" in {a["name"] for a in body["allowed_actions"]}
    assert f.deadline("denunciation.overdue_report").due_date == date(2026, 9, 21)  # Mon 14/9 + 5 WD
    f.go("denunciation.report", date="2026-09-18", note="Báo cáo số 3/BC-UBND.")
    assert f.deadline("denunciation.overdue_report").state == "met"


def test_a_terminated_denunciation_still_owes_its_termination_notice(flow):
    f = flow(petition_type="denunciation", received_date=date(2026, 8, 3), subject="Cán bộ địa chính xã")
    f.classify()
    f.outcome("accept")
    f.go("denunciation.accept", date="2026-08-10")
    body = f.go("denunciation.terminate", date="2026-08-20", reason="Người bị tố cáo đã chết.")
    assert body["status"] == "terminated"
    notice = f.deadline("denunciation.suspension_notice")
    # Thu 20/8 + 5 WD: Fri 21, Sat 22 (worked in exchange for Mon 31/8), Mon 24, Tue 25, Wed 26/8.
    assert (notice.state, notice.due_date) == ("open", date(2026, 8, 26))
    assert f.deadline("denunciation.resolution").state == "cancelled"


def test_a_forwarded_petitions_result_is_passed_on_when_the_citizen_asked(flow):
    f = flow(petition_type="feedback", received_date=date(2026, 8, 3))
    f.classify(within_jurisdiction=False)
    f.outcome("forward", competent_body="Sở Xây dựng tỉnh Lạng Sơn")
    f.go("forward.reply", expect=400)  # which notice?
    body = f.go("forward.reply", date="2026-09-01", note="Thông báo số 5/TB-SXD.", citizen_asked=True)
    assert body["status"] == "forwarded"
    assert f.deadline("reception.citizen_result_notice").due_date == date(2026, 9, 9)  # Tue 1/9 off; 3, 4, 7, 8, 9/9


def test_remote_area_limits_need_a_recorded_basis(flow):
    f = flow()
    f.classify()
    f.outcome("accept")
    refused = f.go("complaint.accept", expect=400, is_remote_area=True)
    assert refused["field"] == "remote_area_basis"


def test_complaint_refused_withdrawn_and_terminated(flow):
    f = flow()
    f.classify()
    f.outcome("accept")
    assert (
        f.go("complaint.refuse", ground="time_expired", reason="Đã hết thời hiệu khiếu nại.")["status"]
        == "not_accepted"
    )
    g = flow()
    g.classify()
    g.outcome("accept")
    g.go("complaint.accept")
    body = g.go("complaint.withdraw", note="Đơn rút khiếu nại ngày 20/11/2026.")
    assert body["status"] == "withdrawn"
    assert body["next_due_date"] is None
    h = flow(received_date=date(2026, 10, 1))
    h.classify()
    h.outcome("accept")
    h.go("complaint.accept", date="2026-10-02")
    assert h.go("complaint.terminate", reason="Người khiếu nại đã chết.")["status"] == "terminated"


def test_complaint_suspension_pauses_and_resumes_the_clock(flow):
    f = flow(received_date=date(2026, 9, 1))
    f.classify()
    f.outcome("accept")
    f.go("complaint.accept", date="2026-09-07")  # Mon 7/9: 30 CD -> Wed 7/10
    assert f.deadline("complaint.first_resolution").due_date == date(2026, 10, 7)
    f.go("complaint.verify", date="2026-09-08", verifier="Công chức Địa chính - Xây dựng")
    body = f.go("complaint.suspend", date="2026-09-17", reason="Chờ kết quả giám định.")
    assert body["status"] == "suspended"
    assert f.deadline("complaint.first_resolution").due_date is None
    # A resumption dated before its suspension is a clear refusal, not a crash of the clock engine.
    refused = f.go("complaint.resume", expect=400, date="2026-09-16")
    assert "17/09/2026" in refused["detail"]
    assert f.deadline("complaint.first_resolution").due_date is None
    # 10 days ran (8/9..17/9); resumed Fri 2/10: the remaining 20 run from 3/10 -> Thu 22/10.
    body = f.go("complaint.resume", date="2026-10-02")
    assert body["status"] == "verifying"
    assert f.deadline("complaint.first_resolution").due_date == date(2026, 10, 22)


def test_complaint_suspension_did_not_exist_before_1_july_2026(flow):
    f = flow(received_date=date(2026, 5, 4))
    f.classify()
    f.outcome("accept")
    f.go("complaint.accept", date="2026-05-08")
    refused = f.go("complaint.suspend", expect=409, date="2026-06-15", reason="Chờ giám định.")
    assert "tạm đình chỉ" in refused["detail"].lower() or "suspend" in refused["detail"].lower()


def test_an_extension_lengthens_the_clock_by_the_days_its_decision_grants(flow):
    f = flow(petition_type="denunciation", received_date=date(2026, 8, 3), subject="Cán bộ địa chính xã")
    f.classify()
    f.outcome("accept")
    f.go("denunciation.accept", date="2026-08-10")  # Mon 10/8: 30 CD -> Wed 9/9
    f.go("denunciation.verify", date="2026-08-12")
    f.go("denunciation.extend", complexity="complex", date="2026-09-01", days=20)
    # 30 + 20 CD from 10/8 -> Tue 29/9, not the 30 days the law allows at most.
    assert f.deadline("denunciation.resolution").due_date == date(2026, 9, 29)
    assert f.deadline("denunciation.resolution").extension_days == [20]


def test_denunciation_with_two_extensions_a_suspension_and_a_conclusion(flow):
    f = flow(petition_type="denunciation", received_date=date(2026, 8, 3), subject="Cán bộ địa chính xã")
    f.classify()
    f.outcome("accept")
    f.go("denunciation.accept", date="2026-08-10")  # Mon 10/8: 30 CD -> Wed 9/9
    assert f.deadline("denunciation.resolution").due_date == date(2026, 9, 9)
    assert f.deadline("denunciation.initial_check").state == "met"
    # Notify within 5 WD of Mon 10/8 -> Mon 17/8.
    assert f.deadline("denunciation.notify_acceptance").due_date == date(2026, 8, 17)
    f.go("denunciation.verify", date="2026-08-12")
    f.go("denunciation.extend", expect=409)  # a normal case gets no extension
    f.go("denunciation.extend", complexity="especially_complex", date="2026-09-01", days=30)
    assert f.deadline("denunciation.resolution").due_date == date(2026, 10, 9)  # +30 -> Fri 9/10
    f.go("denunciation.extend", date="2026-10-01", days=30)
    assert f.deadline("denunciation.resolution").due_date == date(2026, 11, 9)  # +30 -> Sun 8/11 -> Mon 9/11
    f.go("denunciation.extend", expect=409)  # two at most
    f.go("denunciation.suspend", date="2026-10-10", reason="Chờ kết luận giám định.")
    # 61 of 90 days ran to 10/10; resumed Mon 19/10, the other 29 run from 20/10 -> Tue 17/11.
    assert f.go("denunciation.resume", date="2026-10-19")["status"] == "verifying"
    assert f.deadline("denunciation.resolution").due_date == date(2026, 11, 17)
    f.go("denunciation.conclude", date="2026-11-02", conclusion="Tố cáo đúng một phần.", result="partly_right")
    assert f.deadline("denunciation.handling").due_date == date(2026, 11, 11)  # 7 WD from Mon 2/11
    f.go("denunciation.handle", date="2026-11-05", measures="Kiểm điểm, rút kinh nghiệm.")
    assert f.go("denunciation.close", date="2026-11-20")["status"] == "closed"


def test_denunciation_refused_withdrawn_terminated(flow):
    f = flow(petition_type="denunciation")
    # The ground is one of Art. 29(1)'s, from the table in force (a free text alone is refused).
    assert f.go("denunciation.refuse", reason="Không đủ căn cứ xác định người vi phạm.", expect=400)
    assert f.go("denunciation.refuse", ground="no_such_ground", expect=400)
    assert (
        f.go("denunciation.refuse", ground="no_basis", reason="Không rõ người bị tố cáo.")["status"] == "not_accepted"
    )
    g = flow(petition_type="denunciation")
    g.classify()
    g.outcome("accept")
    g.go("denunciation.accept")
    assert g.go("denunciation.withdraw", note="Rút tố cáo.", continue_handling=True)["status"] == "accepted"
    assert g.go("denunciation.withdraw", note="Rút tố cáo.")["status"] == "withdrawn"
    h = flow(petition_type="denunciation")
    h.classify()
    h.outcome("accept")
    h.go("denunciation.accept")
    assert h.go("denunciation.terminate", reason="Người bị tố cáo đã chết.")["status"] == "terminated"


def test_anonymous_denunciation_is_handled_only_with_concrete_evidence(flow):
    bare = flow(petition_type="denunciation", signer_kind="anonymous", signers=[])
    refused = bare.post("classify/", {"is_processable": True, "within_jurisdiction": True}, expect=409)
    assert "bằng chứng" in refused["detail"] or "evidence" in refused["detail"]
    bare.go("denunciation.lead", expect=409)
    lead = flow(petition_type="denunciation", signer_kind="anonymous", signers=[], has_concrete_evidence=True)
    assert lead.go("denunciation.lead")["status"] == "inspection_lead"


def test_recommendation_is_accepted_answered_and_closed(flow):
    f = flow(petition_type="recommendation", subject="Đường liên thôn xuống cấp")
    f.classify()
    f.outcome("accept")
    f.go("petition.accept", date="2026-11-03")
    assert f.deadline("petition.answer_sla").is_statutory is False  # a unit target, not a legal limit
    f.go("petition.answer", date="2026-11-10", answer="Đã đưa vào kế hoạch sửa chữa năm 2027.")
    assert f.go("petition.close")["status"] == "closed"


def test_processing_outcomes_write_their_form_letters(flow, officer_a):
    import io

    from docx import Document

    f = flow(petition_type="feedback")
    f.classify(within_jurisdiction=False)
    body = f.outcome("forward", competent_body="Sở Xây dựng tỉnh Lạng Sơn")
    assert body["status"] == "forwarded"
    documents = f.api.get(officer_a.url(f"api/v1/petitions/{f.pk}/documents/")).json()
    # Feedback goes on its own forwarding form, not Form 03 (denunciations only).
    assert [d["kind"] for d in documents] == ["petition.forwarding"]
    docx = f.api.get(documents[0]["docx_url"])
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(b"".join(docx.streaming_content))).paragraphs)
    assert "PHIẾU CHUYỂN" in text
    assert "Kính gửi: Sở Xây dựng tỉnh Lạng Sơn" in text


def test_outcomes_follow_the_classification(flow):
    f = flow()
    f.post("outcome/", {"outcome": "accept"}, expect=409)  # not classified yet
    f.classify(is_processable=False, not_processable_reason="illegible")
    f.post("outcome/", {"outcome": "accept"}, expect=409)
    assert f.outcome("file")["status"] == "filed"
    g = flow()
    g.classify(within_jurisdiction=False)
    g.post("outcome/", {"outcome": "forward", "competent_body": "x"}, expect=409)  # complaints are guided
    g.post("outcome/", {"outcome": "guide"}, expect=400)  # which body?
    assert g.outcome("guide", competent_body="UBND xã Đồng Đăng")["status"] == "guided"


def test_illegal_transitions_are_refused_with_409_and_unknown_with_400(flow):
    f = flow()
    refused = f.go("complaint.decide", expect=409, decision="x")
    assert "Đã đăng ký" in refused["detail"] or "Registered" in refused["detail"]
    f.go("denunciation.accept", expect=409)
    f.post("transitions/complaint.fly/", expect=400)


def test_leader_only_decides(unit_a, make_member, register):
    clerk = make_member(unit_a, roles=("processing_officer",), username="chuyen_vien")
    petition = register()
    flow = Flow(clerk, petition)
    flow.classify()
    flow.outcome("accept")
    flow.go("complaint.accept", expect=403)


def test_the_transitions_are_exactly_the_exported_names():
    """Pages, reports and reception use ``TransitionName`` instead of re-declaring the strings."""
    assert set(TRANSITIONS) == set(TransitionName)
    assert all(spec.name is TransitionName(spec.name) for spec in TRANSITIONS.values())


def test_every_transition_is_exercised():
    """Runs last in this module: the tests above went through every registered transition."""
    assert set(TRANSITIONS) - EXERCISED == set()


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_each_transition_is_refused_from_a_state_it_does_not_leave(name, register, officer_a, unit_a):
    spec = TRANSITIONS[name]
    petition = register(petition_type=sorted(spec.types)[0])
    wrong = next(s for s in ("closed", "filed", "registered", "decided") if s not in spec.sources)
    with schema_context(unit_a.schema_name):
        Petition.objects.filter(pk=petition.pk).update(status=wrong)
    response = Flow(officer_a, petition).post(f"transitions/{name}/", {"reason": "x" * 12}, expect=409)
    assert response["detail"]
    with schema_context(unit_a.schema_name):
        assert Petition.objects.get(pk=petition.pk).status == wrong  # nothing changed
        assert not petition.events.filter(kind=name).exists()
