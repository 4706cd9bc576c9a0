"""Reception staff and their training, written by the unit administrator."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.access import require_perm
from core.common.errors import ApplicationError, ConflictError
from core.common.text import nfc

from ..choices import Employment
from ..models import ReceptionOfficer, Training
from ..permissions import MANAGE_STAFF
from .index import reception_stat_push


def _check_user(user) -> None:
    if user is not None and not user.is_active:
        raise ApplicationError(_("That account is not active."), extra={"field": "user"})


#
# Officers and training
#

OFFICER_FIELDS = ("full_name", "position", "employment", "appointed_on", "user", "active")


def _officer_validate(officer: ReceptionOfficer) -> None:
    if not officer.full_name:
        raise ApplicationError(_("Give the officer's full name."), extra={"field": "full_name"})
    if officer.employment not in Employment.values:
        raise ApplicationError(_("Say whether the officer is full-time or part-time."), extra={"field": "employment"})
    if officer.appointed_on and officer.appointed_on > timezone.localdate():
        raise ApplicationError(_("The appointment date cannot be in the future."), extra={"field": "appointed_on"})
    if officer.user_id:
        twin = ReceptionOfficer.objects.filter(user_id=officer.user_id).exclude(pk=officer.pk)
        if twin.exists():
            raise ConflictError(_("That account already belongs to another officer of the registry."))


@transaction.atomic
def officer_create(
    *,
    actor,
    full_name: str,
    employment: str,
    position: str = "",
    appointed_on: date | None = None,
    user=None,
) -> ReceptionOfficer:
    """Add a member of the reception staff; ``user`` links their account (for duty days)."""
    require_perm(actor, MANAGE_STAFF)
    _check_user(user)
    data = nfc({"full_name": full_name, "position": position})
    officer = ReceptionOfficer(employment=employment, appointed_on=appointed_on, user=user, **data)
    _officer_validate(officer)
    officer.full_clean()
    officer.save()
    reception_stat_push()
    return officer


@transaction.atomic
def officer_update(*, actor, officer: ReceptionOfficer, **changes) -> ReceptionOfficer:
    """Change any of ``OFFICER_FIELDS`` (``active=False`` when someone leaves reception work)."""
    require_perm(actor, MANAGE_STAFF)
    unknown = set(changes) - set(OFFICER_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown field."), extra={"field": sorted(unknown)[0]})
    if "user" in changes:
        _check_user(changes["user"])
    officer = ReceptionOfficer.objects.select_for_update().get(pk=officer.pk)
    for name, value in nfc(changes).items():
        setattr(officer, name, value)
    _officer_validate(officer)
    officer.full_clean()
    officer.save()
    reception_stat_push()
    return officer


@transaction.atomic
def training_add(
    *, actor, officer: ReceptionOfficer, course: str, completed_on: date, certificate: str = ""
) -> Training:
    """Record a completed course (mission.md point 6: every reception officer trained)."""
    require_perm(actor, MANAGE_STAFF)
    course, certificate = (nfc(course or "").strip(), nfc(certificate or "").strip())
    if not course:
        raise ApplicationError(_("Name the course."), extra={"field": "course"})
    if completed_on > timezone.localdate():
        raise ApplicationError(_("The completion date cannot be in the future."), extra={"field": "completed_on"})
    training = Training(officer=officer, course=course, completed_on=completed_on, certificate=certificate)
    training.full_clean()
    training.save()
    reception_stat_push()
    return training
