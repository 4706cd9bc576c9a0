"""Login lockouts (django-axes): who is locked out of this unit, and unlocking them.

Axes counts failed logins in the schema they were tried at (its tables live in every unit's
schema), per account and per client address; the limit and the cool-off are settings
(``AXES_FAILURE_LIMIT``, ``AXES_COOLOFF_TIME``).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.common.errors import ApplicationError

from .access import require_perm
from .models import User


@dataclass(frozen=True)
class Lockout:
    """An account name or a client address past the failure limit."""

    kind: str  # "username" or "address"
    value: str
    failures: int
    last_attempt: datetime


def _recent_attempts():
    attempts = AccessAttempt.objects.all()
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    return attempts


def lockout_list() -> list[Lockout]:
    """The account names and addresses locked out of this unit now, most recent first."""
    limit = settings.AXES_FAILURE_LIMIT
    found: list[Lockout] = []
    for kind, field in (("username", "username"), ("address", "ip_address")):
        rows = (
            _recent_attempts()
            .exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=limit)
        )
        found += [Lockout(kind, str(row[field]), row["failures"], row["last"]) for row in rows]
    return sorted(found, key=lambda lockout: lockout.last_attempt, reverse=True)


def login_unlock(*, username: str = "", address: str = "", acting_user: User | None = None) -> int:
    """Clear the failed logins counted against ``username`` or from ``address``; how many were cleared."""
    if acting_user is not None:
        require_perm(acting_user, "accounts.manage_unit_users")
    if not username and not address:
        raise ApplicationError(_("Name an account or an address to unlock."))
    if username:
        return reset(username=username)
    try:
        address = str(ipaddress.ip_address(address.strip()))
    except ValueError as exc:
        raise ApplicationError(_("“%(address)s” is not an IP address.") % {"address": address}) from exc
    return reset(ip=address)
