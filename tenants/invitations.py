"""Invitations of a unit's administrator: issue (or re-issue), send, claim and mark accepted.

A new unit has no account, and accounts live in the unit's own schema, so the platform admin
cannot simply create one: the person named at onboarding gets a one-time link, valid 72 hours,
on which they choose a username and password (``core.accounts.services.unit_admin_invitation_accept``
creates the account). Only the token's SHA-256 is stored; the link itself is in the e-mail and in
what this module returns to the caller, once. SMS is not sent yet: for a phone-only invitation the
platform admin passes on the link shown after issuing.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Unit, UnitInvitation, UnitStatus
from .selectors import invitation_for_token, invitation_refusal, unit_invitation_latest

logger = logging.getLogger(__name__)

INVITATION_VALIDITY = timedelta(hours=72)
# The acceptance page's path inside a unit's workspace (web/accounts/urls.py serves it).
ACCEPT_PATH = "loi-moi/{token}/"
PHONE_RE = re.compile(r"^\+?\d{8,15}$")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


class InvitationError(Exception):
    """A refused invitation request, with a message for the user (and the field concerned)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class AdminSpec:
    """Who is to administer a unit: an e-mail address, a phone number or both."""

    unit_code: str
    email: str = ""
    phone: str = ""
    full_name: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"unit_code": self.unit_code, "email": self.email, "phone": self.phone, "full_name": self.full_name}


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: UnitInvitation
    link: str


def invitation_link(*, unit: Unit, token: str) -> str:
    return settings.TIEPDAN_SITE_URL.rstrip("/") + unit.path_prefix + ACCEPT_PATH.format(token=token)


def admin_spec_clean(*, unit_code: str, email: str = "", phone: str = "", full_name: str = "") -> AdminSpec:
    """Normalise and check one administrator's contact details."""
    email = (email or "").strip().lower()
    phone = re.sub(r"[\s.()-]", "", phone or "")
    # Control characters (a NUL, a form feed pasted from a PDF) become spaces: PostgreSQL refuses NUL.
    full_name = " ".join(CONTROL_RE.sub(" ", full_name or "").split())
    if not email and not phone:
        raise InvitationError(
            _("Give the administrator's e-mail address or phone number (unit %(code)s).") % {"code": unit_code},
            field="email",
        )
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise InvitationError(
                _("“%(email)s” is not a valid e-mail address (unit %(code)s).") % {"email": email, "code": unit_code},
                field="email",
            ) from exc
    if phone and not PHONE_RE.match(phone):
        raise InvitationError(
            _("“%(phone)s” is not a valid phone number (unit %(code)s).") % {"phone": phone, "code": unit_code},
            field="phone",
        )
    if len(full_name) > 150:
        raise InvitationError(_("The full name is too long (at most 150 characters)."), field="full_name")
    return AdminSpec(unit_code=unit_code.strip().upper(), email=email, phone=phone, full_name=full_name)


def admin_specs_from_csv(content: bytes | str) -> list[AdminSpec]:
    """Read ``unit code, e-mail, phone, full name`` rows (a header row is optional).

    Accepts what spreadsheets export: UTF-8 with or without BOM, comma, semicolon or tab.
    """
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvitationError(_("The CSV file must be encoded in UTF-8."), field="admins_csv") from exc
    content = content.lstrip("\ufeff")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    if "\x00" in content:
        raise InvitationError(_("The CSV file must be encoded in UTF-8."), field="admins_csv")
    specs: list[AdminSpec] = []
    seen: set[str] = set()
    for line, row in enumerate(csv.reader(io.StringIO(content), dialect), start=1):
        cells = [cell.strip() for cell in row] + [""] * 4
        if not any(cells):
            continue
        # Every unit code has digits (06040, 20-TTR); a first row without any is a header.
        if line == 1 and not any(ch.isdigit() for ch in cells[0]):
            continue
        try:
            spec = admin_spec_clean(unit_code=cells[0], email=cells[1], phone=cells[2], full_name=cells[3])
        except InvitationError as exc:
            raise InvitationError(
                _("Line %(line)d: %(error)s") % {"line": line, "error": exc.message}, field="admins_csv"
            ) from exc
        if spec.unit_code in seen:
            raise InvitationError(
                _("Line %(line)d: unit %(code)s appears twice.") % {"line": line, "code": spec.unit_code},
                field="admins_csv",
            )
        seen.add(spec.unit_code)
        specs.append(spec)
    if not specs:
        raise InvitationError(_("The CSV file has no row."), field="admins_csv")
    return specs


@transaction.atomic
def invitation_issue(
    *, unit: Unit, issued_by: str, email: str = "", phone: str = "", full_name: str = ""
) -> IssuedInvitation:
    """Invite ``unit``'s administrator; an open invitation of the unit is replaced (its link dies).

    The e-mail goes out once the transaction commits. Returns the link: show it once to the
    platform admin (for a phone-only invitation it is the only way to pass it on) and keep it nowhere.
    """
    spec = admin_spec_clean(unit_code=unit.code, email=email, phone=phone, full_name=full_name)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not unit.is_routable:
        raise InvitationError(
            _("Unit %(code)s is not active: it cannot be given an administrator.") % {"code": unit.code}
        )
    now = timezone.now()
    UnitInvitation.objects.filter(unit=unit, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=issued_by
    )
    token = secrets.token_urlsafe(32)
    invitation = UnitInvitation.objects.create(
        unit=unit,
        email=spec.email,
        phone=spec.phone,
        full_name=spec.full_name,
        token_hash=UnitInvitation.hash_token(token),
        issued_by=issued_by,
        issued_at=now,
        expires_at=now + INVITATION_VALIDITY,
    )
    link = invitation_link(unit=unit, token=token)
    logger.info("Administrator invitation #%s issued for unit %s by %s", invitation.pk, unit.code, issued_by)
    if invitation.email:
        transaction.on_commit(lambda: invitation_send(invitation=invitation, link=link), robust=True)
    return IssuedInvitation(invitation=invitation, link=link)


@transaction.atomic
def invitation_reissue(
    *, unit: Unit, issued_by: str, email: str | None = None, phone: str | None = None, full_name: str | None = None
) -> IssuedInvitation:
    """A new link for the person given or, when no address or phone is given, for the latest one invited."""
    if email or phone:
        return invitation_issue(
            unit=unit, issued_by=issued_by, email=email or "", phone=phone or "", full_name=full_name or ""
        )
    latest = unit_invitation_latest(unit)
    if latest is None:
        raise InvitationError(
            _("Unit %(code)s has never been given an administrator: give an e-mail address or phone number.")
            % {"code": unit.code},
            field="email",
        )
    return invitation_issue(
        unit=unit, issued_by=issued_by, email=latest.email, phone=latest.phone, full_name=full_name or latest.full_name
    )


def invitation_send(*, invitation: UnitInvitation, link: str) -> None:
    """E-mail the link (in Vietnamese, whatever language the platform admin's page was in)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "unit": invitation.unit,
            "full_name": invitation.full_name,
            "link": link,
            "expires_at": timezone.localtime(invitation.expires_at),
        }
        subject = _("Invitation to administer %(unit)s on TiepDan") % {"unit": invitation.unit.name}
        body = render_to_string("tenants/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])
    UnitInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


def invitation_claim(*, unit: Unit, token: str) -> UnitInvitation:
    """The open invitation of ``unit`` for ``token``, locked until the transaction ends.

    Refuses (``InvitationError``) a token of another unit, a used, replaced or expired one.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("invitation_claim must run inside the transaction that creates the account")
    invitation = invitation_for_token(unit=unit, token=token, lock=True)
    refusal = invitation_refusal(invitation)
    if invitation is None or refusal is not None:
        raise InvitationError(refusal or "")
    return invitation


def invitation_mark_accepted(*, invitation: UnitInvitation, username: str) -> UnitInvitation:
    invitation.accepted_at = timezone.now()
    invitation.accepted_username = username
    invitation.save(update_fields=["accepted_at", "accepted_username"])
    logger.info("Administrator invitation #%s accepted in unit %s", invitation.pk, invitation.unit.code)
    return invitation


def invitation_issue_for_onboarding(*, unit: Unit, admin: dict, issued_by: str) -> IssuedInvitation | None:
    """The onboarding job's invitation, once ``unit`` is ready; nothing when one is open or accepted.

    So a job that is re-run, or a unit onboarded again, does not kill a link already sent.
    """
    if unit.status != UnitStatus.ACTIVE:
        return None
    current = unit_invitation_latest(unit)
    if current is not None and current.state in (UnitInvitation.State.PENDING, UnitInvitation.State.ACCEPTED):
        return None
    return invitation_issue(
        unit=unit,
        issued_by=issued_by,
        email=admin.get("email", ""),
        phone=admin.get("phone", ""),
        full_name=admin.get("full_name", ""),
    )
