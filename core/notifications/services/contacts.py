"""A citizen's contact for one petition, kept only with consent and only encrypted.

Called by the online submission form and by staff on the petition page. The contact is sealed
with the unit's key (``core.petitions.sealing``) whatever the petition's type: a denouncer's e-mail
or phone identifies them as surely as their name (Denunciations Law Art. 47, domain.md §8.5), and
one code path for every contact leaves none on which a sealed one could be written in clear.
"""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.common.errors import ApplicationError, PermissionDeniedError
from core.common.text import nfc
from core.petitions import sealing
from core.petitions.models import Petition

from ..models import CitizenContact, CitizenMessage, ContactSource, MessageState
from ..selectors import contact_details

__all__ = ["contact_details", "contact_record", "contact_record_by_staff", "contact_withdraw"]

MAX_EMAIL_LENGTH = 254
#: Mobile numbers only: a fixed line cannot take an SMS or a Zalo message.
_MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def email_clean(value: object) -> str:
    """The e-mail address normalised (NFC, trimmed, domain lower-cased), or "" when none was given."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ApplicationError(_("The e-mail address must be text."), extra={"field": "email"})
    if "\x00" in value:
        raise ApplicationError(_("The e-mail address contains invalid characters."), extra={"field": "email"})
    email = nfc(value)
    if not email:
        return ""
    if len(email) > MAX_EMAIL_LENGTH or any(ch.isspace() for ch in email):
        raise ApplicationError(_("Enter a valid e-mail address, e.g. ten@example.vn."), extra={"field": "email"})
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ApplicationError(
            _("Enter a valid e-mail address, e.g. ten@example.vn."), extra={"field": "email"}
        ) from exc
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def phone_clean(value: object) -> str:
    """A Vietnamese mobile number in E.164 (``+84912345678``), or "" when none was given.

    Accepts what people type: ``0912 345 678``, ``0912.345.678``, ``+84 912 345 678``, ``84912345678``.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ApplicationError(_("The phone number must be text."), extra={"field": "phone"})
    refusal = _("Enter a Vietnamese mobile number of 10 digits, e.g. 0912 345 678.")
    if "\x00" in value:
        raise ApplicationError(refusal, extra={"field": "phone"})
    phone = nfc(value)
    if not phone:
        return ""
    if len(phone) > 25:
        raise ApplicationError(refusal, extra={"field": "phone"})
    try:
        number = phonenumbers.parse(phone, "VN")
    except phonenumbers.NumberParseException as exc:
        raise ApplicationError(refusal, extra={"field": "phone"}) from exc
    if (
        number.country_code != 84
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) not in _MOBILE_TYPES
    ):
        raise ApplicationError(refusal, extra={"field": "phone"})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@transaction.atomic
def contact_record(*, petition: Petition, email: str, phone: str, consent: bool, actor=None) -> CitizenContact | None:
    """Keep the citizen's contact for ``petition`` if they consented to be contacted.

    Both values are validated first (a refusal names the field). Without consent, or with neither
    an e-mail nor a phone, nothing is stored and any contact kept before is withdrawn: the citizen
    is no longer told anything, and messages not yet sent are cancelled. ``actor`` is the staff
    member recording it; ``None`` for the citizen's own submission.
    """
    if not isinstance(consent, bool):
        raise ApplicationError(_("Say whether the citizen agrees to be contacted."), extra={"field": "consent"})
    clean_email = email_clean(email)
    clean_phone = phone_clean(phone)
    if not consent or not (clean_email or clean_phone):
        contact_withdraw(petition=petition)
        return None
    from .citizens import contact_recorded_message

    before = CitizenContact.objects.select_for_update().filter(petition=petition).first()
    changed = before is None or contact_details(before) != (clean_email, clean_phone)
    ciphertext = sealing.seal({"email": clean_email, "phone": clean_phone})
    contact, _created = CitizenContact.objects.update_or_create(
        petition=petition,
        defaults={
            "ciphertext": ciphertext,
            "key_version": sealing.KEY_VERSION,
            "has_email": bool(clean_email),
            "has_phone": bool(clean_phone),
            "consent_at": timezone.now(),
            "source": ContactSource.STAFF if actor is not None else ContactSource.ONLINE,
            "recorded_by": actor,
        },
    )
    if before is not None and changed:
        # Waiting messages were addressed to what the citizen just replaced.
        _pending_cancel(petition)
    if changed:
        contact_recorded_message(petition=petition, contact=contact)
    return contact


def contact_record_by_staff(
    *, petition: Petition, email: str, phone: str, consent: bool, actor
) -> CitizenContact | None:
    """Staff recording or correcting a contact on the petition page. A denouncer's contact is part
    of the sealed identity: only an officer cleared to read it may set it."""
    if petition.is_confidential:
        if not actor.has_perm("petitions.read_sealed_identity"):
            raise PermissionDeniedError(
                _("Only an officer cleared for sealed identities may record a denouncer's contact.")
            )
    elif not (actor.has_perm("petitions.register_petition") or actor.has_perm("petitions.process_petition")):
        raise PermissionDeniedError(_("You may not record a citizen's contact."))
    return contact_record(petition=petition, email=email, phone=phone, consent=consent, actor=actor)


@transaction.atomic
def contact_withdraw(*, petition: Petition) -> None:
    """Forget the contact and cancel what was waiting to be sent to it."""
    CitizenContact.objects.filter(petition=petition).delete()
    _pending_cancel(petition)


def _pending_cancel(petition: Petition) -> None:
    CitizenMessage.objects.filter(petition=petition, state=MessageState.PENDING).update(
        state=MessageState.CANCELLED, next_attempt_at=None
    )
