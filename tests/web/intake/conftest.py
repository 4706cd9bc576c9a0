"""The online form's page tests share the intake fixtures (forms loaded, uploads in a temporary
folder, the limiter emptied) and ``send``: a citizen's browser opening the form and posting it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.core.intake.conftest import _forms, _limiter_empty, media_root, submission  # noqa: F401  (fixtures)

CHALLENGE = re.compile(r'name="challenge" value="([^"]+)"')


def form_url(unit) -> str:
    return f"/u/{unit.code}/gui-don/"


def challenge_of(page) -> str:
    match = CHALLENGE.search(page.content.decode())
    assert match, "the form carries no challenge"
    return match.group(1)


def post_data(**overrides) -> dict:
    data = {key: value for key, value in submission().items() if key != "contact_consent"}
    data["contact_consent"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def quick(settings):
    """No minimum time between serving and posting the form (its own tests set it back)."""
    settings.TIEPDAN_INTAKE_MIN_SECONDS = 0


@pytest.fixture
def send(media_root):  # noqa: F811
    """``send(unit, client=None, address=…, **fields)``: open the form, post it; the response."""

    def post(unit, client: Client | None = None, address: str = "198.51.100.20", **overrides):
        client = client or Client()
        page = client.get(form_url(unit), REMOTE_ADDR=address)
        assert page.status_code == 200
        data = post_data(**overrides)
        data.setdefault("challenge", challenge_of(page))
        return client.post(form_url(unit), data, REMOTE_ADDR=address)

    return post
