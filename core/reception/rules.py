"""Reception rules read from the versioned legal tables (core.legal)."""

from __future__ import annotations

from datetime import date

from core.legal.models import LegalParameter, ReceptionQuotaRule


def crowd_threshold(on: date) -> int:
    """From how many people a visit is a crowd delegation (default 5, Reception Law Art. 29 [U])."""
    parameter = LegalParameter.objects.in_force(on).filter(code="reception.crowd_threshold").first()
    return parameter.value if parameter else 5


def quota_rules(unit_kind: str, start: date, end: date) -> list[ReceptionQuotaRule]:
    """The quota rule versions for a unit kind that are in force at some point in [start, end]."""
    rules = ReceptionQuotaRule.objects.in_force_during(start, end).order_by("effective_from")
    return [rule for rule in rules if unit_kind in rule.unit_kinds]
