"""The platform admin (public schema): signing out, Vietnamese labels, every rule table present."""

from __future__ import annotations

from django.db import connection


def test_platform_admin_logs_out(platform_admin, client):
    client.force_login(platform_admin.user)
    response = client.post("/admin/logout/")
    assert response.status_code == 200
    assert "Đăng nhập lại" in response.content.decode()
    assert client.get("/admin/").status_code == 302
