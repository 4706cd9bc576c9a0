"""The platform admin (public schema): signing out, Vietnamese everywhere, every rule table present."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.test import RequestFactory
from django.utils import translation

from core.legal.models import LegalParameter, ReceptionQuotaRule
from tests.conftest import admin_login

#: Labels that read the same in both languages.
SAME_IN_BOTH = {"ID"}


@pytest.fixture
def superuser(platform_admin):
    platform_admin.user.is_superuser = True
    platform_admin.user.save()
    return platform_admin.user


@pytest.fixture
def admin_client(client, superuser):
    admin_login(client, superuser)
    return client


def test_platform_admin_logs_out(admin_client):
    response = admin_client.post("/admin/logout/")
    assert response.status_code == 200
    assert "Đăng nhập lại" in response.content.decode()
    assert admin_client.get("/admin/").status_code == 302


def test_unit_logout_still_leads_to_the_unit_login(member_a):
    client = member_a.web()
    response = client.post(member_a.url("dang-xuat/"))
    assert (response.status_code, response["Location"]) == (302, member_a.url("dang-nhap/"))


def test_header_names_the_platform(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert "TiepDan — Quản trị nền tảng" in page
    assert "Django" not in page


class _Formatted:
    """An action's description, formatted in the language active when it is shown."""

    def __init__(self, description, plural):
        self.description, self.plural = description, plural

    def __str__(self) -> str:
        return str(self.description) % {"verbose_name_plural": self.plural}


def _labels(model_admin, request) -> list[tuple[str, object]]:
    """Every label the admin shows for one model: names, columns, filters, actions, sections."""
    model, opts = model_admin.model, model_admin.model._meta
    labels = [("model", opts.verbose_name), ("model", opts.verbose_name_plural), ("app", opts.app_config.verbose_name)]
    labels += [(f"field {f.name}", f.verbose_name) for f in opts.get_fields() if hasattr(f, "verbose_name")]
    for name in model_admin.get_list_display(request):
        if name != "__str__":
            labels.append((f"column {name}", label_for_field(name, model, model_admin)))
    for item in model_admin.get_list_filter(request):
        name = item[0] if isinstance(item, tuple) else item
        if isinstance(name, str):
            labels.append((f"filter {name}", label_for_field(name, model, model_admin)))
        else:
            labels.append((f"filter {name.__name__}", name.title))
    for _func, name, description in model_admin.get_actions(request).values():
        labels.append((f"action {name}", _Formatted(description, opts.verbose_name_plural)))
    for title, _options in model_admin.get_fieldsets(request) or []:
        if title:
            labels.append(("section", title))
    return labels


def test_every_admin_label_is_vietnamese(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    english = []
    for model_admin in admin.site._registry.values():
        for where, label in _labels(model_admin, request):
            with translation.override("en"):
                en = str(label)
            with translation.override("vi"):
                vi = str(label)
            if en == vi and en not in SAME_IN_BOTH:
                english.append(f"{model_admin.model.__name__} {where}: {en}")
    assert english == [], "\n".join(english)


def test_list_pages_are_vietnamese(admin_client):
    page = admin_client.get("/admin/tenants/unit/").content.decode()
    assert "Hiện số lượng" in page
    assert "Show counts" not in page
    assert "Created at" not in admin_client.get("/admin/tenants/onboardingjob/").content.decode()


def test_reception_quota_rules_are_in_the_admin(admin_client):
    page = admin_client.get("/admin/legal/receptionquotarule/")
    assert page.status_code == 200
    assert "Luật Tiếp công dân 2013, Điều 15(2)(d)" in page.content.decode()
    assert "Quy định số ngày tiếp công dân định kỳ" in admin_client.get("/admin/").content.decode()


def test_a_new_quota_version_is_added_and_an_overlapping_one_refused(admin_client):
    current = ReceptionQuotaRule.objects.get(unit_kinds__contains=["commune"], effective_to__isnull=True)
    form = {
        "unit_kinds": ["commune", "ward", "special_zone"],
        "min_days": "3",
        "per": "month",
        "effective_from": "01/01/2027",
        "legal_basis": "Luật sửa đổi (giả định)",
        "confidence": "U",
    }
    refused = admin_client.post("/admin/legal/receptionquotarule/add/", form)
    assert refused.status_code == 200
    assert "Đã có một phiên bản định mức khác" in refused.content.decode()

    current.effective_to = date(2026, 12, 31)
    current.save()
    assert admin_client.post("/admin/legal/receptionquotarule/add/", form).status_code == 302
    added = ReceptionQuotaRule.objects.get(effective_from=date(2027, 1, 1))
    assert (added.unit_kinds, added.min_days, added.per) == (["commune", "ward", "special_zone"], 3, "month")


def test_legal_parameters_are_versioned_in_the_admin(admin_client):
    assert admin_client.get("/admin/legal/legalparameter/").status_code == 200
    form = {
        "code": "reception.crowd_threshold",
        "value": "6",
        "effective_from": "01/01/2027",
        "legal_basis": "Giả định",
        "confidence": "U",
        "notes": "",
    }
    refused = admin_client.post("/admin/legal/legalparameter/add/", form)
    assert "Đã có một phiên bản khác của tham số này" in refused.content.decode()
    LegalParameter.objects.filter(code="reception.crowd_threshold").update(effective_to=date(2026, 12, 31))
    assert admin_client.post("/admin/legal/legalparameter/add/", form).status_code == 302
