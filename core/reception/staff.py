"""Reception staff, their training, the reception rooms and the unit's reception profile.

Written by the unit administrator (``reception.manage_reception_staff``). The reads the home page
and the allowance report need (the trained share, duty days) are here too, next to the data they
count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.access import require_perm
from core.caseindex.reception import reception_rebuild, reception_stat_refresh
from core.common.errors import ApplicationError, ConflictError
from core.petitions.text import nfc

from .choices import Employment, SessionStatus
from .models import ReceptionOfficer, ReceptionRoom, ReceptionSession, Training, UnitProfile, Visit

MANAGE_STAFF = "reception.manage_reception_staff"


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
    reception_stat_refresh()
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
    reception_stat_refresh()
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
    reception_stat_refresh()
    return training


@dataclass(frozen=True)
class TrainedShare:
    trained: int
    total: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.trained / self.total) if self.total else None


def trained_share() -> TrainedShare:
    """Active reception officers with at least one training, out of all active officers."""
    active = ReceptionOfficer.objects.filter(active=True)
    return TrainedShare(trained=active.filter(trainings__isnull=False).distinct().count(), total=active.count())


@dataclass
class DutyDays:
    officer: ReceptionOfficer
    days: list[date] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.days)


def duty_days(*, start: date, end: date) -> list[DutyDays]:
    """Per officer of the registry, the distinct days in [start, end] on which they were on
    reception duty (for the allowance, NĐ 154/2026 Art. 38): days they received a visit (the
    visit's receiving officer is their account) or presided or attended a held session."""
    officers = list(ReceptionOfficer.objects.select_related("user").order_by("full_name"))
    by_user: dict[int, set[date]] = defaultdict(set)
    visits = Visit.objects.filter(visited_at__date__range=(start, end)).values_list(
        "received_by_id", "visited_at__date"
    )
    for user_id, day in visits:
        by_user[user_id].add(day)
    held = ReceptionSession.objects.filter(status=SessionStatus.HELD, date__range=(start, end))
    for user_id, day in held.values_list("presiding_id", "date"):
        by_user[user_id].add(day)
    by_officer: dict[int, set[date]] = defaultdict(set)
    for officer_id, day in held.filter(officers__isnull=False).values_list("officers", "date"):
        by_officer[officer_id].add(day)
    rows = []
    for officer in officers:
        days = set(by_officer.get(officer.pk, set()))
        if officer.user_id:
            days |= by_user.get(officer.user_id, set())
        rows.append(DutyDays(officer=officer, days=sorted(days)))
    return rows


#
# Rooms
#

ROOM_FIELDS = ("name", "address", "capacity", "equipment", "accessible", "online_ready")


def _room_validate(room: ReceptionRoom) -> None:
    if not room.name:
        raise ApplicationError(_("Give the room a name."), extra={"field": "name"})
    if not room.address:
        raise ApplicationError(_("Give the room's address."), extra={"field": "address"})


@transaction.atomic
def room_create(
    *,
    actor,
    name: str,
    address: str,
    capacity: int = 0,
    equipment: str = "",
    accessible: bool = False,
    online_ready: bool = False,
) -> ReceptionRoom:
    require_perm(actor, MANAGE_STAFF)
    data = nfc({"name": name, "address": address, "equipment": equipment})
    room = ReceptionRoom(capacity=capacity, accessible=accessible, online_ready=online_ready, **data)
    _room_validate(room)
    room.full_clean()
    room.save()
    return room


@transaction.atomic
def room_update(*, actor, room: ReceptionRoom, **changes) -> ReceptionRoom:
    require_perm(actor, MANAGE_STAFF)
    unknown = set(changes) - set(ROOM_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown field."), extra={"field": sorted(unknown)[0]})
    room = ReceptionRoom.objects.select_for_update().get(pk=room.pk)
    for name, value in nfc(changes).items():
        setattr(room, name, value)
    _room_validate(room)
    room.full_clean()
    room.save()
    return room


@transaction.atomic
def room_delete(*, actor, room: ReceptionRoom) -> None:
    require_perm(actor, MANAGE_STAFF)
    room.delete()


#
# The unit's reception profile
#

PROFILE_FIELDS = ("head", "head_title", "reception_rules", "reception_address", "reception_hours")


def unit_profile_get() -> UnitProfile:
    """The unit's one profile row (created empty on first use)."""
    profile = UnitProfile.objects.order_by("pk").first()
    return profile or UnitProfile.objects.create()


@transaction.atomic
def unit_profile_update(*, actor, **changes) -> UnitProfile:
    """Who heads the unit (whose own sessions count toward the quota), the reception rules
    (nội quy, shown on the public page), the reception address and hours."""
    require_perm(actor, MANAGE_STAFF)
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ApplicationError(_("Unknown field."), extra={"field": sorted(unknown)[0]})
    head = changes.get("head")
    if head is not None and not head.is_active:
        raise ApplicationError(_("The head's account is not active."), extra={"field": "head"})
    profile = UnitProfile.objects.select_for_update().get(pk=unit_profile_get().pk)
    previous_head = profile.head_id
    for name, value in nfc(changes).items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    if profile.head_id != previous_head:
        # Whose sessions count as the head's changed: re-mirror the unit's sessions.
        reception_rebuild()
    return profile
