"""Accepting a complaint: the unit's remote-area flag chooses the remote limits by default (a case departs
from it only with a recorded basis), the competence table says which kinds of unit may accept which
level, and the complainant's own time limit is checked (issue 9 §3)."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context

from core.legal.selectors import competence_check
from core.petitions.models import Deadline, Petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(officer_a, register):
    """A complaint of unit A (a commune) classified and proposed for acceptance, driven through the API."""

    def make(**overrides):
        petition = register(received_date=date(2026, 10, 1), **overrides)
        api, base = officer_a.api(), officer_a.url(f"api/v1/petitions/{petition.pk}/")
        api.post(f"{base}classify/", {"is_processable": True, "within_jurisdiction": True}, format="json")
        api.post(f"{base}outcome/", {"outcome": "accept"}, format="json")
        return petition

    return make


def accept(member, petition, **payload):
    url = member.url(f"api/v1/petitions/{petition.pk}/transitions/complaint.accept/")
    return member.api().post(url, {"date": "2026-10-05", **payload}, format="json")


def resolution(member, petition) -> Deadline:
    with schema_context(member.unit.schema_name):
        return Deadline.objects.get(petition_id=petition.pk, code="complaint.first_resolution")


def mark_remote(unit, flag=True):
    unit.is_remote_area = flag
    unit.save(update_fields=["is_remote_area"])


def test_a_remote_unit_gets_the_remote_limits_by_default_with_its_flag_as_the_basis(officer_a, proposed):
    mark_remote(officer_a.unit)
    petition = proposed()
    response = accept(officer_a, petition)
    assert response.status_code == 200, response.content.decode()
    assert response.json()["is_remote_area"] is True
    assert response.json()["remote_area_basis"]  # the unit's flag, recorded
    # Accepted Mon 5/10/2026, remote first level: 45 days -> Thu 19/11/2026.
    assert (resolution(officer_a, petition).variant, resolution(officer_a, petition).due_date) == (
        "remote",
        date(2026, 11, 19),
    )


def test_a_case_departs_from_the_units_flag_only_with_a_basis(officer_a, proposed):
    mark_remote(officer_a.unit)
    petition = proposed()
    refused = accept(officer_a, petition, is_remote_area=False)
    assert refused.status_code == 400
    assert refused.json()["field"] == "remote_area_basis"
    done = accept(officer_a, petition, is_remote_area=False, remote_area_basis="Người khiếu nại ở trung tâm xã.")
    assert done.status_code == 200
    assert resolution(officer_a, petition).variant == ""


def test_an_ordinary_unit_keeps_the_normal_limits(officer_a, proposed):
    petition = proposed()
    assert accept(officer_a, petition).json()["is_remote_area"] is False
    assert resolution(officer_a, petition).variant == ""


def test_a_commune_may_not_accept_a_second_level_complaint(officer_a, proposed):
    petition = proposed()
    refused = accept(officer_a, petition, level=2)
    assert refused.status_code == 409
    body = refused.json()
    assert body["field"] == "level"
    assert "lần 2" in body["detail"] or "level-2" in body["detail"]
    with schema_context(officer_a.unit.schema_name):
        assert Petition.objects.get(pk=petition.pk).status == "acceptance_proposed"


@pytest.mark.parametrize(
    ("kind", "on", "allowed"),
    [
        pytest.param("commune", date(2025, 6, 30), False, id="a commune never took second complaints"),
        pytest.param("legacy_district", date(2025, 6, 30), True, id="a district did until 30/6/2025"),
        pytest.param("legacy_district", date(2025, 7, 1), False, id="no district from 1/7/2025"),
        pytest.param("provincial_committee", date(2025, 7, 1), True, id="the provincial chairman does"),
        pytest.param("department", date(2026, 7, 1), True, id="a department does, for its subordinate units"),
    ],
)
def test_competence_for_second_level_complaints_is_versioned_by_date(kind, on, allowed):
    if allowed:
        competence_check(unit_kind=kind, petition_type="complaint", level=2, on=on)
    else:
        from core.common.errors import ConflictError

        with pytest.raises(ConflictError):
            competence_check(unit_kind=kind, petition_type="complaint", level=2, on=on)


def test_first_level_complaints_are_not_restricted_by_kind():
    competence_check(unit_kind="commune", petition_type="complaint", level=1, on=date(2026, 7, 1))


def test_a_complaint_filed_after_its_limitation_needs_the_obstacle_recorded(officer_a, proposed):
    petition = proposed()
    # Received 1/10/2026, decision known 1/6/2026: day 90 is Sun 30/8; 31/8-2/9 are days off -> Thu 3/9/2026.
    late = accept(officer_a, petition, decision_known_on="2026-06-01")
    assert late.status_code == 409
    assert late.json()["field"] == "limitation_obstacle"
    assert "03/09/2026" in late.json()["detail"]
    done = accept(
        officer_a, petition, decision_known_on="2026-06-01", limitation_obstacle="Điều trị tại bệnh viện 2 tháng."
    )
    assert done.status_code == 200
    with schema_context(officer_a.unit.schema_name):
        window = Deadline.objects.get(petition_id=petition.pk, code="complaint.limitation")
    assert (window.start_date, window.due_date, window.state, window.closed_on) == (
        date(2026, 6, 1),
        date(2026, 9, 3),
        "met",
        date(2026, 10, 1),
    )
    assert window.is_operative is False  # the complainant's time limit, never an alert of the unit


def test_a_disciplinary_complaint_runs_on_its_own_clocks(officer_a, proposed):
    petition = proposed(complaint_kind="disciplinary")
    with schema_context(officer_a.unit.schema_name):
        assert set(Deadline.objects.filter(petition_id=petition.pk).values_list("code", flat=True)) >= {
            "complaint.disciplinary_acceptance"
        }
        assert not Deadline.objects.filter(petition_id=petition.pk, code="complaint.acceptance").exists()
    assert accept(officer_a, petition, decision_known_on="2026-09-20").status_code == 200
    with schema_context(officer_a.unit.schema_name):
        codes = dict(Deadline.objects.filter(petition_id=petition.pk).values_list("code", "state"))
    assert codes["complaint.disciplinary_acceptance"] == "met"
    assert codes["complaint.disciplinary_first_window"] == "met"
    assert codes["complaint.disciplinary_resolution"] == "open"


def test_complaint_kind_is_for_complaints_only(register):
    from core.common.errors import ApplicationError

    with pytest.raises(ApplicationError):
        register(petition_type="recommendation", complaint_kind="disciplinary")


def test_one_units_remote_flag_and_clocks_stay_in_that_unit(officer_a, proposed, unit_b, make_member):
    from core.petitions.services.petitions import petition_register

    mark_remote(officer_a.unit)
    officer_b = make_member(unit_b, roles=("processing_officer", "leader"), username="xu_ly_b")
    with schema_context(unit_b.schema_name):
        theirs = petition_register(
            actor=officer_b.user,
            channel="post",
            received_date=date(2026, 10, 1),
            petition_type="complaint",
            field_code="dat-dai",
            subject="Quyết định thu hồi đất",
            summary="Khiếu nại.",
            signer_kind="one",
            signers=[{"full_name": "Trần Văn Bình"}],
        )
    api, base = officer_b.api(), officer_b.url(f"api/v1/petitions/{theirs.pk}/")
    api.post(f"{base}classify/", {"is_processable": True, "within_jurisdiction": True}, format="json")
    api.post(f"{base}outcome/", {"outcome": "accept"}, format="json")
    assert accept(officer_b, theirs).json()["is_remote_area"] is False  # unit A's flag is unit A's
    assert resolution(officer_b, theirs).variant == ""
    ours = proposed()
    assert accept(officer_a, ours).json()["is_remote_area"] is True
