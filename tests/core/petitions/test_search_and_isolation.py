import pytest
from django_tenants.utils import schema_context

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["nguyen van an", "NGUYEN VAN AN", "Nguyễn Văn An", "van an", "thu hoi dat"])
def test_search_ignores_accents_and_case(register, officer_a, query):
    petition = register()
    register(signers=[{"full_name": "Trần Thị Bình", "id_kind": "none"}], subject="Trợ cấp", summary="Chế độ")
    found = officer_a.api().get(officer_a.url("api/v1/petitions/"), {"q": query}).json()
    assert [item["id"] for item in found["results"]] == [petition.pk]


def test_filters_by_type_status_and_overdue(register, officer_a):
    from datetime import date

    from django.utils import timezone

    old = register(received_date=date(2026, 9, 1))  # its acceptance clock has run out
    register(petition_type="feedback", received_date=timezone.localdate())
    api = officer_a.api()
    assert api.get(officer_a.url("api/v1/petitions/"), {"petition_type": "feedback"}).json()["count"] == 1
    assert api.get(officer_a.url("api/v1/petitions/"), {"status": "registered"}).json()["count"] == 2
    overdue = api.get(officer_a.url("api/v1/petitions/"), {"overdue": "true"}).json()
    assert [item["id"] for item in overdue["results"]] == [old.pk]


def test_petitions_of_a_are_invisible_from_b(register, officer_a, unit_b, make_member):
    petition = register()
    officer_b = make_member(unit_b, roles=("processing_officer", "leader"), username="xu_ly_b")
    api = officer_b.api()
    base = officer_b.url("api/v1/petitions/")
    assert api.get(base).json()["count"] == 0
    assert api.get(base, {"q": "nguyen van an"}).json()["count"] == 0
    for path in ("", "timeline/", "receipt/", "documents/"):
        assert api.get(f"{base}{petition.pk}/{path}").status_code == 404
    assert api.post(f"{base}{petition.pk}/classify/", {"is_processable": True}, format="json").status_code == 404
    # A's officer through B's address is refused too.
    assert officer_a.api().get(base).status_code == 401
    with schema_context(unit_b.schema_name):
        from core.petitions.models import Petition

        assert not Petition.objects.filter(case_id=petition.case_id).exists()


def test_anonymous_and_roleless_users_get_no_petitions(client, unit_a, make_member, register):
    register()
    assert client.get(f"/u/{unit_a.code}/api/v1/petitions/").status_code == 401
    nobody = make_member(unit_a, roles=(), username="khong_vai_tro")
    assert nobody.api().get(nobody.url("api/v1/petitions/")).status_code == 403
