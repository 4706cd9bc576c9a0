"""Back-entered processing keeps its true dates: the classification takes a date (today when left
out, never before receipt nor in the future) on the page, in the API and in the service, and the
registration form makes the officer choose the channel."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.caseindex.models import CaseEvent
from core.common.errors import ApplicationError
from core.petitions.models import PetitionEvent
from core.petitions.services.petitions import petition_classify, petition_decide_outcome

pytestmark = pytest.mark.django_db
OUT_OF_RANGE = "Ngày phải nằm trong khoảng từ ngày nhận đơn đến hôm nay."


def _classified_on(member, petition) -> set[date]:
    with schema_context(member.unit.schema_name):
        own = set(
            PetitionEvent.objects.filter(petition=petition, kind="classified").values_list("event_date", flat=True)
        )
    shared = set(
        CaseEvent.objects.filter(case_id=petition.case_id, kind="classified").values_list("event_date", flat=True)
    )
    assert own == shared
    return own


def test_the_page_records_the_classification_on_the_date_given(register, officer_a):
    petition = register(received_date=date(2026, 11, 2))
    url = officer_a.url(f"don-thu/{petition.pk}/phan-loai/")
    response = officer_a.web().post(url, {"is_processable": "1", "within_jurisdiction": "1", "date": "05/11/2026"})
    assert response.status_code == 302
    assert _classified_on(officer_a, petition) == {date(2026, 11, 5)}


def test_an_empty_date_means_today(register, officer_a):
    petition = register(received_date=date(2026, 11, 2))
    response = officer_a.web().post(
        officer_a.url(f"don-thu/{petition.pk}/phan-loai/"), {"is_processable": "1", "within_jurisdiction": "1"}
    )
    assert response.status_code == 302
    assert _classified_on(officer_a, petition) == {timezone.localdate()}


@pytest.mark.parametrize("day", [date(2026, 11, 1), timezone.localdate() + timedelta(days=1)])
def test_a_date_before_receipt_or_in_the_future_is_refused_on_the_form(register, officer_a, day):
    petition = register(received_date=date(2026, 11, 2))
    form = {"is_processable": "1", "within_jurisdiction": "1", "date": day.strftime("%d/%m/%Y")}
    response = officer_a.web().post(officer_a.url(f"don-thu/{petition.pk}/phan-loai/"), form)
    assert response.status_code == 400
    assert response.context["classify_form"].errors["date"] == [OUT_OF_RANGE]
    assert _classified_on(officer_a, petition) == set()


def test_the_api_takes_the_date_too(register, officer_a):
    petition = register(received_date=date(2026, 11, 2))
    url = officer_a.url(f"api/v1/petitions/{petition.pk}/classify/")
    api = officer_a.api()
    refused = api.post(
        url,
        {"is_processable": False, "not_processable_reason": "unsigned", "date": "2026-10-30"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert refused.status_code == 400
    assert OUT_OF_RANGE in str(refused.json())
    body = {"is_processable": True, "within_jurisdiction": True, "date": "2026-11-04"}
    assert api.post(url, body, format="json").status_code == 200
    assert _classified_on(officer_a, petition) == {date(2026, 11, 4)}


def test_the_outcome_cannot_be_dated_in_the_future(register, officer_a):
    petition = register(received_date=date(2026, 11, 2))
    with schema_context(officer_a.unit.schema_name):
        petition_classify(petition=petition, actor=officer_a.user, is_processable=True, within_jurisdiction=True)
        with pytest.raises(ApplicationError) as refusal:
            petition_decide_outcome(
                petition=petition,
                actor=officer_a.user,
                outcome="accept",
                date=timezone.localdate() + timedelta(days=1),
            )
    assert refusal.value.extra == {"field": "date"}


def test_the_registration_form_makes_the_officer_choose_the_channel(officer_a):
    client, url = officer_a.web(), officer_a.url("don-thu/moi/")
    page = client.get(url).content.decode()
    select = re.search(r'<select name="channel"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert re.search(r'<option value="" selected>', select)
    assert "selected" not in select.replace('<option value="" selected>', "")
    response = client.post(url, {"received_date": "02/11/2026", "petition_type": "complaint"})
    assert response.status_code == 400
    assert response.context["form"].errors["channel"]
