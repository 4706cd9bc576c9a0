import pytest
from django_tenants.utils import schema_context

from core.accounts.models import User

pytestmark = pytest.mark.django_db


def test_login_page_is_vietnamese_by_default_whatever_the_browser_says(client, unit_a):
    response = client.get(f"/u/{unit_a.code}/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page
    assert unit_a.name in page


def test_home_page_shows_unit_and_role_in_vietnamese(admin_a):
    page = admin_a.web().get(admin_a.url()).content.decode()
    assert "Xã Tân Đoàn" in page
    assert "Quản trị đơn vị" in page
    assert "Hoàng Thị Lan" in page


def test_english_is_one_click_away_and_sticks(member_a):
    client = member_a.web()
    page = client.get(member_a.url(), {"lang": "en"}).content.decode()
    assert '<html lang="en">' in page
    assert "Reception officer" in page
    assert '<html lang="en">' in client.get(member_a.url()).content.decode()


def test_unit_admin_creates_an_account_from_the_staff_page(admin_a):
    client = admin_a.web()
    response = client.post(
        admin_a.url("can-bo/"),
        {"username": "moi", "full_name": "Lục Văn Mới", "password": "Mat-khau-2026!", "roles": ["leader"]},
    )
    assert response.status_code == 302
    with schema_context(admin_a.unit.schema_name):
        assert User.objects.get(username="moi").groups.filter(name="leader").exists()


def test_staff_page_is_forbidden_to_other_roles(member_a):
    assert member_a.web().get(member_a.url("can-bo/")).status_code == 403


def test_dates_are_written_day_first(admin_a):
    from django.utils import timezone

    page = admin_a.web().get(admin_a.url()).content.decode()
    assert timezone.localdate().strftime("%d/%m/%Y") in page
