"""The API's documentation pages load only our own static files, and the schema names the unit's
API root as its server, so Swagger's "Try it out" calls this unit."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["api/v1/docs/", "api/v1/redoc/"])
def test_docs_pages_load_nothing_from_outside(member_a, page):
    response = member_a.api().get(member_a.url(page))
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, "the page loads its scripts"
    assert not re.search(r"https?://", html), "no absolute URL in the page"
    assert not any(url.startswith("//") for url in urls), "no protocol-relative URL either"
    assets = [url for url in urls if url.startswith(settings.STATIC_URL)]
    assert any(url.endswith(".js") for url in assets)
    for url in assets:
        assert finders.find(url.removeprefix(settings.STATIC_URL)), f"{url} is not one of our static files"


def test_the_schema_server_is_the_units_api_root(member_a):
    api = member_a.api()
    schema = api.get(member_a.url("api/v1/schema/"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    server = schema["servers"][0]["url"]
    assert server == f"/u/{member_a.unit.code}/api/v1"
    assert "/me/" in schema["paths"]
    assert not any(path.startswith("/api/") for path in schema["paths"])
    # What "Try it out" does: the server URL followed by a path of the schema.
    response = api.get(server + "/me/")
    assert response.status_code == 200
    assert response.json()["username"] == member_a.user.username


def test_on_the_units_own_hostname_the_server_has_no_prefix(member_a, settings):
    from tenants.models import Domain

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "tandoan.langson.example"]
    Domain.objects.create(domain="tandoan.langson.example", tenant=member_a.unit, is_primary=True)
    api = member_a.api()
    accept = "application/vnd.oai.openapi+json"
    schema = api.get("/api/v1/schema/", HTTP_HOST="tandoan.langson.example", HTTP_ACCEPT=accept).json()
    assert schema["servers"][0]["url"] == "/api/v1"
    assert api.get("/api/v1/me/", HTTP_HOST="tandoan.langson.example").status_code == 200
