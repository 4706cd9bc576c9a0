"""A unit's public pages, open to anyone without logging in (issue 5, point 8).

- the reception rules (nội quy), address and hours from ``UnitProfile``;
- the published schedule of leaders' upcoming reception sessions, naming who presides and saying
  so publicly when a deputy stands in for the head, plus the dates of the last sessions held;
- the petition status lookup by receipt code, which shows the registry number, date received,
  type, status and next due date, and for a petition forwarded on the platform the units it went
  to with their dates, and nothing else: no names, subject, summary, identity numbers
  or documents. It is rate-limited per client address with django-ratelimit (the cache key is
  prefixed with the unit's schema, so the limit is per unit too).

Everything is read from the current unit's schema only, so a receipt code of another unit is
simply not found. Templates receive plain values built here, never model instances, so no
personal field can reach a public page by accident.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, time

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited

from core.petitions.choices import PetitionType, Status
from core.petitions.models import Petition
from core.petitions.receipts import ALPHABET
from core.reception.choices import SessionKind, SessionStatus
from core.reception.models import ReceptionSession, UnitProfile
from core.transfers.selectors import petition_path
from web.common.clients import client_key

#: At most this many lookups per client address and unit within ``LOOKUP_WINDOW`` seconds.
LOOKUP_LIMIT = 10
LOOKUP_WINDOW = 10 * 60
#: How many past sessions the schedule lists (their dates only).
HELD_SHOWN = 5
RECEIPT_CODE_LENGTH = 12
#: Separators people type or paste between the groups of a receipt code.
SEPARATORS = frozenset("-‐‑‒–—―_./")

# Python's weekday(): Monday is 0.
WEEKDAYS = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)


# --- Reception rules -------------------------------------------------------------------------


@require_safe
def rules(request: HttpRequest) -> HttpResponse:
    profile = UnitProfile.objects.only("reception_rules", "reception_address", "reception_hours").first()
    context = {
        "rules_text": profile.reception_rules if profile else "",
        "address": profile.reception_address if profile else "",
        "hours": profile.reception_hours if profile else "",
    }
    return render(request, "public/rules.html", context)


# --- Schedule --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicSession:
    """What the public schedule shows of a session: nothing of its minutes, visits or notice."""

    date: date
    weekday: str
    start_time: time | None = None
    end_time: time | None = None
    place: str = ""
    kind: str = ""
    presiding_name: str = ""
    presiding_title: str = ""
    is_substitution: bool = False
    is_postponed: bool = False
    postponement_reason: str = ""


def upcoming_sessions(today: date) -> list[PublicSession]:
    """Published (on or before today), public, planned or postponed sessions from today on."""
    sessions = (
        ReceptionSession.objects.filter(
            date__gte=today,
            published_on__isnull=False,
            published_on__lte=today,
            is_public=True,
            status__in=(SessionStatus.PLANNED, SessionStatus.POSTPONED),
        )
        .select_related("presiding")
        .order_by("date", "start_time", "id")
    )
    return [
        PublicSession(
            date=session.date,
            weekday=str(WEEKDAYS[session.date.weekday()]),
            start_time=session.start_time,
            end_time=session.end_time,
            place=session.place,
            kind=_kind_label(session.kind),
            presiding_name=session.presiding.full_name or session.presiding.get_full_name(),
            presiding_title=session.presiding.position,
            is_substitution=session.is_substitution,
            is_postponed=session.status == SessionStatus.POSTPONED,
            postponement_reason=session.postponement_reason if session.status == SessionStatus.POSTPONED else "",
        )
        for session in sessions
    ]


def held_sessions(today: date, limit: int = HELD_SHOWN) -> list[PublicSession]:
    """The dates (and kinds) of the last public sessions held; nothing of what was said."""
    sessions = (
        ReceptionSession.objects.filter(status=SessionStatus.HELD, is_public=True, date__lte=today)
        .order_by("-date", "-start_time", "-id")
        .values("date", "kind")[:limit]
    )
    return [
        PublicSession(date=row["date"], weekday=str(WEEKDAYS[row["date"].weekday()]), kind=_kind_label(row["kind"]))
        for row in sessions
    ]


def _kind_label(kind: str) -> str:
    return str(SessionKind(kind).label) if kind in SessionKind.values else kind


@require_safe
def schedule(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    profile = UnitProfile.objects.only("head_title", "reception_address").first()
    context = {
        "today": today,
        "sessions": upcoming_sessions(today),
        "held": held_sessions(today),
        "head_title": profile.head_title if profile else "",
        "address": profile.reception_address if profile else "",
    }
    return render(request, "public/schedule.html", context)


# --- Petition status lookup ------------------------------------------------------------------


def receipt_code_normalise(raw: str) -> str | None:
    """``ABCD-EFGH-JKMN`` from what a citizen typed (any case, spaces, with or without dashes),
    or None when it cannot be a receipt code."""
    text = unicodedata.normalize("NFKC", raw or "").upper()
    symbols = "".join(ch for ch in text if not ch.isspace() and ch not in SEPARATORS)
    if len(symbols) != RECEIPT_CODE_LENGTH or any(ch not in ALPHABET for ch in symbols):
        return None
    return f"{symbols[:4]}-{symbols[4:8]}-{symbols[8:]}"


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=40)

    def clean_code(self) -> str:
        code = receipt_code_normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A receipt code has 12 letters and digits, like ABCD-EFGH-JKMN. Please check your receipt.")
            )
        return code


def lookup_allowed(request: HttpRequest) -> bool:
    """Count one lookup for the client; False once it is over ``LOOKUP_LIMIT`` in the window.

    django-ratelimit's fixed window; the cache's key function prefixes the unit's schema, so each
    unit has its own budget per client, and one citizen's lookups never use up another's.
    """
    return not is_ratelimited(
        request, group="public-lookup", key=client_key, rate=(LOOKUP_LIMIT, LOOKUP_WINDOW), increment=True
    )


def petition_public_status(code: str) -> dict | None:
    """The public facts of this unit's petition with receipt code ``code``, or None."""
    row = (
        Petition.objects.filter(receipt_code=code)
        .values("case_id", "registry_number", "received_date", "petition_type", "status", "next_due_date")
        .first()
    )
    if row is None:
        return None
    return {
        "registry_number": row["registry_number"],
        "received_date": row["received_date"],
        "type": PetitionType(row["petition_type"]).label if row["petition_type"] in PetitionType.values else "",
        "status": Status(row["status"]).label if row["status"] in Status.values else row["status"],
        "next_due_date": row["next_due_date"],
        # Where it went between units of the platform: unit names and dates only.
        "path": petition_path(row["case_id"]),
    }


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """The form posts (with CSRF), so receipt codes stay out of addresses, logs and history. A
    read-only (legacy) unit refuses every POST at the middleware, so there alone the form uses GET
    and ``?code=`` is read; elsewhere a code in the query string is ignored. The QR code of a
    receipt or notice brings the code in the fragment (``core.documents.qr``), which
    ``public/lookup.js`` copies into the form."""
    unit = getattr(request, "tenant", None)
    if request.method == "POST":
        data = request.POST
    elif "code" in request.GET and getattr(unit, "is_read_only", False):
        data = request.GET
    else:
        data = None
    form = LookupForm(data)
    context = {
        "form": form,
        "searched": False,
        "result": None,
        "limited": False,
        "window_minutes": LOOKUP_WINDOW // 60,
    }
    status = 200
    if data is not None and form.is_valid():
        if lookup_allowed(request):
            context["searched"] = True
            context["code"] = form.cleaned_data["code"]
            context["result"] = petition_public_status(form.cleaned_data["code"])
        else:
            context["limited"] = True
            status = 429
    elif data is not None:
        status = 400
    response = render(request, "public/lookup.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(LOOKUP_WINDOW)
    return response
