"""Headers and transport (issue 11, item 6): a script policy without inline script, Permissions-Policy,
no-store on staff pages and API answers, and `check --deploy` clean with the production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "web" / "templates", ROOT / "platform" / "templates", ROOT / "tenants" / "templates"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def _assert_headers(response) -> None:
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'self'" in script_src
    assert "unsafe-inline" not in script_src
    assert "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_staff_pages_carry_the_headers(member_a):
    client = member_a.web()
    for path in ("", "don-thu/", "tiep-dan/", "tai-khoan/api/"):
        response = client.get(member_a.url(path))
        assert response.status_code == 200, path
        _assert_headers(response)


@pytest.mark.django_db
def test_public_and_api_answers_carry_the_headers(member_a, client):
    _assert_headers(client.get(member_a.url("tra-cuu/")))
    _assert_headers(client.get("/"))
    api = member_a.api().get(member_a.url("api/v1/petitions/"))
    assert api.status_code == 200
    _assert_headers(api)
    _assert_headers(client.get(member_a.url("api/v1/petitions/")))  # a 401/403 too


def test_no_template_holds_inline_script_or_event_handlers():
    found = []
    for folder in TEMPLATE_DIRS:
        for template in folder.rglob("*.html"):
            text = template.read_text(encoding="utf-8")
            found += [f"{template.relative_to(ROOT)}: {m.group(0)[:60]}" for m in INLINE_SCRIPT.finditer(text)]
            found += [f"{template.relative_to(ROOT)}: {m.group(0)[:60]}" for m in INLINE_HANDLER.finditer(text)]
    assert found == []


@pytest.mark.django_db
def test_rendered_main_pages_hold_no_inline_script(admin_a, member_a, client):
    pages = []
    staff = member_a.web()
    pages += [staff.get(member_a.url(p)) for p in ("", "don-thu/", "don-thu/moi/", "tiep-dan/", "van-ban/", "bao-cao/")]
    admin = admin_a.web()
    pages += [
        admin.get(admin_a.url(p)) for p in ("can-bo/", "nhat-ky/", "can-bo/khoa-dang-nhap/", "tai-khoan/mat-khau/")
    ]
    pages += [client.get(member_a.url(p)) for p in ("dang-nhap/", "tra-cuu/", "tai-khoan/quen-mat-khau/")]
    for page in pages:
        assert page.status_code == 200, page.request["PATH_INFO"]
        html = page.content.decode()
        assert not INLINE_SCRIPT.search(html), page.request["PATH_INFO"]
        assert not INLINE_HANDLER.search(html), page.request["PATH_INFO"]


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "k7#Qz!v9Lr2@xW5pT8^mN3$bF6&hJ1*cY4-sD0+gA7=eU2%oI9",
        "TIEPDAN_SEAL_MASTER_KEY": "seal-master-key-for-the-deploy-check-only-0123456789",
        "TIEPDAN_CITIZEN_KEY_SECRET": "citizen-key-secret-for-the-deploy-check-only-0123456789",
        "DJANGO_ALLOWED_HOSTS": "tiepdan.example.gov.vn",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://tiepdan.example.gov.vn",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "REDIS_URL": "redis://127.0.0.1:6379/1",
        "EMAIL_URL": "smtp+tls://tiepdan@mail.example.gov.vn:587",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_trusts_the_proxy_address_and_base_does_not():
    from config.settings import base

    assert base.TRUST_X_FORWARDED_FOR is False
    text = (ROOT / "platform" / "config" / "settings" / "production.py").read_text()
    assert re.search(r"^TRUST_X_FORWARDED_FOR = env\.bool\(.*default=True\)", text, re.MULTILINE)
