"""Leaders' reception sessions, from the published schedule to the results notice.

A session is scheduled (one date, or every given weekday of a period), published at least 5
working days ahead (Reception Law Art. 24(4); a later publication is recorded with a warning, not
refused: the session still takes place), possibly handed to a deputy (a recorded, publicly
announced substitution that never counts toward the head's quota, domain.md §5.7), postponed or
cancelled with a reason, held (attendees, minutes, the visits received in it), and closed by the
conclusion notice (NĐ 154/2026 Art. 25(2)), issued through the document engine; its instructions
are in ``instructions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.access import require_perm
from core.common.dates import today as _today
from core.common.errors import ApplicationError, ConflictError
from core.common.text import nfc
from core.documents.services import document_issue
from core.legal.engine import CalendarNotSeeded, WorkCalendar

from ..choices import VISIT_KIND, SessionKind, SessionStatus, VisitKind
from ..issuing import session_notice
from ..models import ReceptionOfficer, ReceptionSession, Visit
from ..permissions import MANAGE_SESSIONS as MANAGE
from ..selectors.profile import unit_head_id
from ..selectors.sessions import session_clocks
from .index import reception_index

#: How far ahead a weekly schedule may be created in one go.
MAX_SCHEDULE_DAYS = 366


def _mirror(session: ReceptionSession) -> None:
    """Keep the public reception facts in step (same transaction): the session and its day's visits."""
    day_visits = Visit.objects.filter(visited_at__date=session.date)
    reception_index(sessions=[session], visits=day_visits)


def _lock(session: ReceptionSession) -> ReceptionSession:
    return ReceptionSession.objects.select_for_update().get(pk=session.pk)


def _must_be_planned(session: ReceptionSession) -> None:
    if session.status != SessionStatus.PLANNED:
        raise ConflictError(
            _("This session is “%(status)s”: only a planned session can be changed.")
            % {"status": session.get_status_display()}
        )


def _check_presiding(user, *, field: str = "presiding") -> None:
    """Sessions are presided by the unit's leaders (holders of ``manage_sessions``)."""
    if user is None or not user.is_active or not user.has_perm(MANAGE):
        raise ApplicationError(_("The presiding person must be an active leader of the unit."), extra={"field": field})


def _check_substitution(*, presiding, is_substitution: bool, reason: str) -> None:
    if not is_substitution:
        if reason:
            raise ApplicationError(
                _("A reason for substitution goes with a substitution only."), extra={"field": "substitution_reason"}
            )
        return
    if not reason:
        raise ApplicationError(
            _("Say why the head cannot preside (the reason is announced with the schedule)."),
            extra={"field": "substitution_reason"},
        )
    if presiding.pk == unit_head_id():
        raise ApplicationError(_("The head presiding in person is not a substitution."), extra={"field": "presiding"})


def _check_times(start_time: time, end_time: time | None) -> None:
    if end_time is not None and end_time <= start_time:
        raise ApplicationError(_("The session must end after it starts."), extra={"field": "end_time"})


#
# Scheduling
#


@transaction.atomic
def session_schedule(
    *,
    actor,
    kind: str,
    date: date,
    start_time: time,
    place: str,
    presiding,
    end_time: time | None = None,
    is_substitution: bool = False,
    substitution_reason: str = "",
    is_public: bool = True,
) -> ReceptionSession:
    """Put one periodic, ad-hoc or online session on the schedule (not yet published)."""
    require_perm(actor, MANAGE)
    place, substitution_reason = nfc([place, substitution_reason])
    if kind not in SessionKind.values:
        raise ApplicationError(_("Unknown kind of session."), extra={"field": "kind"})
    if date < _today():
        raise ApplicationError(_("A session cannot be scheduled in the past."), extra={"field": "date"})
    if not place:
        raise ApplicationError(
            _("Say where citizens will be received (or the online points)."), extra={"field": "place"}
        )
    _check_times(start_time, end_time)
    _check_presiding(presiding)
    _check_substitution(presiding=presiding, is_substitution=is_substitution, reason=substitution_reason)
    clash = ReceptionSession.objects.filter(
        date=date, start_time=start_time, presiding=presiding, status=SessionStatus.PLANNED
    )
    if clash.exists():
        raise ConflictError(
            _("%(name)s already has a session on %(date)s at %(time)s.")
            % {"name": presiding.display_name, "date": f"{date:%d/%m/%Y}", "time": f"{start_time:%H:%M}"}
        )
    session = ReceptionSession(
        kind=kind,
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place,
        presiding=presiding,
        is_substitution=is_substitution,
        substitution_reason=substitution_reason,
        is_public=is_public,
    )
    session.full_clean()
    try:
        # The clocks running up to the session (publication, an online session's notice and link test) must be
        # computable now: a session in a year whose calendar is not seeded is refused here, not on every page.
        session_clocks(session)
    except CalendarNotSeeded as exc:
        exc.extra["field"] = "date"
        raise
    session.save()
    _mirror(session)
    return session


@dataclass(frozen=True)
class WeeklySchedule:
    created: list[ReceptionSession]
    skipped_days_off: list[date]
    skipped_existing: list[date]


@transaction.atomic
def sessions_schedule_weekly(
    *,
    actor,
    weekday: int,
    start: date,
    end: date,
    start_time: time,
    place: str,
    presiding,
    end_time: time | None = None,
    kind: str = SessionKind.PERIODIC,
) -> WeeklySchedule:
    """The regular schedule ("every Thursday morning"): one session on ``weekday`` (0 = Monday) of
    every week in [start, end]. Public holidays and days off are skipped, and so are days on which
    the leader already has a session at that time, so running it twice creates nothing twice."""
    require_perm(actor, MANAGE)
    if weekday not in range(7):
        raise ApplicationError(_("Choose a day of the week."), extra={"field": "weekday"})
    start = max(start, _today())
    if end < start:
        raise ApplicationError(_("The period must end after it starts."), extra={"field": "end"})
    if (end - start).days > MAX_SCHEDULE_DAYS:
        raise ApplicationError(_("Schedule at most one year at a time."), extra={"field": "end"})
    calendar = WorkCalendar.from_db(start, end)
    existing = set(
        ReceptionSession.objects.filter(presiding=presiding, start_time=start_time, date__range=(start, end))
        .exclude(status=SessionStatus.CANCELLED)
        .values_list("date", flat=True)
    )
    created, days_off, taken = [], [], []
    day = start + timedelta(days=(weekday - start.weekday()) % 7)
    while day <= end:
        if not calendar.is_working_day(day):
            days_off.append(day)
        elif day in existing:
            taken.append(day)
        else:
            created.append(
                session_schedule(
                    actor=actor,
                    kind=kind,
                    date=day,
                    start_time=start_time,
                    end_time=end_time,
                    place=place,
                    presiding=presiding,
                )
            )
        day += timedelta(days=7)
    if not created and not taken:
        raise ApplicationError(_("No working day of that kind falls in the period."), extra={"field": "weekday"})
    return WeeklySchedule(created=created, skipped_days_off=days_off, skipped_existing=taken)


@transaction.atomic
def session_publish(*, actor, session: ReceptionSession, published_on: date | None = None) -> ReceptionSession:
    """Record that the schedule was posted (at the office and venue, and on the website). A late
    publication is recorded all the same; ``publication_check(session).warning`` says so."""
    require_perm(actor, MANAGE)
    session = _lock(session)
    _must_be_planned(session)
    published_on = published_on or _today()
    if published_on > _today():
        raise ApplicationError(_("The publication date cannot be in the future."), extra={"field": "published_on"})
    if published_on > session.date:
        raise ApplicationError(_("A schedule cannot be published after the session."), extra={"field": "published_on"})
    session.published_on = published_on
    session.is_public = True
    session.save(update_fields=["published_on", "is_public"])
    _mirror(session)
    return session


@transaction.atomic
def session_substitute(*, actor, session: ReceptionSession, deputy, reason: str) -> ReceptionSession:
    """A deputy presides because the head cannot: recorded, announced on the public schedule, and
    never counted as the head's own session (there is no legal basis for delegation, domain.md §5.7)."""
    require_perm(actor, MANAGE)
    reason = nfc(reason or "")
    session = _lock(session)
    _must_be_planned(session)
    _check_presiding(deputy, field="deputy")
    if deputy.pk == session.presiding_id and session.is_substitution:
        raise ConflictError(_("This deputy already stands in for the head at this session."))
    if deputy.pk == unit_head_id():
        raise ApplicationError(_("The head presiding in person is not a substitution."), extra={"field": "deputy"})
    if not reason:
        raise ApplicationError(
            _("Say why the head cannot preside (the reason is announced with the schedule)."), extra={"field": "reason"}
        )
    session.presiding = deputy
    session.is_substitution = True
    session.substitution_reason = reason
    session.save(update_fields=["presiding", "is_substitution", "substitution_reason"])
    _mirror(session)
    return session


@transaction.atomic
def session_postpone(
    *,
    actor,
    session: ReceptionSession,
    reason: str,
    new_date: date | None = None,
    new_start_time: time | None = None,
) -> ReceptionSession:
    """Postpone for a good reason, with a posted notice (Reception Law Art. 24(4)). With a new
    date, the replacement session is scheduled (and must be published in its turn); returns it,
    else the postponed session."""
    require_perm(actor, MANAGE)
    reason = nfc(reason or "")
    session = _lock(session)
    _must_be_planned(session)
    if not reason:
        raise ApplicationError(_("Give the reason for the postponement."), extra={"field": "reason"})
    if new_date is not None and new_date <= session.date:
        raise ApplicationError(_("The new date must be after the original one."), extra={"field": "new_date"})
    session.status = SessionStatus.POSTPONED
    session.postponement_reason = reason
    session.save(update_fields=["status", "postponement_reason"])
    _mirror(session)
    if new_date is None:
        return session
    replacement = session_schedule(
        actor=actor,
        kind=session.kind,
        date=new_date,
        start_time=new_start_time or session.start_time,
        end_time=session.end_time if new_start_time is None else None,
        place=session.place,
        presiding=session.presiding,
        is_substitution=session.is_substitution,
        substitution_reason=session.substitution_reason,
        is_public=session.is_public,
    )
    session.rescheduled_to = replacement
    session.save(update_fields=["rescheduled_to"])
    _mirror(session)
    return replacement


@transaction.atomic
def session_cancel(*, actor, session: ReceptionSession, reason: str) -> ReceptionSession:
    require_perm(actor, MANAGE)
    reason = nfc(reason or "")
    session = _lock(session)
    _must_be_planned(session)
    if not reason:
        raise ApplicationError(_("Give the reason for the cancellation."), extra={"field": "reason"})
    session.status = SessionStatus.CANCELLED
    session.postponement_reason = reason
    session.save(update_fields=["status", "postponement_reason"])
    _mirror(session)
    return session


#
# Holding the session
#


@transaction.atomic
def session_hold(
    *,
    actor,
    session: ReceptionSession,
    attendees: str = "",
    minutes: str = "",
    officer_ids: list[int] | None = None,
    visit_ids: list[int] | None = None,
    end_time: time | None = None,
) -> ReceptionSession:
    """Record the session as held: who attended, the minutes, and the visits received in it (log
    entries of the session's day, linked to it). Called again on a held session, it completes the
    record until the results notice is issued. ``officer_ids`` and ``visit_ids``, when given, are
    the complete lists (None leaves them as they are)."""
    require_perm(actor, MANAGE)
    attendees, minutes = nfc([attendees, minutes])
    session = _lock(session)
    if session.status not in (SessionStatus.PLANNED, SessionStatus.HELD):
        raise ConflictError(_("A “%(status)s” session cannot be held.") % {"status": session.get_status_display()})
    if session.notice_number:
        raise ConflictError(_("The results notice has been issued: the session record is closed."))
    if session.date > _today():
        raise ApplicationError(_("A session cannot be recorded as held before its date."), extra={"field": "date"})
    _check_times(session.start_time, end_time)
    visits = Visit.objects.none()
    if visit_ids is not None:
        visits = Visit.objects.filter(pk__in=visit_ids)
        if len(set(visit_ids)) != visits.count():
            raise ApplicationError(_("Unknown visit."), extra={"field": "visit_ids"})
    for visit in visits:
        if timezone.localtime(visit.visited_at).date() != session.date:
            raise ApplicationError(
                _("Visit %(number)s was not received on the session's day.") % {"number": visit.number},
                extra={"field": "visit_ids"},
            )
        if visit.session_id not in (None, session.pk):
            raise ConflictError(_("Visit %(number)s belongs to another session.") % {"number": visit.number})
    officers = list(ReceptionOfficer.objects.filter(pk__in=officer_ids or []))
    if len(officers) != len(set(officer_ids or [])):
        raise ApplicationError(_("Unknown reception officer."), extra={"field": "officer_ids"})
    if visit_ids is not None:
        # The list is the session's visits: those left out go back to the ordinary log.
        session.visits.exclude(pk__in=visit_ids).update(session=None, kind=VisitKind.REGULAR)
        visits.update(session=session, kind=VISIT_KIND[session.kind])
    session.status = SessionStatus.HELD
    session.attendees = attendees
    session.minutes = minutes
    if end_time is not None:
        session.end_time = end_time
    session.save(update_fields=["status", "attendees", "minutes", "end_time"])
    _mirror(session)
    if officer_ids is not None:
        session.officers.set(officers)
    return session


#
# The results notice
#


@transaction.atomic
def session_notice_issue(*, actor, session: ReceptionSession, notice_date: date) -> ReceptionSession:
    """Close the session with its conclusion notice ("Thông báo kết luận việc tiếp công dân",
    NĐ 154/2026 Art. 25(2); before 1/7/2026 the results notice of TT 04/2021 Art. 9(2)): every
    matter raised and the leader's instruction on it. The notice is numbered in the unit's register
    and stored in this transaction (its PDF follows in the worker); its form is the one in force on
    the session's date."""
    require_perm(actor, MANAGE)
    session = _lock(session)
    if session.status != SessionStatus.HELD:
        raise ConflictError(_("Only a held session has a results notice."))
    if session.notice_number:
        raise ConflictError(_("The results notice of this session has already been issued."))
    if notice_date < session.date or notice_date > _today():
        raise ApplicationError(
            _("The notice date must be between the session and today."), extra={"field": "notice_date"}
        )
    if not session.instructions.exists():
        raise ApplicationError(
            _("Record the leader's instruction on at least one matter first."), extra={"field": "instructions"}
        )
    issue = session_notice(session)
    document = document_issue(
        kind="reception.session_notice",
        on_date=notice_date,
        form_on=session.date,
        actor=actor,
        context=issue.context,
        subject=session,
        recipients=issue.recipients,
    )
    session.notice_number = document.number_display
    session.notice_date = notice_date
    session.save(update_fields=["notice_number", "notice_date"])
    _mirror(session)
    return session
