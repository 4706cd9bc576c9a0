"""A person's view: headless Chromium logs in to a demo unit and sees the Vietnamese home page.

Uses Debian's chromium (``apt-get install chromium``; or set CHROMIUM_PATH). Without it the test
is skipped with that hint, except under CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connections
from django.test.testcases import LiveServerThread
from django_tenants.utils import schema_context

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / ".tiepdan" / "screenshots"


def _chromium() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    message = "Chromium not found: install it with `apt-get install chromium` or set CHROMIUM_PATH."
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def live_url(committed):
    """A real HTTP server in a thread, with its own database connection (data must be committed)."""
    server = LiveServerThread("127.0.0.1", StaticFilesHandler)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.terminate()


@pytest.fixture
def officer(committed):
    from core.accounts.models import User
    from core.accounts.services import user_create
    from tenants.models import Unit

    unit = Unit.objects.get(code="06316")
    with schema_context(unit.schema_name):
        user = user_create(
            unit=unit,
            username="trinh_duyet",
            password="Mat-khau-2026!",
            full_name="Hoàng Thị Lan",
            roles=["unit_admin"],
        )
    try:
        yield unit, user
    finally:
        with schema_context(unit.schema_name):
            User.objects.filter(pk=user.pk).delete()
        connections.close_all()


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    # Playwright's sync API runs an event loop in this thread; the ORM work is done before it starts.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield chromium
        chromium.close()


def test_officer_logs_in_and_sees_the_vietnamese_home_page(officer, live_url, browser, authenticator):
    unit, user = officer
    page = browser.new_page(locale="en-US")  # an English browser still gets Vietnamese
    page.goto(f"{live_url}/u/{unit.code}/")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.fill("#id_username", user.username)
    page.fill("#id_password", "Mat-khau-2026!")
    page.click("button[type=submit]")
    # A unit administrator must use a second factor: the first login sets it up, then goes on.
    page.wait_for_url(re.compile(r"/tai-khoan/xac-thuc/dang-ky/"))
    assert page.locator("h1").inner_text() == "Thiết lập xác thực hai lớp"
    authenticator().enrol(page)
    page.wait_for_url(f"{live_url}/u/{unit.code}/")
    heading = page.locator("h1").inner_text()
    body = page.locator("main").inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    assert heading == "Xin chào, Hoàng Thị Lan"
    assert "Xã Tân Đoàn" in body
    assert "Quản trị đơn vị" in body
    assert page.get_attribute("html", "lang") == "vi"
