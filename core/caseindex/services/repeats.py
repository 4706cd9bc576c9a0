"""Repeats across units: the same citizen bringing the same matter to several units of a province.

At registration the petitions app pushes the senders of a petition as keyed digests
(``facts.CaseCitizensFacts``; how they are made: ``citizen_keys.py``), in the registration's
transaction. They are stored under the current key version, and looked up under every configured
version among the province's other units. A match is a case of another unit of the same province:

* with a sender whose digest is the same (the same identity document: a namesake does not match);
* of the same field (``field_code``, the catalogue's lĩnh vực);
* pending, or closed within ``REPEAT_RECENTLY_CLOSED_DAYS`` (365 by default) of the registration.

"Similar subject" is the field, deliberately not the subject's wording: the subject is free text
that may name the person complained about, and the public schema holds no free text; and the same
person describes the same matter differently to a commune and to a department, so a text similarity
would miss the repeats this is for. The pair is kept (``RepeatMatch``) and each unit sees the other
as unit, date received and state, nothing else (``selectors.repeat_flags``).

A skipped level (``skipped_level``): the new petition is at a province-level unit while the matter
is still pending at a commune-level unit (commune, ward, special zone) — the citizen went to the
province before the commune had finished. Read from the units' kinds in ``tenants``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from tenants.models import COMMUNE_LEVEL_KINDS, Unit, UnitKind

from ..citizen_keys import citizen_key_version
from ..facts import CaseCitizensFacts
from ..models import CaseIndexEntry, CitizenKey, RepeatMatch

#: The kinds of unit at province level (the provincial People's Committee office, reception board,
#: inspectorate, departments).
PROVINCE_LEVEL_KINDS = frozenset(
    {
        UnitKind.PROVINCIAL_COMMITTEE,
        UnitKind.PROVINCIAL_RECEPTION,
        UnitKind.PROVINCIAL_INSPECTORATE,
        UnitKind.DEPARTMENT,
    }
)


def skipped_level(unit_kind: str, earlier_kind: str, earlier_pending: bool) -> bool:
    """A matter pending at a commune-level unit brought to a province-level one (module docstring)."""
    return unit_kind in PROVINCE_LEVEL_KINDS and earlier_kind in COMMUNE_LEVEL_KINDS and earlier_pending


#: The whole check in one statement (one round trip, in the registration's transaction): the new
#: case's own index row (``me``) gives its unit, province and field; the keys under the current
#: version are stored; the province's other units' cases with any of the keys (every version), of
#: the same field, pending or closed since ``since``, are found with both units' kinds; the pairs
#: are stored and returned. The earlier cases are all of other units, so the keys this statement
#: inserts (which it cannot see) could never be among them.
_CHECK_SQL = """
WITH me AS (
    SELECT case_id, unit_code, province_code, field_code FROM {entry} WHERE case_id = %(case_id)s
), stored AS (
    INSERT INTO {key} (case_id, key_version, digest)
    SELECT me.case_id, k.version, k.digest
    FROM me, unnest(%(stored_versions)s::smallint[], %(stored_digests)s::text[]) AS k(version, digest)
    ON CONFLICT DO NOTHING
), found AS (
    SELECT DISTINCT e.case_id, e.unit_code, e.closed_date
    FROM {key} k
    JOIN unnest(%(versions)s::smallint[], %(digests)s::text[]) AS wanted(version, digest)
        ON k.key_version = wanted.version AND k.digest = wanted.digest
    JOIN {entry} e ON e.case_id = k.case_id
    JOIN me ON e.province_code = me.province_code AND e.field_code = me.field_code AND e.unit_code <> me.unit_code
    WHERE e.closed_date IS NULL OR e.closed_date >= %(since)s
), pairs AS (
    SELECT me.case_id, found.case_id AS earlier_id, me.province_code, me.unit_code,
        found.unit_code AS earlier_unit_code,
        COALESCE(mine.kind = ANY(%(province_kinds)s) AND theirs.kind = ANY(%(commune_kinds)s)
            AND found.closed_date IS NULL, false) AS skipped_level
    FROM found
    CROSS JOIN me
    LEFT JOIN {unit} mine ON mine.code = me.unit_code
    LEFT JOIN {unit} theirs ON theirs.code = found.unit_code
), recorded AS (
    INSERT INTO {match} (case_id, earlier_id, province_code, unit_code, earlier_unit_code, detected_on, skipped_level)
    SELECT case_id, earlier_id, province_code, unit_code, earlier_unit_code, %(today)s, skipped_level FROM pairs
    ON CONFLICT DO NOTHING
)
SELECT case_id, earlier_id, province_code, unit_code, earlier_unit_code, skipped_level FROM pairs
UNION ALL
SELECT NULL, NULL, NULL, NULL, NULL, NULL WHERE NOT EXISTS (SELECT FROM me)
"""


def _check_sql() -> str:
    tables: dict[str, type[models.Model]] = {
        "entry": CaseIndexEntry,
        "key": CitizenKey,
        "match": RepeatMatch,
        "unit": Unit,
    }
    quoted = {name: connection.ops.quote_name(model._meta.db_table) for name, model in tables.items()}
    return _CHECK_SQL.format(**quoted)


def case_citizens_check(*, facts: CaseCitizensFacts, today: date | None = None) -> list[RepeatMatch]:
    """Store the petition's senders' keys and record the repeats they reveal; call inside the
    registration's transaction, after the case's index row is written. With the check switched
    off (``REPEAT_CHECK_ENABLED``) nothing is stored nor looked up.

    One statement (``_CHECK_SQL``): at registration every round trip is felt by the officer, and the
    lookup itself is a fraction of a millisecond. ``skipped_level`` is computed there with the same
    rule as the function of that name."""
    if not settings.REPEAT_CHECK_ENABLED or not facts.keys:
        return []
    today = today or timezone.localdate()
    current = citizen_key_version()
    stored = list(dict.fromkeys(key for key in facts.keys if key.version == current))
    params: dict[str, Any] = {
        "case_id": facts.case_id,
        "stored_versions": [key.version for key in stored],
        "stored_digests": [key.digest for key in stored],
        "versions": [key.version for key in facts.keys],
        "digests": [key.digest for key in facts.keys],
        "since": today - timedelta(days=settings.REPEAT_RECENTLY_CLOSED_DAYS),
        "today": today,
        "province_kinds": sorted(str(kind) for kind in PROVINCE_LEVEL_KINDS),
        "commune_kinds": sorted(str(kind) for kind in COMMUNE_LEVEL_KINDS),
    }
    with connection.cursor() as cursor:
        cursor.execute(_check_sql(), params)
        rows = cursor.fetchall()
    if rows and rows[0][0] is None:
        raise CaseIndexEntry.DoesNotExist(f"The case {facts.case_id} has no index row: index it before the check.")
    return [
        RepeatMatch(
            case_id=case_id,
            earlier_id=earlier_id,
            province_code=province_code,
            unit_code=unit_code,
            earlier_unit_code=earlier_unit_code,
            detected_on=today,
            skipped_level=skipped,
        )
        for case_id, earlier_id, province_code, unit_code, earlier_unit_code, skipped in rows
    ]


def citizen_keys_stale(*, unit_code: str) -> set:
    """The unit's cases with a key under another version than the current one."""
    return set(
        CitizenKey.objects.filter(case__unit_code=unit_code)
        .exclude(key_version=citizen_key_version())
        .values_list("case_id", flat=True)
    )


@transaction.atomic
def citizen_keys_rekey(*, cases: Iterable[CaseCitizensFacts]) -> int:
    """Rewrite the keys of ``cases`` under the current version (their senders' keys, computed again
    by the app that holds the identity documents) and drop their older rows; how many cases. Only
    cases that already have keys are re-keyed: a sealed sender never enters through a re-key."""
    current = citizen_key_version()
    count = 0
    for facts in cases:
        rows = CitizenKey.objects.filter(case_id=facts.case_id)
        if not rows.exists():
            continue
        CitizenKey.objects.bulk_create(
            [
                CitizenKey(case_id=facts.case_id, key_version=key.version, digest=key.digest)
                for key in facts.keys
                if key.version == current
            ],
            ignore_conflicts=True,
        )
        rows.exclude(key_version=current).delete()
        count += 1
    return count
