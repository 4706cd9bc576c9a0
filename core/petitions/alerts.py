"""Near-due and overdue alerts, and recomputation after a calendar change (one unit at a time)."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.models import User
from core.caseindex.services.cases import cases_refresh_overdue
from core.legal.engine import CalendarNotSeeded
from core.notifications.services import notification_create

from . import deadlines
from .models import Deadline, Petition
from .services.petitions import petition_refresh

NEAR_DUE_DAYS = 3
logger = logging.getLogger(__name__)


def _officers():
    perm = Permission.objects.get(codename="process_petition", content_type__app_label="petitions")
    return User.objects.filter(Q(groups__permissions=perm) | Q(user_permissions=perm), is_active=True).distinct()


def deadlines_alert(*, today: date | None = None) -> dict:
    """One summary notification per officer: how many clocks run out soon and how many have run out.

    Registry numbers only: no names, no content (notifications may be e-mailed, domain.md §8).
    """
    today = today or timezone.localdate()
    open_operative = Deadline.objects.filter(state=Deadline.State.OPEN, is_operative=True, due_date__isnull=False)
    overdue = list(open_operative.filter(due_date__lt=today).select_related("petition").order_by("due_date")[:20])
    near = list(
        open_operative.filter(due_date__gte=today, due_date__lte=today + timedelta(NEAR_DUE_DAYS))
        .select_related("petition")
        .order_by("due_date")[:20]
    )
    counts = {"overdue": open_operative.filter(due_date__lt=today).count(), "near": len(near)}
    cases_refresh_overdue(today=today)
    if not counts["overdue"] and not near:
        return counts
    lines = [f"{d.petition.registry_number}: {d.description} — {d.due_date:%d/%m/%Y}" for d in [*overdue, *near]]
    subject = _("Deadlines: %(overdue)d overdue, %(near)d due within %(days)d days") % {
        **counts,
        "days": NEAR_DUE_DAYS,
    }
    for officer in _officers():
        notification_create(recipient=officer, subject=subject, body="\n".join(lines))
    return counts


def deadlines_recompute_open() -> int:
    """After the working calendar changed: recompute every open clock of the unit. A clock that now reaches into
    a year whose calendar is gone keeps its due date (and is logged) rather than stopping the others."""
    moved = 0
    for deadline in Deadline.objects.filter(state=Deadline.State.OPEN).select_related("petition"):
        try:
            with transaction.atomic():
                if deadlines.deadline_recompute(deadline):
                    moved += 1
                    petition_refresh(Petition.objects.select_for_update().get(pk=deadline.petition_id))
        except CalendarNotSeeded as exc:
            logger.warning("Deadline %s not recomputed: no calendar for %s", deadline.pk, exc.year)
    return moved
