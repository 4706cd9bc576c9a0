"""Writes of the Open311 area: clients and their keys, and a service request becoming a petition.

A client's key is 40 random letters and digits; only its SHA-256 is stored, with its first 8
characters to find it (as ``core.accounts.tokens`` does for personal keys: a key this random needs
no salt or slow hash). A request is received through the online intake
(``core.intake.services.submission_receive``, source "open311"), so it lands like any online
petition: channel "online", received today, registered by the unit's portal account, with its
receipt; the GeoReport fields the petition has no column for (location, media link) are written
into its content for the officers and kept on ``Open311Request`` for the posting client.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.accounts.access import require_perm
from core.accounts.audit import Kind, audit_append
from core.accounts.tokens import KEY_ALPHABET, KEY_LENGTH, LAST_USED_PRECISION, PREFIX_LENGTH, key_hash, key_random
from core.common.dates import today
from core.common.errors import ApplicationError
from core.common.text import nfc
from core.intake.models import Source
from core.intake.services import submission_receive
from core.notifications.services.contacts import email_clean, phone_clean
from core.petitions.identity_documents import IdKind

from .catalogue import Service, service_offered
from .models import Open311Client, Open311Request

#: GeoReport v2: "free form text limited to 4,000 characters".
MAX_DESCRIPTION = 4000
MAX_NAME = 100
MAX_ADDRESS = 500
MAX_ADDRESS_ID = 100
MAX_MEDIA_URL = 2000
MAX_CLIENT_NAME = 150


class KeyMissing(ApplicationError):
    status_code = 401


class KeyRefused(ApplicationError):
    """Unknown or revoked key."""

    status_code = 403


@transaction.atomic
def client_create(*, actor, name: str, collects_consent: bool = False) -> tuple[Open311Client, str]:
    """Register an application allowed to post requests; returns the row and its key, shown once."""
    require_perm(actor, "accounts.manage_unit_users")
    name = nfc(name or "")
    if not name:
        raise ApplicationError(_("Give the application a name."), extra={"field": "name"})
    if len(name) > MAX_CLIENT_NAME:
        raise ApplicationError(
            _("The name may be at most %(count)d characters.") % {"count": MAX_CLIENT_NAME}, extra={"field": "name"}
        )
    key = key_random()
    client = Open311Client(
        name=name,
        prefix=key[:PREFIX_LENGTH],
        key_hash=key_hash(key),
        collects_consent=bool(collects_consent),
        created_by=actor,
    )
    client.full_clean()
    client.save()
    audit_append(
        kind=Kind.OPEN311_CLIENT_CREATED,
        actor=actor,
        target=f"open311-client:{client.pk}",
        data={"name": client.name, "prefix": client.prefix, "collects_consent": client.collects_consent},
    )
    return client, key


@transaction.atomic
def client_revoke(*, actor, client: Open311Client) -> Open311Client:
    require_perm(actor, "accounts.manage_unit_users")
    client = Open311Client.objects.select_for_update().get(pk=client.pk)
    if not client.is_active:
        raise ApplicationError(_("This application's key is already revoked."))
    client.is_active = False
    client.revoked_at = timezone.now()
    client.revoked_by = actor
    client.save(update_fields=["is_active", "revoked_at", "revoked_by"])
    audit_append(
        kind=Kind.OPEN311_CLIENT_REVOKED,
        actor=actor,
        target=f"open311-client:{client.pk}",
        data={"name": client.name, "prefix": client.prefix},
    )
    return client


def client_authenticate(*, key: str) -> Open311Client:
    """The active client whose key is ``key``; ``KeyMissing`` (401) or ``KeyRefused`` (403)."""
    if not key:
        raise KeyMissing(_("An api_key is required to post a service request."), extra={"field": "api_key"})
    if len(key) != KEY_LENGTH or any(ch not in KEY_ALPHABET for ch in key):
        raise KeyRefused(_("The api_key is not valid."), extra={"field": "api_key"})
    client = Open311Client.objects.filter(prefix=key[:PREFIX_LENGTH], key_hash=key_hash(key)).first()
    if client is None or not client.is_active:
        raise KeyRefused(_("The api_key is not valid or has been revoked."), extra={"field": "api_key"})
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > LAST_USED_PRECISION:
        Open311Client.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client


def _text(value: str, *, field: str, limit: int) -> str:
    value = nfc(value or "")
    if len(value) > limit:
        raise ApplicationError(
            _("%(field)s may be at most %(count)d characters.") % {"field": field, "count": limit},
            extra={"field": field},
        )
    return value


def _coordinate(value: Decimal | None, *, field: str, bound: int) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or abs(value) > bound:
        raise ApplicationError(
            _("%(field)s must be a number between -%(bound)d and %(bound)d.") % {"field": field, "bound": bound},
            extra={"field": field},
        )
    return value.quantize(Decimal("0.000001"))


@dataclass(frozen=True)
class Submitted:
    request: Open311Request
    service: Service
    #: The same request had been posted in the last 24 hours: this is the first one again.
    duplicate: bool


def _content(
    *,
    service: Service,
    description: str,
    address_string: str,
    address_id: str,
    lat: Decimal | None,
    long: Decimal | None,
    media_url: str,
    client: Open311Client,
) -> tuple[str, str]:
    """The petition's subject and content: the description, then what GeoReport says of the place
    and the media, in Vietnamese whatever the caller's language (it is the unit's record)."""
    with translation.override("vi"):
        subject = service.service_name
        if address_string:
            subject = _("%(service)s at %(address)s") % {"service": subject, "address": address_string}
        lines = [description, ""]
        if address_string:
            lines.append(_("Place: %(address)s") % {"address": address_string})
        if lat is not None and long is not None:
            lines.append(_("Coordinates (WGS84): %(lat)s, %(long)s") % {"lat": lat, "long": long})
        if address_id:
            lines.append(_("Address id in the client's system: %(id)s") % {"id": address_id})
        if media_url:
            lines.append(_("Media link (not downloaded): %(url)s") % {"url": media_url})
        lines.append(_("Sent through the Open311 application “%(name)s”.") % {"name": client.name})
    return subject[:500], "\n".join(lines).strip()


@transaction.atomic
def request_submit(
    *,
    client: Open311Client,
    service_code: str,
    description: str,
    lat: Decimal | None = None,
    long: Decimal | None = None,
    address_string: str = "",
    address_id: str = "",
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    media_url: str = "",
) -> Submitted:
    """Receive a GeoReport v2 service request as a recommendation or feedback of this unit.

    The sender's name is required (Reception Law Art. 7(2)); the place is required as GeoReport
    says (coordinates, an address or an address id). The e-mail and phone are kept, with consent,
    only when the unit admin recorded that ``client`` asks citizens for it
    (``Open311Client.collects_consent``); otherwise they are ignored, not stored.
    """
    service = service_offered(service_code, today())
    if service is None:
        raise ApplicationError(
            _("The service_code “%(code)s” is not a service of this unit.") % {"code": service_code[:40]},
            extra={"field": "service_code"},
        )
    description = _text(description, field="description", limit=MAX_DESCRIPTION)
    if not description:
        raise ApplicationError(_("Describe the request (description)."), extra={"field": "description"})
    address_string = _text(address_string, field="address_string", limit=MAX_ADDRESS)
    address_id = _text(address_id, field="address_id", limit=MAX_ADDRESS_ID)
    lat = _coordinate(lat, field="lat", bound=90)
    long = _coordinate(long, field="long", bound=180)
    if (lat is None) != (long is None):
        raise ApplicationError(_("Give both lat and long, or neither."), extra={"field": "lat"})
    if lat is None and not address_string and not address_id:
        raise ApplicationError(
            _("Say where: lat and long, address_string or address_id is required."), extra={"field": "address_string"}
        )
    first_name = _text(first_name, field="first_name", limit=MAX_NAME)
    last_name = _text(last_name, field="last_name", limit=MAX_NAME)
    # Vietnamese order: family name (last_name) first.
    full_name = " ".join(part for part in (last_name, first_name) if part)
    if not full_name:
        raise ApplicationError(
            _("Give the sender's name (first_name, last_name): a petition without it cannot be processed."),
            extra={"field": "last_name"},
        )
    media_url = _text(media_url, field="media_url", limit=MAX_MEDIA_URL)
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError as exc:
            raise ApplicationError(
                _("media_url must be an http or https address."), extra={"field": "media_url"}
            ) from exc
    consent = client.collects_consent
    if consent:
        email, phone = email_clean(email), phone_clean(phone)
    else:
        email = phone = ""

    subject, content = _content(
        service=service,
        description=description,
        address_string=address_string,
        address_id=address_id,
        lat=lat,
        long=long,
        media_url=media_url,
        client=client,
    )
    received = submission_receive(
        petition_type=service.petition_type,
        field_code=service.field_code,
        subject=subject,
        content=content,
        full_name=full_name,
        id_kind=IdKind.NONE,
        id_number="",
        email=email,
        phone=phone,
        contact_consent=consent and bool(email or phone),
        source=Source.OPEN311,
        # The client is limited per key (api.open311); its users' addresses are not ours to see.
        client_address="",
    )
    petition = received.petition
    existing = Open311Request.objects.filter(petition=petition).first()
    if existing is not None:
        return Submitted(request=existing, service=service, duplicate=True)
    request = Open311Request.objects.create(
        service_request_id=petition.registry_number.replace("/", "-"),
        petition=petition,
        client=client,
        service_code=service.service_code,
        service_name=service.service_name,
        lat=lat,
        long=long,
        address_string=address_string,
        address_id=address_id,
        media_url=media_url,
    )
    return Submitted(request=request, service=service, duplicate=received.duplicate)
