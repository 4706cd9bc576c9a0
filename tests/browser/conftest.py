"""Shared by the browser tests: the second factor, through the real pages.

An account whose role needs a second factor (``core.accounts.second_factor``) lands, after its
password, on the enrolment page (first login) or on the code page (afterwards). ``authenticator``
gives a test the phone app such a person would hold: it is set up from the key the enrolment page
shows, and it answers the code page with the code it computes, as the app would.
"""

from __future__ import annotations

import re
import time
from base64 import b32decode
from dataclasses import dataclass, field

import pytest

#: Seconds per code of an authenticator app (RFC 6238; django-otp's default).
STEP = 30
ENROL_PAGE = re.compile(r"/tai-khoan/xac-thuc/dang-ky/")
CODE_PAGE = re.compile(r"/tai-khoan/xac-thuc/(\?|$)")


@dataclass
class Authenticator:
    """The authenticator app on one person's phone."""

    key: str = ""
    recovery_codes: list[str] = field(default_factory=list)
    #: The time step of the last code given: the server takes each step's code once only.
    last_step: int = -1

    def code(self) -> str:
        """The code the app shows now, or, when this step's was given already, the next step's
        (the server takes it within its one-step drift tolerance, as from a phone whose clock is a
        little ahead); waits for a new step when even that one was given."""
        from django_otp.oath import totp

        step = int(time.time()) // STEP
        if self.last_step > step:
            time.sleep((step + 1) * STEP - time.time() + 0.2)
            step += 1
        drift = 1 if self.last_step == step else 0
        self.last_step = step + drift
        return f"{totp(b32decode(self.key), step=STEP, drift=drift):06d}"

    def enrol(self, page) -> None:
        """On the enrolment page: read the key it shows (what scanning the QR code gives the app),
        answer with the app's code, keep the recovery codes shown once, and continue."""
        page.wait_for_url(ENROL_PAGE)
        assert page.locator("#otp-qr svg").count() == 1
        self.key = page.locator("#otp-key").inner_text().replace(" ", "")
        page.fill("#id_token", self.code())
        page.click("main button.primary")
        page.wait_for_selector("#recovery-codes")
        self.recovery_codes = page.locator("#recovery-codes code").all_inner_texts()
        assert len(self.recovery_codes) == 10
        page.click("#continue")

    def verify(self, page) -> None:
        """On the code page after the password: type the code the app shows."""
        page.wait_for_url(CODE_PAGE)
        page.fill("#id_token", self.code())
        page.click("main button.primary")


@pytest.fixture
def authenticator():
    """``authenticator()``: a new phone app, not yet set up (one per person of the test)."""
    return Authenticator


def registered_purge(unit, *, users, counters: dict) -> None:
    """Remove from committed data what ``users`` registered at ``unit`` in a walk: the petitions (with
    their signers, events, deadlines and documents), their senders, their index rows and the users;
    set the registry's counters back to ``counters`` (year → last number, read before the walk)."""
    from django.db import connections
    from django_tenants.utils import schema_context

    from core.accounts.models import User
    from core.caseindex.models import CaseEvent, CaseIndexEntry
    from core.petitions.models import Citizen, Petition, RegistryCounter

    with schema_context(unit.schema_name):
        petitions = Petition.objects.filter(registered_by__in=users)
        case_ids = list(petitions.values_list("case_id", flat=True))
        citizens = list(Citizen.objects.filter(petitions__in=petitions).values_list("pk", flat=True))
        petitions.delete()
        Citizen.objects.filter(pk__in=citizens).delete()
        for counter in RegistryCounter.objects.all():
            if counter.year in counters:
                RegistryCounter.objects.filter(pk=counter.pk).update(last_number=counters[counter.year])
            else:
                counter.delete()
        User.objects.filter(pk__in=[user.pk for user in users]).delete()
    CaseEvent.objects.filter(case_id__in=case_ids).delete()
    CaseIndexEntry.objects.filter(case_id__in=case_ids).delete()
    connections.close_all()
