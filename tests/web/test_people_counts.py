"""How many people: a number below the people listed is refused, not silently raised, for a visit
and for a petition, on the page, in the API and in the service; and the petition form lists as
many senders as the visit form lists citizens (no law limits either, only representatives)."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from core.common.errors import ApplicationError
from core.petitions.models import Petition
from core.reception.models import Visit
from tests.core.reception.helpers import log, today
from web.common.forms import MAX_PEOPLE_ROWS

pytestmark = pytest.mark.django_db

THREE = [{"full_name": f"Lường Văn {name}", "id_kind": "none"} for name in ("An", "Bình", "Cường")]
#: Six people are a crowd delegation (from 5), which names one or two representatives.
SIX = [
    {"full_name": f"Hoàng Thị {name}", "id_kind": "none", **({"is_representative": "on"} if name == "Ánh" else {})}
    for name in ("Ánh", "Bích", "Chi", "Dung", "Hà", "Lan")
]
HEADCOUNT_TOO_SMALL = "Số người (1) nhỏ hơn số người đã ghi tên (3)."


@pytest.fixture
def desk(unit_a, make_member):
    """A reception officer who also registers petitions."""
    roles = ("reception_officer", "processing_officer")
    return make_member(unit_a, roles=roles, username="tiep_dan", full_name="Lường Thị Hoa")


def _rows(prefix: str, people: list[dict], extra: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(people) + extra), f"{prefix}-INITIAL_FORMS": "0"}
    for index, person in enumerate(people):
        data |= {f"{prefix}-{index}-{key}": value for key, value in person.items()}
    for index in range(len(people), len(people) + extra):
        data |= {f"{prefix}-{index}-full_name": "", f"{prefix}-{index}-id_kind": "none"}
    return data


def _visit_form(people: list[dict], **overrides) -> dict:
    data = {
        "visited_at_0": f"{today():%d/%m/%Y}",
        "visited_at_1": "08:15",
        "place": "Phòng tiếp công dân xã",
        "kind": "regular",
        "petition_type": "complaint",
        "field_code": "dat-dai",
        "subject": "Bồi thường",
        "content": "Khiếu nại mức bồi thường khi thu hồi đất.",
        "headcount": str(len(people)),
        "outcome": "petition",
    }
    return data | _rows("citizens", people) | overrides


def _petition_form(people: list[dict], **overrides) -> dict:
    data = {
        "channel": "post",
        "received_date": f"{today():%d/%m/%Y}",
        "petition_type": "complaint",
        "field_code": "dat-dai",
        "subject": "Quyết định thu hồi đất",
        "summary": "Khiếu nại việc thu hồi đất.",
        "signer_kind": "several",
        "signer_count": "",
    }
    return data | _rows("signers", people) | overrides


def test_the_service_refuses_a_headcount_below_the_people_listed(desk):
    with pytest.raises(ApplicationError) as refusal:
        log(desk, citizens=THREE, headcount=1, outcome="answered")
    assert refusal.value.extra == {"field": "headcount"}
    with schema_context(desk.unit.schema_name):
        assert not Visit.objects.exists()


def test_the_visit_page_refuses_a_headcount_below_the_people_listed(desk):
    response = desk.web().post(desk.url("tiep-dan/so-tiep-cong-dan/moi/"), _visit_form(THREE, headcount="1"))
    assert response.status_code == 400
    assert response.context["form"].errors["headcount"] == [HEADCOUNT_TOO_SMALL]
    with schema_context(desk.unit.schema_name):
        assert not Visit.objects.exists()


def test_the_api_refuses_a_headcount_below_the_people_listed(desk):
    body = {
        "visited_at": f"{today():%Y-%m-%d}T08:30:00+07:00",
        "place": "Phòng tiếp công dân",
        "petition_type": "complaint",
        "field_code": "dat-dai",
        "content": "Khiếu nại.",
        "outcome": "answered",
        "headcount": 1,
        "citizens": THREE,
    }
    response = desk.api().post(desk.url("api/v1/reception/visits/"), body, format="json")
    assert response.status_code == 400
    assert (response.json()["field"], response.json()["detail"]) == ("headcount", HEADCOUNT_TOO_SMALL)


def test_people_beyond_the_list_are_counted_and_the_petition_says_several(desk):
    visit = log(desk, citizens=THREE[:1], headcount=3)
    with schema_context(desk.unit.schema_name):
        petition = Petition.objects.get(pk=visit.petition_id)
    assert (visit.headcount, petition.signer_kind, petition.signer_count) == (3, "several", 3)


def test_a_petition_counting_fewer_signers_than_listed_is_refused(desk):
    client, url = desk.web(), desk.url("don-thu/moi/")
    response = client.post(url, _petition_form(THREE, signer_count="1"))
    assert response.status_code == 400
    assert response.context["form"].errors["signer_count"]
    one = client.post(url, _petition_form(THREE, signer_kind="one"))
    assert one.status_code == 400
    assert one.context["form"].errors["signer_kind"]
    body = {
        "channel": "post",
        "received_date": today().isoformat(),
        "petition_type": "complaint",
        "field_code": "dat-dai",
        "subject": "Thu hồi đất",
        "summary": "Khiếu nại.",
        "signer_kind": "several",
        "signer_count": 2,
        "signers": THREE,
    }
    api = desk.api().post(desk.url("api/v1/petitions/"), body, format="json")
    assert (api.status_code, api.json()["field"]) == (400, "signer_count")
    with schema_context(desk.unit.schema_name):
        assert not Petition.objects.exists()


def test_the_petition_form_lists_as_many_senders_as_a_visit_lists_citizens(desk):
    client = desk.web()
    petition = client.post(desk.url("don-thu/moi/"), _petition_form(SIX))
    assert petition.status_code == 302
    visit = client.post(desk.url("tiep-dan/so-tiep-cong-dan/moi/"), _visit_form(SIX, headcount="6"))
    assert visit.status_code == 302
    with schema_context(desk.unit.schema_name):
        assert sorted(p.citizens.count() for p in Petition.objects.all()) == [6, 6]
    assert client.get(desk.url("don-thu/moi/"), {"rows": "10"}).context["signers"].total_form_count() == 10

    too_many = [{"full_name": f"Người ký {i}", "id_kind": "none"} for i in range(MAX_PEOPLE_ROWS + 1)]
    assert client.post(desk.url("don-thu/moi/"), _petition_form(too_many)).status_code == 400
    form = _visit_form(too_many)
    assert client.post(desk.url("tiep-dan/so-tiep-cong-dan/moi/"), form).status_code == 400
