"""An online denunciation through a real Celery worker and broker (Redis in CI, the filesystem
transport otherwise): no task message the broker carries, and no line the worker logs while it
sends the receipt e-mail and makes the receipt's PDF, holds the denouncer's name, identity number,
e-mail address or phone number. Runs on committed data, removed at the end."""

from __future__ import annotations

import time

import pytest
from django.core.cache import caches
from django.db import connection, connections
from django.test import Client
from django_tenants.utils import schema_context

from tests.conftest import ROOT
from tests.core.intake.conftest import CCCD, EMAIL, NAME, PHONE
from tests.test_transfers_worker import published_messages
from tests.web.intake.conftest import challenge_of, form_url, post_data
from tests.web.intake.test_sealed import DENUNCIATION, SECRETS

pytestmark = pytest.mark.worker


def _purge(unit, counters) -> None:
    from core.accounts.models import User
    from core.caseindex.models import CaseEvent, CaseIndexEntry
    from core.documents.models import IssuedDocument
    from core.documents.models import RegisterCounter as DocumentCounter
    from core.intake.models import PortalAccount, Submission
    from core.petitions.models import Petition, RegistryCounter

    connection.set_schema_to_public()
    case_ids = []
    with schema_context(unit.schema_name):
        ids = list(Submission.objects.values_list("petition", flat=True))
        petitions = Petition.objects.filter(pk__in=ids)
        case_ids = list(petitions.values_list("case_id", flat=True))
        Submission.objects.filter(petition__in=ids).delete()
        for document in IssuedDocument.objects.filter(subject_type="petitions.petition", subject_id__in=petitions):
            document.docx.delete(save=False)
            if document.pdf:
                document.pdf.delete(save=False)
        IssuedDocument.objects.filter(subject_type="petitions.petition", subject_id__in=petitions).delete()
        petitions.delete()
        users = list(PortalAccount.objects.values_list("user", flat=True))
        PortalAccount.objects.all().delete()
        User.objects.filter(pk__in=users).delete()
        registry, documents = counters
        RegistryCounter.objects.exclude(year__in=registry).delete()
        for year, last in registry.items():
            RegistryCounter.objects.filter(year=year).update(last_number=last)
        DocumentCounter.objects.exclude(pk__in=documents).delete()
        for pk, last in documents.items():
            DocumentCounter.objects.filter(pk=pk).update(last_number=last)
    CaseIndexEntry.objects.filter(case_id__in=case_ids).delete()
    CaseEvent.objects.filter(case_id__in=case_ids).delete()
    caches["default"].clear()
    connections.close_all()


@pytest.fixture(autouse=True)
def _forms():
    """Replaces the package's (which opens the test transaction): here everything commits."""


@pytest.fixture
def unit(committed, worker, settings):
    from core.documents.forms.services import forms_load
    from core.documents.models import RegisterCounter as DocumentCounter
    from core.petitions.models import RegistryCounter
    from tenants.models import Unit

    settings.TIEPDAN_INTAKE_MIN_SECONDS = 0
    forms_load()
    unit = Unit.objects.get(code="06316")
    with schema_context(unit.schema_name):
        counters = (
            dict(RegistryCounter.objects.values_list("year", "last_number")),
            dict(DocumentCounter.objects.values_list("pk", "last_number")),
        )
    caches["default"].clear()
    try:
        yield unit
    finally:
        _purge(unit, counters)


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
