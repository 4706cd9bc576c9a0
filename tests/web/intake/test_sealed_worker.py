"""An online denunciation through a real Celery worker and broker (Redis in CI, the filesystem
transport otherwise): no task message the broker carries, and no line the worker logs while it
sends the receipt e-mail and makes the receipt's PDF, holds the denouncer's name, identity number,
e-mail address or phone number. Runs on committed data, removed at the end."""

from __future__ import annotations

import time

import pytest
from django.core.cache import caches
from django.test import Client
from django_tenants.utils import schema_context

from tests.conftest import ROOT
from tests.core.intake.conftest import CCCD, EMAIL, NAME, PHONE
from tests.test_transfers_worker import published_messages
from tests.web.intake.conftest import challenge_of, form_url, intake_counters, intake_purge, post_data
from tests.web.intake.test_sealed import DENUNCIATION, SECRETS

pytestmark = pytest.mark.worker


@pytest.fixture(autouse=True)
def _forms():
    """Replaces the package's (which opens the test transaction): here everything commits."""


@pytest.fixture
def unit(committed, worker, settings):
    from core.documents.forms.services import forms_load
    from tenants.models import Unit

    settings.TIEPDAN_INTAKE_MIN_SECONDS = 0
    forms_load()
    unit = Unit.objects.get(code="06316")
    counters = intake_counters(unit)
    caches["default"].clear()
    try:
        yield unit
    finally:
        intake_purge(unit, counters)


def _until(check, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("the worker did not get there in time")


def test_no_celery_message_or_worker_log_line_carries_the_denouncer(unit, worker_process):
    from core.documents.models import IssuedDocument
    from core.notifications.models import CitizenMessage
    from core.petitions.models import Petition

    _process, queue = worker_process
    log = ROOT / ".tiepdan" / f"worker-{queue}.log"
    logged_before = log.stat().st_size if log.exists() else 0
    browser = Client()
    page = browser.get(form_url(unit))
    with published_messages() as messages:
        sent = browser.post(form_url(unit), post_data(challenge=challenge_of(page), **DENUNCIATION))
    assert sent.status_code == 302
    with schema_context(unit.schema_name):
        petition = Petition.objects.get(channel="online", is_confidential=True)
        # The worker sent the receipt e-mail and made the receipt's PDF.
        _until(lambda: CitizenMessage.objects.filter(petition=petition).exclude(state="pending").exists())
        _until(lambda: IssuedDocument.objects.filter(subject_id=petition.pk, kind="petition.online_receipt")
               .exclude(pdf="").exists())  # fmt: skip
        states = set(CitizenMessage.objects.filter(petition=petition).values_list("state", flat=True))
    assert "sent" in states, states
    assert messages, "no task was published: the test would be blind"
    assert any("document_pdf_make" in message for message in messages)
    for secret in (*SECRETS, NAME, CCCD, EMAIL, PHONE):
        assert not [message for message in messages if secret in message], secret
    worker_log = log.read_bytes()[logged_before:].decode("utf-8", "replace")
    assert "succeeded" in worker_log  # the worker's own log of this test's tasks is read
    for secret in SECRETS:
        assert secret not in worker_log, secret
