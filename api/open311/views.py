"""Open311 GeoReport v2 of one unit, at ``/u/<code>/open311/v2/``.

Plain Django views rather than DRF: the answers must be the specification's own shapes (a bare
JSON list, XML elements named as in its examples, its error list), and these endpoints are not the
workspace API — anyone may read the service list and the requests' status, and only a registered
client's ``api_key`` may post (``core.open311``). Every refusal is the specification's error list
with a Vietnamese description (the language the LanguageMiddleware chose), never a 500.

What a reader sees of a request (``_request_item``): its status, the status in the unit's words,
the service, the dates and the body responsible. The citizen's description, the place and the
media link are shown only to the client that posted it (with its ``api_key``); the citizen's name
and contact never. The place is often the citizen's home, and the listing is public.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import is_ratelimited

from core.common.dates import today
from core.common.errors import ApplicationError
from core.open311.catalogue import Service, service_known, service_offered, service_rows, services_offered
from core.open311.models import Open311Client, Open311Request
from core.open311.selectors import (
    CLOSED,
    LIST_LIMIT,
    OPEN,
    open311_status,
    open311_status_notes,
    request_list,
)
from core.open311.services import client_authenticate, request_submit
from core.petitions.choices import Status
from tenants.http import UnitHttpRequest

from . import render

#: GeoReport v2: "Default query limit is a span of 90 days or first 1000 requests returned".
DEFAULT_WINDOW = timedelta(days=90)
MAX_IDS = 100
MAX_PARAMETER = 4000 * 4  # characters of any one parameter (the description's 4,000, with room)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
POST_FIELDS = (
    "api_key",
    "jurisdiction_id",
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
)


class Refused(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _one(data, name: str) -> str:
    """The single value of parameter ``name`` ("" when absent); given twice or too long is refused."""
    values = data.getlist(name)
    if len(values) > 1:
        raise Refused(400, _("The parameter %(name)s was given more than once.") % {"name": name})
    value = values[0] if values else ""
    if len(value) > MAX_PARAMETER:
        raise Refused(400, _("The parameter %(name)s is too long.") % {"name": name})
    return value


def _jurisdiction(request: UnitHttpRequest, data) -> None:
    given = _one(data, "jurisdiction_id").strip()
    if given and given.casefold() != request.tenant.code.casefold():
        raise Refused(404, _("jurisdiction_id “%(id)s” is not this unit.") % {"id": given[:40]})


def _format(fmt: str) -> str:
    if fmt not in render.FORMATS:
        raise Refused(404, _("Unknown format: use .json or .xml."))
    return fmt


def _w3c(value: str, name: str) -> datetime | None:
    """A W3C datetime (``2026-11-01T00:00:00+07:00``, ``…Z``); a bare date is its first moment and a
    time without zone is Vietnam's time."""
    if not value:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.combine(day, time.min) if day else None
    except ValueError:
        moment = None
    if moment is None:
        raise Refused(
            400,
            _("%(name)s must be a W3C date and time, e.g. 2026-11-01T00:00:00+07:00.") % {"name": name},
        )
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _decimal(value: str, name: str) -> Decimal | None:
    value = value.strip()
    if not value:
        return None
    try:
        number = Decimal(value) if len(value) <= 32 else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise Refused(400, _("%(name)s must be a decimal number (WGS84), e.g. 21.853708.") % {"name": name})
    return number


def _w3c_out(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _service_item(service: Service) -> dict:
    return {
        "service_code": service.service_code,
        "service_name": service.service_name,
        "description": service.description,
        "metadata": service.metadata,
        "type": service.type,
        "keywords": ", ".join(service.keywords),
        "group": service.group,
    }


def _request_items(request: UnitHttpRequest, rows: list[Open311Request], reader: Open311Client | None) -> list[dict]:
    notices = {service.service_code: service.service_notice for service in services_offered(today())}
    return [
        _request_item(
            request,
            row,
            notice=notices.get(row.service_code),
            private=reader is not None and row.client_id == reader.pk,
        )
        for row in rows
    ]


def _request_item(request: UnitHttpRequest, row: Open311Request, *, notice: str | None, private: bool) -> dict:
    petition = row.petition
    forwarded = petition.status in (Status.FORWARDED, Status.GUIDED) and petition.competent_body
    return {
        "service_request_id": row.service_request_id,
        "status": open311_status(petition.status),
        "status_notes": open311_status_notes(petition.status),
        "service_name": row.service_name,
        "service_code": row.service_code,
        "description": petition.summary if private else None,
        "agency_responsible": petition.competent_body if forwarded else request.tenant.name,
        "service_notice": notice,
        "requested_datetime": _w3c_out(row.requested_at),
        "updated_datetime": _w3c_out(petition.updated_at),
        "expected_datetime": None,
        "address": (row.address_string or None) if private else None,
        "address_id": (row.address_id or None) if private else None,
        "zipcode": None,
        "lat": float(row.lat) if private and row.lat is not None else None,
        "long": float(row.long) if private and row.long is not None else None,
        "media_url": (row.media_url or None) if private else None,
    }


def _reader(data) -> Open311Client | None:
    """The client reading, when it gives its key (to see its own requests in full)."""
    key = _one(data, "api_key")
    return client_authenticate(key=key) if key else None


def _answer(view):
    """Turn refusals into the specification's error list, in the format asked for."""

    def wrapped(request: UnitHttpRequest, *args, format: str, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, fmt=_format(format), **kwargs)
        except Refused as refused:
            return render.errors(format, refused.status, refused.description)
        except ApplicationError as exc:
            return render.errors(format, exc.status_code, exc.message)
        except ValidationError as exc:  # a model's own check the service did not foresee
            return render.errors(format, 400, " ".join(exc.messages))

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return csrf_exempt(wrapped)


def _methods(request: HttpRequest, *allowed: str) -> None:
    if request.method not in allowed:
        raise Refused(405, _("Method %(method)s is not allowed here.") % {"method": request.method})


@_answer
def discovery(request: UnitHttpRequest, *, fmt: str) -> HttpResponse:
    """Service discovery (wiki.open311.org/Service_discovery): where this unit's GeoReport v2 is."""
    _methods(request, "GET", "HEAD")
    changeset = max(row.effective_from for row in service_rows() if row.effective_from <= today())
    base = settings.TIEPDAN_SITE_URL.rstrip("/")
    endpoint = base + reverse("open311:services", kwargs={"format": "json"}).removesuffix("/services.json")
    item = {
        "changeset": changeset.isoformat(),
        "contact": request.tenant.name,
        "key_service": _("The unit administrator registers applications and gives their keys."),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": endpoint,
                "changeset": changeset.isoformat(),
                "type": "production",
                "formats": list(render.CONTENT_TYPES_PLAIN),
            }
        ],
    }
    return render.response(fmt, item, root="discovery", item=None)


@_answer
def services(request: UnitHttpRequest, *, fmt: str) -> HttpResponse:
    """GET Service List: the services this unit offers today."""
    _methods(request, "GET", "HEAD")
    _jurisdiction(request, request.GET)
    items = [_service_item(service) for service in services_offered(today())]
    return render.response(fmt, items, root="services", item="service")


@_answer
def service_definition(request: UnitHttpRequest, service_code: str, *, fmt: str) -> HttpResponse:
    """GET Service Definition: no service has attributes (``metadata`` false), so the list is empty."""
    _methods(request, "GET", "HEAD")
    _jurisdiction(request, request.GET)
    if service_offered(service_code, today()) is None:
        raise Refused(
            404, _("The service_code “%(code)s” is not a service of this unit.") % {"code": service_code[:40]}
        )
    item = {"service_code": service_code, "attributes": []}
    return render.response(fmt, item, root="service_definition", item=None)


@_answer
def requests(request: UnitHttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _requests_post(request, fmt)
    _methods(request, "GET", "HEAD")
    return _requests_get(request, fmt)


def _requests_get(request: UnitHttpRequest, fmt: str) -> HttpResponse:
    """GET Service Requests, filtered as GeoReport v2 says; ``service_request_id`` overrides the rest."""
    data = request.GET
    _jurisdiction(request, data)
    reader = _reader(data)
    ids_given = _one(data, "service_request_id")
    if ids_given:
        ids = [part.strip() for part in ids_given.split(",") if part.strip()]
        if len(ids) > MAX_IDS:
            raise Refused(400, _("Ask for at most %(count)d service_request_id at once.") % {"count": MAX_IDS})
        rows = request_list(service_request_ids=ids)
    else:
        codes = [part.strip() for part in _one(data, "service_code").split(",") if part.strip()]
        unknown = [code for code in codes if not service_known(code)]
        if unknown:
            raise Refused(400, _("Unknown service_code: %(codes)s.") % {"codes": ", ".join(unknown)[:200]})
        statuses = [part.strip() for part in _one(data, "status").split(",") if part.strip()]
        if any(status not in (OPEN, CLOSED) for status in statuses):
            raise Refused(400, _("status must be open or closed."))
        start = _w3c(_one(data, "start_date"), "start_date")
        end = _w3c(_one(data, "end_date"), "end_date")
        if start is None and end is None:
            start = timezone.now() - DEFAULT_WINDOW
        if start is not None and end is not None and start > end:
            raise Refused(400, _("start_date must not be after end_date."))
        rows = request_list(service_codes=codes, start=start, end=end, statuses=statuses, limit=LIST_LIMIT)
    return render.response(fmt, _request_items(request, rows, reader), root="service_requests", item="request")


@_answer
def request_detail(request: UnitHttpRequest, service_request_id: str, *, fmt: str) -> HttpResponse:
    """GET Service Request: one request, as a list of one (as the specification shows it)."""
    _methods(request, "GET", "HEAD")
    _jurisdiction(request, request.GET)
    reader = _reader(request.GET)
    rows = request_list(service_request_ids=[service_request_id[:40]])
    if not rows:
        raise Refused(404, _("No service request %(id)s in this unit.") % {"id": service_request_id[:40]})
    return render.response(fmt, _request_items(request, rows, reader), root="service_requests", item="request")


def _rate_key(client: Open311Client):
    return lambda _group, _request: f"open311:{client.pk}"


def _requests_post(request: UnitHttpRequest, fmt: str) -> HttpResponse:
    """POST Service Request: the petition is registered at once, so the answer carries its id."""
    if request.content_type not in FORM_TYPES:
        raise Refused(400, _("Send the request as application/x-www-form-urlencoded, as GeoReport v2 says."))
    data = request.POST
    _jurisdiction(request, data)
    values = {name: _one(data, name) for name in POST_FIELDS}
    client = client_authenticate(key=values["api_key"] or _one(request.GET, "api_key"))
    if is_ratelimited(
        request, group="open311-post", key=_rate_key(client), rate=settings.OPEN311_POST_RATE, increment=True
    ):
        raise Refused(429, _("Too many requests from this application: try again later."))
    if not values["service_code"]:
        raise Refused(400, _("service_code is required."))
    submitted = request_submit(
        client=client,
        service_code=values["service_code"],
        description=values["description"],
        lat=_decimal(values["lat"], "lat"),
        long=_decimal(values["long"], "long"),
        address_string=values["address_string"],
        address_id=values["address_id"],
        first_name=values["first_name"],
        last_name=values["last_name"],
        email=values["email"],
        phone=values["phone"],
        media_url=values["media_url"],
    )
    petition = submitted.request.petition
    lookup = settings.TIEPDAN_SITE_URL.rstrip("/") + reverse("reception_public:lookup")
    notice = _("%(notice)s Registry number: %(number)s. Receipt code, for the status lookup at %(url)s: %(code)s.") % {
        "notice": submitted.service.service_notice,
        "number": petition.registry_number,
        "url": lookup,
        "code": petition.receipt_code,
    }
    item = {"service_request_id": submitted.request.service_request_id, "service_notice": notice, "account_id": None}
    return render.response(fmt, [item], root="service_requests", item="request")
