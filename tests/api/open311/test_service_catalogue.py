"""The service list is data (core/open311/services.json): what a row may say is checked on load."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.catalogue.models import PetitionField
from core.open311.catalogue import SERVICES_FILE, service_rows

ROW = json.loads(SERVICES_FILE.read_text(encoding="utf-8"))["rows"][0]


def _load(tmp_path, rows):
    path = tmp_path / "services.json"
    path.write_text(json.dumps({"about": "", "rows": rows}, ensure_ascii=False), encoding="utf-8")
    return service_rows(path)


def test_the_shipped_list_loads_and_names_fields_of_the_platform(db):
    rows = service_rows()
    assert len({row.service_code for row in rows}) == len(rows)
    fields = set(PetitionField.objects.values_list("code", flat=True))
    assert {row.field_code for row in rows} <= fields
    assert all(row.confidence == "U" and row.service_name and row.service_notice for row in rows)


@pytest.mark.parametrize("kind", ["complaint", "denunciation", "mixed"])
def test_a_complaint_or_denunciation_service_is_refused(tmp_path, kind):
    with pytest.raises(ImproperlyConfigured):
        _load(tmp_path, [{**ROW, "petition_type": kind}])


def test_two_versions_of_a_service_in_force_on_the_same_day_are_refused(tmp_path):
    later = {**ROW, "effective_from": "2026-07-01", "service_name": "Tên mới"}
    with pytest.raises(ImproperlyConfigured):
        _load(tmp_path, [ROW, later])
    rows = _load(tmp_path, [{**ROW, "effective_to": "2026-06-30"}, later])
    assert [row.service_name for row in rows if row.in_force(date(2026, 7, 1))] == ["Tên mới"]
    assert [row.service_name for row in rows if row.in_force(date(2026, 6, 30))] == [ROW["service_name"]]


def test_attributes_are_not_offered(tmp_path):
    with pytest.raises(ImproperlyConfigured):
        _load(tmp_path, [{**ROW, "metadata": True}])
