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

from django.conf import settings
from django.db import transaction
from django.db.models import Q
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


def case_citizens_check(*, facts: CaseCitizensFacts, today: date | None = None) -> list[RepeatMatch]:
    """Store the petition's senders' keys and record the repeats they reveal; call inside the
    registration's transaction, after the case's index row is written. With the check switched
    off (``REPEAT_CHECK_ENABLED``) nothing is stored nor looked up."""
    if not settings.REPEAT_CHECK_ENABLED or not facts.keys:
        return []
    today = today or timezone.localdate()
    entry = CaseIndexEntry.objects.only("unit_code", "province_code", "field_code").get(case_id=facts.case_id)
    current = citizen_key_version()
    stored = {(key.version, key.digest) for key in facts.keys if key.version == current}
    CitizenKey.objects.bulk_create(
        [CitizenKey(case_id=facts.case_id, key_version=version, digest=digest) for version, digest in stored],
        ignore_conflicts=True,
    )
    anyone = Q()
    for key in facts.keys:
        anyone |= Q(key_version=key.version, digest=key.digest)
    since = today - timedelta(days=settings.REPEAT_RECENTLY_CLOSED_DAYS)
    earlier = (
        CitizenKey.objects.filter(anyone)
        .filter(case__province_code=entry.province_code, case__field_code=entry.field_code)
        .exclude(case__unit_code=entry.unit_code)
        .filter(Q(case__closed_date__isnull=True) | Q(case__closed_date__gte=since))
        .values_list("case_id", "case__unit_code", "case__closed_date")
        .distinct()
    )
    found = {case_id: (unit_code, closed) for case_id, unit_code, closed in earlier}
    if not found:
        return []
    codes = {entry.unit_code, *(unit_code for unit_code, _closed in found.values())}
    kinds = dict(Unit.objects.filter(code__in=codes).values_list("code", "kind"))
    matches = [
        RepeatMatch(
            case_id=facts.case_id,
            earlier_id=case_id,
            province_code=entry.province_code,
            unit_code=entry.unit_code,
            earlier_unit_code=unit_code,
            detected_on=today,
            skipped_level=skipped_level(kinds.get(entry.unit_code, ""), kinds.get(unit_code, ""), closed is None),
        )
        for case_id, (unit_code, closed) in found.items()
    ]
    RepeatMatch.objects.bulk_create(matches, ignore_conflicts=True)
    return matches


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
