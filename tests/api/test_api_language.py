"""API errors speak the user's language: Vietnamese unless the client asks for English
(Accept-Language, the language cookie or ``?lang=en``)."""

import ast
from pathlib import Path

import pytest
import rest_framework
from django.conf import settings
from django.utils import translation

pytestmark = pytest.mark.django_db

NOT_AUTHENTICATED_VI = "Chưa cung cấp thông tin xác thực: hãy đăng nhập hoặc gửi khóa API."


@pytest.mark.parametrize("accept", [{}, {"HTTP_ACCEPT_LANGUAGE": "vi"}, {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}])
def test_anonymous_call_is_refused_in_vietnamese(client, unit_a, accept):
    response = client.get(f"/u/{unit_a.code}/api/v1/petitions/", **accept)
    assert response.status_code == 401
    assert response.json() == {"detail": NOT_AUTHENTICATED_VI}
    assert response["Content-Language"] == "vi"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize(
    ("how", "query"),
    [({"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}, {}), ({}, {"lang": "en"})],
)
def test_a_client_asking_for_english_gets_english(client, unit_a, how, query):
    response = client.get(f"/u/{unit_a.code}/api/v1/petitions/", query, **how)
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert response["Content-Language"] == "en"


def test_the_language_cookie_wins_over_accept_language(client, unit_a):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = client.get(f"/u/{unit_a.code}/api/v1/petitions/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"detail": NOT_AUTHENTICATED_VI}


def test_pages_still_ignore_accept_language(client, unit_a):
    page = client.get(f"/u/{unit_a.code}/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="vi">' in page


def test_a_missing_petition_is_a_vietnamese_404(member_a):
    api = member_a.api()
    response = api.get(member_a.url("api/v1/petitions/999999/"), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy đơn được yêu cầu."}
    assert api.get(member_a.url("api/v1/petitions/999999/")).json() == response.json()
    # A lookup that is not a viewset's own object (a petition's attachments) is a 404 too.
    nested = api.get(member_a.url("api/v1/petitions/999999/attachments/"))
    assert nested.status_code == 404
    assert nested.json() == {"detail": "Không tìm thấy."}
    english = api.get(member_a.url("api/v1/petitions/999999/"), {"lang": "en"})
    assert english.json() == {"detail": "No petition matches the given query."}


def test_field_errors_and_wrong_methods_are_vietnamese(member_a):
    api = member_a.api()
    invalid = api.post(member_a.url("api/v1/petitions/"), {"channel": "?"}, format="json")
    assert invalid.status_code == 400
    body = invalid.json()
    assert body["subject"] == ["Trường này là bắt buộc."]
    assert body["channel"] == ["“?” không phải là lựa chọn hợp lệ."]
    wrong = api.delete(member_a.url("api/v1/me/"))
    assert wrong.status_code == 405
    assert wrong.json() == {"detail": "Phương thức “DELETE” không được chấp nhận."}
    bad_page = api.get(member_a.url("api/v1/notifications/"), {"page": 9})
    assert bad_page.status_code == 404
    assert bad_page.json() == {"detail": "Trang không hợp lệ."}


def _drf_messages() -> set[str]:
    """Every literal message DRF passes to gettext (its browsable-API templates and the authtoken
    app, which we do not install, aside)."""
    root = Path(rest_framework.__file__).parent
    messages = set()
    for source in root.rglob("*.py"):
        if "authtoken" in source.parts:
            continue
        for node in ast.walk(ast.parse(source.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in {"_", "gettext", "gettext_lazy"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                messages.add(node.args[0].value)
    return messages


def test_every_drf_message_has_a_vietnamese_translation():
    messages = _drf_messages()
    assert "Authentication credentials were not provided." in messages
    with translation.override("vi"):
        untranslated = sorted(message for message in messages if translation.gettext(message) == message)
    assert untranslated == []
