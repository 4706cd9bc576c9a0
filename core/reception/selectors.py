"""Reads of the reception log, sessions, follow-up tasks, dialogues and matters. Nothing here
returns a sealed denouncer's identity: visits about a denunciation store no citizen at all."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.petitions.choices import PetitionType

from .choices import SessionStatus
from .compliance import QuotaWindow, reception_compliance
from .models import Dialogue, Instruction, Matter, ReceptionSession, UnitProfile, Visit, VisitCitizen
from .services import hot_spots_open, matters_repeated
from .staff import TrainedShare, trained_share


def visit_list(
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    outcome: str = "",
    petition_type: str = "",
    field_code: str = "",
    kind: str = "",
    is_crowd: bool | None = None,
    is_repeat: bool | None = None,
    session_id: int | None = None,
    matter_id: int | None = None,
    query: str = "",
) -> QuerySet[Visit]:
    visits = Visit.objects.select_related("received_by", "matter", "petition", "session")
    if date_from:
        visits = visits.filter(visited_at__date__gte=date_from)
    if date_to:
        visits = visits.filter(visited_at__date__lte=date_to)
    if outcome:
        visits = visits.filter(outcome=outcome)
    if petition_type:
        visits = visits.filter(petition_type=petition_type)
    if field_code:
        visits = visits.filter(field_code=field_code)
    if kind:
        visits = visits.filter(kind=kind)
    if is_crowd is not None:
        visits = visits.filter(is_crowd=is_crowd)
    if is_repeat is not None:
        visits = visits.filter(is_repeat=is_repeat)
    if session_id:
        visits = visits.filter(session_id=session_id)
    if matter_id:
        visits = visits.filter(matter_id=matter_id)
    if query:
        named = VisitCitizen.objects.filter(citizen__full_name__icontains=query).values("visit_id")
        visits = visits.filter(Q(content__icontains=query) | Q(number__icontains=query) | Q(pk__in=named))
    links = Prefetch("visitcitizen_set", queryset=VisitCitizen.objects.select_related("citizen").order_by("pk"))
    return visits.prefetch_related(links).order_by("-visited_at", "-id")


def visit_get(pk: int) -> Visit:
    return visit_list().get(pk=pk)


def visitor_label(visit: Visit) -> str:
    """Who came, as lists show it: a denouncer is never named."""
    if visit.petition_type == PetitionType.DENUNCIATION:
        return _("Denouncer (sealed)")
    links = list(visit.visitcitizen_set.all())
    names = [link.citizen.full_name for link in links]
    if visit.is_crowd:
        representatives = [link.citizen.full_name for link in links if link.is_representative]
        return _("Group of %(n)d, represented by %(names)s") % {
            "n": visit.headcount,
            "names": ", ".join(representatives) or "—",
        }
    label = ", ".join(names) or "—"
    if visit.headcount > max(len(names), 1):
        label = _("%(names)s (%(n)d people)") % {"names": label, "n": visit.headcount}
    return label


def session_list(
    *,
    status: str = "",
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    presiding_id: int | None = None,
    is_substitution: bool | None = None,
) -> QuerySet[ReceptionSession]:
    sessions = ReceptionSession.objects.select_related("presiding")
    if status:
        sessions = sessions.filter(status=status)
    if kind:
        sessions = sessions.filter(kind=kind)
    if date_from:
        sessions = sessions.filter(date__gte=date_from)
    if date_to:
        sessions = sessions.filter(date__lte=date_to)
    if presiding_id:
        sessions = sessions.filter(presiding_id=presiding_id)
    if is_substitution is not None:
        sessions = sessions.filter(is_substitution=is_substitution)
    return sessions.order_by("-date", "-start_time", "-id")


def sessions_upcoming(*, today: date | None = None) -> QuerySet[ReceptionSession]:
    today = today or timezone.localdate()
    return (
        ReceptionSession.objects.select_related("presiding")
        .filter(date__gte=today, status=SessionStatus.PLANNED)
        .order_by("date", "start_time")
    )


def instruction_list(
    *,
    state: str = "",
    assignee_id: int | None = None,
    session_id: int | None = None,
    today: date | None = None,
) -> QuerySet[Instruction]:
    """``state``: "open", "overdue" (open and past its due date), "done", or "" for all."""
    today = today or timezone.localdate()
    instructions = Instruction.objects.select_related("session", "session__presiding", "visit", "assignee")
    if state == "open":
        instructions = instructions.filter(done_on__isnull=True)
    elif state == "overdue":
        instructions = instructions.filter(done_on__isnull=True, due_date__lt=today)
    elif state == "done":
        instructions = instructions.filter(done_on__isnull=False)
    if assignee_id:
        instructions = instructions.filter(assignee_id=assignee_id)
    if session_id:
        instructions = instructions.filter(session_id=session_id)
    return (
        instructions.order_by("done_on", "due_date", "id")
        if state != "done"
        else instructions.order_by("-done_on", "-id")
    )


def instructions_overdue(*, today: date | None = None) -> QuerySet[Instruction]:
    return instruction_list(state="overdue", today=today)


def dialogue_list(*, held: bool | None = None, petition_id: int | None = None) -> QuerySet[Dialogue]:
    dialogues = Dialogue.objects.select_related("petition")
    if held is not None:
        dialogues = dialogues.filter(held=held)
    if petition_id:
        dialogues = dialogues.filter(petition_id=petition_id)
    return dialogues.order_by("-scheduled_at", "-id")


def matter_list(*, hot_spot: bool | None = None, repeated: bool | None = None, query: str = "") -> QuerySet[Matter]:
    matters = Matter.objects.all()
    if hot_spot is not None:
        matters = matters.filter(is_hot_spot=hot_spot)
    if repeated:
        matters = matters.filter(pk__in=matters_repeated().values("pk"))
    if query:
        matters = matters.filter(title__icontains=query)
    return matters.order_by("-last_visit_on", "-id")


@dataclass(frozen=True)
class HomeSummary:
    """What the unit's home page shows of reception (issue 5, points 4 and 6)."""

    hot_spots: list[Matter]
    repeated: list[Matter]
    trained: TrainedShare
    overdue: list[Instruction]
    visits_today: int
    upcoming: list[ReceptionSession]
    quota_short: QuotaWindow | None = None  # the last whole week or month, when the head fell short


def quota_last_window(*, unit_kind: str, today: date | None = None) -> QuotaWindow | None:
    """The last ended compliance window of the head's reception quota (None when none applies)."""
    today = today or timezone.localdate()
    windows = reception_compliance(unit_kind=unit_kind, start=today - timedelta(days=70), end=today - timedelta(1))
    return windows[-1] if windows else None


def home_summary(*, today: date | None = None, limit: int = 10, unit_kind: str = "") -> HomeSummary:
    today = today or timezone.localdate()
    last = quota_last_window(unit_kind=unit_kind, today=today) if unit_kind else None
    return HomeSummary(
        quota_short=last if last is not None and not last.compliant else None,
        hot_spots=list(hot_spots_open()[:limit]),
        repeated=list(matters_repeated().order_by("-visit_count", "-last_visit_on")[:limit]),
        trained=trained_share(),
        overdue=list(instructions_overdue(today=today)[:limit]),
        visits_today=Visit.objects.filter(visited_at__date=today).count(),
        upcoming=list(sessions_upcoming(today=today)[:5]),
    )


@dataclass(frozen=True)
class ComplianceSummary:
    """The head's reception against the quota for a period, and the follow-up figures the
    inspectorate asks for (domain.md §5.7): substituted days shown apart, never counted."""

    start: date
    end: date
    unit_kind: str
    windows: list[QuotaWindow]
    windows_short: int  # ended windows below the minimum
    sessions_held: int
    head_days: int
    substituted_days: int
    published_late: int
    notices_issued: int
    instructions_overdue: int


def window_state(window: QuotaWindow, today: date) -> str:
    """ "upcoming", "running" (not over yet), "ok" or "short"."""
    if window.start > today:
        return "upcoming"
    if window.compliant:
        return "ok"
    return "running" if window.end >= today else "short"


def compliance_summary(*, unit_kind: str, start: date, end: date, today: date | None = None) -> ComplianceSummary:
    from .sessions import publication_checks

    today = today or timezone.localdate()
    windows = reception_compliance(unit_kind=unit_kind, start=start, end=end)
    head = UnitProfile.objects.values_list("head_id", flat=True).first()
    held = list(ReceptionSession.objects.filter(status=SessionStatus.HELD, date__range=(start, end)))
    return ComplianceSummary(
        start=start,
        end=end,
        unit_kind=unit_kind,
        windows=windows,
        windows_short=sum(1 for w in windows if window_state(w, today) == "short"),
        sessions_held=len(held),
        head_days=len({s.date for s in held if head and s.presiding_id == head and not s.is_substitution}),
        substituted_days=len({s.date for s in held if s.is_substitution}),
        published_late=sum(1 for p in publication_checks(held).values() if p.late),
        notices_issued=sum(1 for s in held if s.notice_number),
        instructions_overdue=instructions_overdue(today=today).filter(session__date__range=(start, end)).count(),
    )


def period_default(kind: str, today: date | None = None) -> tuple[date, date]:
    """The default reporting period: the current "month" (duty days) or "year" (compliance)."""
    today = today or timezone.localdate()
    if kind == "month":
        return today.replace(day=1), today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return date(today.year, 1, 1), date(today.year, 12, 31)
