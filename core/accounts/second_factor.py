"""The second factor: TOTP codes from an authenticator app (django-otp), and recovery codes for a
lost phone (django-otp's static device, each code good once).

It is mandatory for the accounts that reach what the law protects most: platform admins, unit
administrators, inspectors and officers cleared for sealed identities; anyone else may enrol, and
once enrolled must use it. Devices live in the account's own schema, like the account.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user, match_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import get_public_schema_name

from core.common.errors import ApplicationError

from .models import User
from .roles import Role
from .selectors import user_roles

#: Roles whose holders must pass a second factor at every login.
SECOND_FACTOR_ROLES = frozenset({Role.UNIT_ADMIN, Role.INSPECTOR, Role.SEALED_READER})
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"


def second_factor_required(user: User) -> bool:
    """Whether ``user`` may not work without a second factor (a platform admin, or a listed role)."""
    if user.is_superuser or user.is_staff or user.home_schema == get_public_schema_name():
        return True
    return bool(SECOND_FACTOR_ROLES.intersection(user_roles(user)))


def second_factor_enrolled(user: User) -> bool:
    """Whether ``user`` has a confirmed authenticator (recovery codes alone do not count)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _normalise(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


@transaction.atomic
def totp_enrolment_start(*, user: User, restart: bool = False) -> TOTPDevice:
    """The unconfirmed authenticator ``user`` is enrolling (its key shown as a QR code and as text).

    The one already pending is kept, so reloading the page after scanning its QR code does not
    make the scanned key useless; ``restart`` (the person asks for a new key) drops it for a new
    one. Confirming it removes any other (``totp_enrolment_confirm``).
    """
    pending = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk")
    if not restart:
        device = pending.first()
        if device is not None:
            return device
    pending.delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def totp_enrolment_pending(*, user: User, device_id: int) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, pk=device_id, confirmed=False).first()
    if device is None:
        raise ApplicationError(_("This enrolment has expired. Start again."))
    return device


@transaction.atomic
def totp_enrolment_confirm(*, user: User, device_id: int, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator with a code it shows; it replaces any earlier one, and a fresh set of
    recovery codes is made. Returns the device and the recovery codes (shown once, never stored in clear)."""
    device = totp_enrolment_pending(user=user, device_id=device_id)
    if not device.verify_token(_normalise(token)):
        raise ApplicationError(
            _("The code is wrong or has expired. Enter the 6 digits the app shows now."), extra={"field": "token"}
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device, recovery_codes_regenerate(user=user)


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """A new set of recovery codes for ``user``; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(settings.TIEPDAN_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_check(*, user: User, token: str) -> Device:
    """The device that accepts ``token`` (an authenticator code or an unused recovery code).

    Each device throttles its own failures (django-otp), so guessing codes gets slower and slower:
    while a device is held back it refuses even the right code, and the person is told to wait
    rather than that a good code is wrong.
    """
    token = _normalise(token)
    held_back = any(not device.verify_is_allowed()[0] for device in devices_for_user(user))
    device = match_token(user, token) if token else None
    if device is None:
        if held_back:
            raise ApplicationError(
                _("Too many wrong codes in a row: wait a few seconds, then try again."), extra={"field": "token"}
            )
        raise ApplicationError(_("The code is wrong or has expired."), extra={"field": "token"})
    return device


@transaction.atomic
def second_factor_reset(*, user: User, acting_user: User) -> None:
    """The unit administrator removes a colleague's devices (a lost phone): at the next login the
    colleague enrols again. Nobody resets their own, which would defeat the second factor."""
    if not acting_user.has_perm("accounts.manage_unit_users"):
        raise ApplicationError(_("Only the unit administrator can manage staff accounts."))
    if acting_user.pk == user.pk:
        raise ApplicationError(_("You cannot reset your own second factor."))
    for device in devices_for_user(user, confirmed=None):
        device.delete()
