"""What the unit's home page shows of reception."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from ..models import Instruction, Matter, ReceptionSession, Visit
from .compliance import QuotaWindow, quota_last_window
from .instructions import instructions_overdue
from .matters import hot_spots_open, matters_repeated
from .sessions import sessions_upcoming
from .staff import TrainedShare, trained_share


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
