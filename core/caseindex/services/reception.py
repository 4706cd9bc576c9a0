"""Mirroring a unit's reception work into the public schema, in the same transaction.

Only counts and kinds leave the unit: which day, what kind of reception, how many people, crowd
or not, first visit or repeat, who presided (the head in person or a deputy standing in). Names,
identity numbers and content stay in the unit's schema; the reception app pushes the facts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from tenants.db import connection

from ..facts import Difference, ReceptionStatFacts, SessionFacts, VisitFacts
from ..models import ReceptionFact, UnitReceptionStat
from ..selectors import unit_codes


def _rows(visits: Iterable[VisitFacts], sessions: Iterable[SessionFacts]) -> dict[tuple[str, int], dict]:
    """{(kind, source id): the row's values} for the given facts."""
    rows: dict[tuple[str, int], dict] = {}
    pairs: list[tuple[str, VisitFacts | SessionFacts]] = [
        *((ReceptionFact.Kind.VISIT, visit) for visit in visits),
        *((ReceptionFact.Kind.SESSION, session) for session in sessions),
    ]
    for kind, facts in pairs:
        values = dataclasses.asdict(facts)
        rows[(kind, values.pop("source_id"))] = values
    return rows


def reception_facts_write(*, visits: Iterable[VisitFacts] = (), sessions: Iterable[SessionFacts] = ()) -> None:
    unit_code, province_code = unit_codes(connection.schema_name)
    for (kind, source_id), values in _rows(visits, sessions).items():
        ReceptionFact.objects.update_or_create(
            unit_code=unit_code, kind=kind, source_id=source_id, defaults={**values, "province_code": province_code}
        )


def reception_stat_write(*, facts: ReceptionStatFacts) -> UnitReceptionStat:
    unit_code, province_code = unit_codes(connection.schema_name)
    stat, _created = UnitReceptionStat.objects.update_or_create(
        unit_code=unit_code, defaults={**dataclasses.asdict(facts), "province_code": province_code}
    )
    return stat


def reception_facts_compare(
    *, visits: Iterable[VisitFacts], sessions: Iterable[SessionFacts], fix: bool = False
) -> Difference:
    """Compare the active unit's facts with ``visits`` and ``sessions`` (all of them), and rewrite
    the ones that differ when ``fix``."""
    unit_code, province_code = unit_codes(connection.schema_name)
    diff = Difference(source="reception")
    expected = _rows(visits, sessions)
    actual = {(fact.kind, fact.source_id): fact for fact in ReceptionFact.objects.filter(unit_code=unit_code)}
    for key, values in expected.items():
        fact = actual.get(key)
        if fact is None:
            diff.missing.append(key)
        elif any(getattr(fact, name) != value for name, value in values.items()):
            diff.changed.append(key)
    diff.extra = [key for key in actual if key not in expected]
    if fix:
        for kind, source_id in diff.missing + diff.changed:
            ReceptionFact.objects.update_or_create(
                unit_code=unit_code,
                kind=kind,
                source_id=source_id,
                defaults={**expected[(kind, source_id)], "province_code": province_code},
            )
        for key in diff.extra:
            actual[key].delete()
    return diff
