"""Reception rules read from the versioned legal tables (core.legal)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from core.legal.models import LegalParameter, ReceptionQuotaRule


def _in_force(on: date) -> Q:
    return Q(effective_from__lte=on) & (Q(effective_to__isnull=True) | Q(effective_to__gte=on))


def crowd_threshold(on: date) -> int:
    """From how many people a visit is a crowd delegation (default 5, Reception Law Art. 29 [U])."""
    parameter = LegalParameter.objects.filter(_in_force(on), code="reception.crowd_threshold").first()
    return parameter.value if parameter else 5


def quota_rules(unit_kind: str, start: date, end: date) -> list[ReceptionQuotaRule]:
    """The quota rule versions for a unit kind that are in force at some point in [start, end]."""
    rules = ReceptionQuotaRule.objects.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=start), effective_from__lte=end
    ).order_by("effective_from")
    return [rule for rule in rules if unit_kind in rule.unit_kinds]
