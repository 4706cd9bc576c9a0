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


def intake_counters(unit) -> tuple[dict, dict]:
    """The unit's registry and document counters, to set back after a test on committed data."""
    from django_tenants.utils import schema_context

    from core.documents.models import RegisterCounter as DocumentCounter
    from core.petitions.models import RegistryCounter

    with schema_context(unit.schema_name):
        return (
            dict(RegistryCounter.objects.values_list("year", "last_number")),
            dict(DocumentCounter.objects.values_list("pk", "last_number")),
        )


def intake_purge(unit, counters: tuple[dict, dict], *, users=()) -> None:
    """Remove what online submissions left in ``unit`` on committed data: the petitions, their
    senders, receipts (and files), index rows, the portal account and ``users``; set the counters
    back (``intake_counters``)."""
    from django.core.cache import caches
    from django.db import connection, connections
    from django_tenants.utils import schema_context

    from core.accounts.models import User
    from core.caseindex.models import CaseEvent, CaseIndexEntry
    from core.documents.models import IssuedDocument
    from core.documents.models import RegisterCounter as DocumentCounter
    from core.intake.models import PortalAccount, Submission
    from core.petitions.models import Citizen, Petition, RegistryCounter

    connection.set_schema_to_public()
    with schema_context(unit.schema_name):
        ids = list(Submission.objects.values_list("petition", flat=True))
        petitions = Petition.objects.filter(pk__in=ids)
        case_ids = list(petitions.values_list("case_id", flat=True))
        citizens = list(Citizen.objects.filter(petitions__in=petitions).values_list("pk", flat=True))
        Submission.objects.filter(petition__in=ids).delete()
        documents = IssuedDocument.objects.filter(subject_type="petitions.petition", subject_id__in=ids)
        for document in documents:
            document.docx.delete(save=False)
            if document.pdf:
                document.pdf.delete(save=False)
        documents.delete()
        petitions.delete()
        Citizen.objects.filter(pk__in=citizens).delete()
        portal = list(PortalAccount.objects.values_list("user", flat=True))
        PortalAccount.objects.all().delete()
        User.objects.filter(pk__in=[*portal, *users]).delete()
        registry, register = counters
        RegistryCounter.objects.exclude(year__in=registry).delete()
        for year, last in registry.items():
            RegistryCounter.objects.filter(year=year).update(last_number=last)
        DocumentCounter.objects.exclude(pk__in=register).delete()
        for pk, last in register.items():
            DocumentCounter.objects.filter(pk=pk).update(last_number=last)
    CaseIndexEntry.objects.filter(case_id__in=case_ids).delete()
    CaseEvent.objects.filter(case_id__in=case_ids).delete()
    caches["default"].clear()
    connections.close_all()
