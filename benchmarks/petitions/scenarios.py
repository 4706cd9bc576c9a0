"""The timed operations: register, list, search, and the list and search pages."""

from __future__ import annotations

import random
import time
from typing import Any

from django.db.models import BooleanField, Value
from django.db.models.expressions import RawSQL
from django.test import override_settings
from django_tenants.utils import schema_context

from benchmarks.harness.pages import UnitPages
from benchmarks.harness.sql import captured, slowest_explained, statement_timer
from benchmarks.harness.stats import Stats, rotation, timed
from benchmarks.petitions.generator import SEARCH_PHRASES, Generator, strip_accents
from core.petitions.models import Citizen, Petition, search_key
from core.petitions.selectors import COUNT_CAP, petition_list, petition_page_counted, senders_attach
from core.petitions.services.petitions import petition_register
from web.petitions.forms import PetitionFilterForm

PAGE_SIZE = 50
#: Syllables that most Vietnamese texts and names share: a trigram index finds most rows for them.
COMMON_SYLLABLES = ["nguyễn", "văn", "thị", "đất", "xã", "nguyễn văn", "đất đai", "ủy ban", "phường", "đề nghị"]
# Registration variants: the unit, and TENANT_LIMIT_SET_CALLS.
REGISTER_VARIANTS = {"big": ("big", False), "small": ("small", False), "big_limit_set_calls": ("big", True)}
ILIKE_SEARCH = """(
    "petitions_petition"."summary" ILIKE %s OR "petitions_petition"."subject" ILIKE %s OR EXISTS (
        SELECT 1 FROM "petitions_signer" s JOIN "petitions_citizen" c ON c."id" = s."citizen_id"
        WHERE s."petition_id" = "petitions_petition"."id" AND c."full_name" ILIKE %s))"""


#
# What is asked
#
def page_fetch_exact(qs: Any) -> tuple[int, int]:
    """The baseline, what the list page and the API did for page 1 before issue 13: the exact count,
    then the first ``PAGE_SIZE`` rows."""
    total = qs.count()
    rows = list(qs[:PAGE_SIZE])
    return total, len(rows)


def page_fetch_before(qs: Any) -> tuple[int, int]:
    """The baseline of 3 December 2026, 18:00 (issue 13 item 4 before its last change): the count
    capped at 1,000 as Django's ``COUNT(*)`` of the sliced queryset (whose subquery selects the id),
    then page 1's whole rows in one statement (``ORDER BY … LIMIT 51``)."""
    total = qs.order_by()[: COUNT_CAP + 1].count()
    rows = list(qs.order_by("-received_date", "-id")[: PAGE_SIZE + 1])[:PAGE_SIZE]
    return total, len(rows)


def page_fetch(qs: Any, *, search: bool = False, senders: bool = True) -> tuple[int, int]:
    """What the list page does for page 1 now (``petition_page_counted``): the page's ids, then its
    rows by id; the count capped at 1,000 as an index-only ``SELECT count(*) FROM (SELECT 1 … LIMIT
    1001)`` unless the page holds every match; for a search, the count and the page from one
    statement (the ids of the first 1,001 matches in order); then the page's senders' names
    (``senders_attach``), unless ``qs`` prefetches them itself."""
    page, total = petition_page_counted(qs, size=PAGE_SIZE, search=search)
    if senders:
        senders_attach(page.rows)
    return total, len(page.rows)


def page_fetch_prefetched(qs: Any) -> tuple[int, int]:
    return page_fetch(qs, senders=False)


def search_fetch(qs: Any) -> tuple[int, int]:
    return page_fetch(qs, search=True)


#: How each side reads page 1; ``prefetch`` is the app's reading with the senders prefetched as
#: before ``with_senders`` (3 December 2026, 18:50: a manager and a queryset per petition).
FETCHES = {
    "capped": page_fetch,
    "prefetch": page_fetch_prefetched,
    "before": page_fetch_before,
    "exact": page_fetch_exact,
}


def list_queryset(filters: dict[str, Any], *, senders: bool = True) -> Any:
    """``petition_list(**filters)``, whose page's senders the app reads apart (``senders_attach``,
    in ``page_fetch``), or with the senders prefetched as before (``prefetch_related("citizens")``,
    as the baselines' code did)."""
    petitions = petition_list(**filters)
    return petitions if senders else petitions.prefetch_related("citizens")


def search_queryset(needle: str, *, senders: bool = True) -> Any:
    return list_queryset({"query": needle}, senders=senders)


def previous_search_queryset(needle: str) -> Any:
    """The search before the index of the joined text (issue 13, 3 December 2026): the one trigram
    condition on ``search_text``, whatever the needle (the benchmark's needles are no registry numbers)."""
    qs = Petition.objects.filter(search_text__contains=search_key(Value(needle)))
    return qs.order_by("-received_date", "-id").prefetch_related("citizens")


def ilike_queryset(needle: str) -> Any:
    """The baseline: the same search as plain ILIKE on the raw columns (no index can serve it)."""
    pattern = f"%{needle}%"
    condition = RawSQL(ILIKE_SEARCH, [pattern] * 3, output_field=BooleanField())
    return Petition.objects.filter(condition).order_by("-received_date", "-id").prefetch_related("citizens")


def filter_combinations() -> list[dict[str, Any]]:
    """Filters around ``petition_type`` + ``status`` + ``overdue=True``, and a few others."""
    types = ["", "complaint", "denunciation", "recommendation", "feedback", "mixed"]
    statuses = ["", "registered", "classified", "acceptance_proposed", "accepted", "verifying", "dialogue", "chased"]
    combos: list[dict[str, Any]] = [{"petition_type": t, "status": s, "overdue": True} for t in types for s in statuses]
    combos += [{"petition_type": t, "overdue": True, "field_code": "dat-dai"} for t in types[:3]]
    combos += [{"petition_type": t} for t in types] + [{"status": s} for s in statuses[1:]]
    combos += [{"is_open": True}, {"due_soon": True}, {"channel": "reception", "overdue": True}]
    return combos


def list_filters(rng: random.Random, count: int) -> list[dict[str, Any]]:
    """``count`` filter combinations in a random order (repeating when more are asked for)."""
    combos = filter_combinations()
    rng.shuffle(combos)
    return [combos[index % len(combos)] for index in range(count)]


def search_needles(gen: Generator, count: int) -> list[tuple[str, str, str]]:
    """(kind, accented needle, what a user types) for ``count`` varied searches."""
    rng = gen.rng
    names = list(Citizen.objects.order_by("?").values_list("full_name", flat=True)[: count * 2])
    needles: list[tuple[str, str]] = []
    for index in range(count):
        slot = index % 10
        if slot < 4 and names:  # a sender's full name
            needles.append(("full name", names.pop()))
        elif slot < 6:  # "Nguyễn Văn A…": family, middle, the given name's first letter
            name, _female = gen.person()
            words = name.split()
            needles.append(("name prefix", " ".join(words[:-1]) + " " + words[-1][0]))
        elif slot == 6:  # a given name alone, or two given words
            name, _female = gen.person()
            needles.append(("given name", " ".join(name.split()[-2:]) if rng.random() < 0.5 else name.split()[-1]))
        elif slot < 8:
            needles.append(("phrase", rng.choice(SEARCH_PHRASES)))
        elif slot == 8:  # in most rows: the trigram index finds nearly everything
            needles.append(("common syllable", COMMON_SYLLABLES[(index // 10) % len(COMMON_SYLLABLES)]))
        else:  # nothing matches: the worst case for "newest 50 first"
            name, _female = gen.person()
            needles.append(("no match", f"{name} Khuất"))
    return [(kind, accented, strip_accents(accented)) for kind, accented in needles]


def list_page_query(filters: dict[str, Any]) -> dict[str, str] | None:
    """The list page's query string for the selector's ``filters``; None when the page has no such
    filter (the channel)."""
    query = {}
    for key, value in filters.items():
        if key in ("petition_type", "status", "field_code"):
            query[key] = value
        elif key == "is_open":
            query["state"] = "open" if value else "closed"
        elif key in ("overdue", "due_soon"):
            query["due"] = "overdue" if key == "overdue" else "soon"
        else:
            return None
    return query


def list_page_check() -> None:
    """Refuse to time the pages if their query strings no longer ask what the selector calls ask
    (the page's filter form changed): the comparison would be wrong without a sign."""
    asked = [(filters, list_page_query(filters)) for filters in filter_combinations()]
    asked += [({"query": "nguyen van a"}, {"q": "nguyen van a"})]
    for filters, query in asked:
        if query is None:
            continue
        meant = {key: value for key, value in filters.items() if value not in ("", None)}
        sent = PetitionFilterForm(query).selector_kwargs()
        if {key: value for key, value in sent.items() if value not in ("", None)} != meant:
            raise RuntimeError(f"The list page reads {query} as {sent}, not {filters}: update list_page_query().")


def indexes_in_plan(qs: Any) -> dict[str, bool]:
    plan = qs.explain()
    return {name: name in plan for name in ("petition_search_trgm", "petition_search_joined_trgm")}


#
# Timed
#
def register_measure(
    units: dict[str, Any], users: dict[str, Any], payloads: list[dict[str, Any]], *, warmup: int
) -> dict[str, list[float]]:
    """``petition_register`` of every payload in each variant, the variants rotating call by call;
    the first ``warmup`` untimed."""
    register: dict[str, list[float]] = {variant: [] for variant in REGISTER_VARIANTS}
    variants = list(REGISTER_VARIANTS)
    for index, payload in enumerate(payloads):
        for variant in rotation(variants, index):
            register_in(units, users, variant, payload, None if index < warmup else register[variant])
    return register


def register_in(
    units: dict[str, Any], users: dict[str, Any], variant: str, payload: dict[str, Any], samples: list[float] | None
) -> None:
    role, limit_set_calls = REGISTER_VARIANTS[variant]
    with override_settings(TENANT_LIMIT_SET_CALLS=limit_set_calls), schema_context(units[role].schema_name):
        if samples is None:
            petition_register(actor=users[role], **payload)
            return
        with timed(samples):
            petition_register(actor=users[role], **payload)


def register_statements(units: dict[str, Any], users: dict[str, Any], payloads: list[dict[str, Any]]) -> dict:
    """One more registration per variant, statement by statement: round trips and time in SQL."""
    details = {}
    for variant, payload in zip(REGISTER_VARIANTS, payloads, strict=True):
        started = time.perf_counter()
        with captured() as context, statement_timer() as timings:
            register_in(units, users, variant, payload, None)
        queries = context.captured_queries
        details[variant] = {
            "wall_seconds": time.perf_counter() - started,
            "round_trips": len(queries),
            "set_search_path": sum(query["sql"].startswith("SET search_path") for query in queries),
            "statements_seconds": sum(timing["seconds"] for timing in timings),
            "set_search_path_seconds": sum(
                timing["seconds"] for timing in timings if timing["sql"].startswith("SET search_path")
            ),
            "statements": timings,
        }
    return details


def list_measure(units: dict[str, Any], filters: list[dict[str, Any]]) -> dict[str, Any]:
    """Count + first page for every filter combination, in the big unit and the small one, now
    (``petition_page_counted``, then ``senders_attach``), with the senders prefetched as before
    (``prefetch``), as at 18:00 (``page_fetch_before``) and as before issue 13 (exact count), the
    eight in turn."""
    sides = [(role, fetch) for fetch in FETCHES for role in ("big", "small")]
    lists: dict[str, list[float]] = {_side(role, fetch): [] for role, fetch in sides}
    counts: list[int] = []
    rows: dict[str, list[int]] = {"big": [], "small": []}  # the page's rows, now
    for role, fetch in sides:  # warm-up
        with schema_context(units[role].schema_name):
            FETCHES[fetch](list_queryset(filters[0], senders=fetch == "capped"))
    for index, combo in enumerate(filters):
        for role, fetch in rotation(sides, index):
            with schema_context(units[role].schema_name), timed(lists[_side(role, fetch)]):
                total, shown = FETCHES[fetch](list_queryset(combo, senders=fetch == "capped"))
            if role == "big" and fetch == "exact":
                counts.append(total)
            if fetch == "capped":
                rows[role].append(shown)
    with schema_context(units["big"].schema_name):
        slowest = slowest_explained(lists["big"], lambda i: page_fetch(list_queryset(filters[i])))
        slowest_before = slowest_explained(
            lists["big_before"], lambda i: page_fetch_before(list_queryset(filters[i], senders=False))
        )
    return {
        "samples": lists,
        "counts": counts,
        "rows": rows,
        "slowest": slowest,
        "slowest_before": slowest_before,
    }


def _side(role: str, fetch: str) -> str:
    return role if fetch == "capped" else f"{role}_{fetch}"


def search_measure(big: Any, needles: list[tuple[str, str, str]]) -> dict[str, Any]:
    """The app's search (``petition_page_counted``: count and page from one statement) against the
    same search read as before this change (``indexed_before``: capped count, then the page's whole
    rows), the search before the joined index (``previous``: one trigram condition, read as before
    this change), the same search with the exact count (the code before issue 13) and plain ILIKE
    in the big unit, rotating query by query."""
    methods = ("indexed", "indexed_before", "previous", "indexed_exact", "ilike")
    with schema_context(big.schema_name):
        search: dict[str, list[float]] = {method: [] for method in methods}
        queries: list[dict[str, Any]] = []
        search_fetch(search_queryset(needles[0][2]))
        page_fetch_exact(ilike_queryset(needles[0][1]))
        for index, (kind, accented, typed) in enumerate(needles):
            counts: dict[str, Any] = {"kind": kind, "query": typed, "accented": accented}
            for method in rotation(methods, index):
                if method == "ilike":
                    qs, fetch = ilike_queryset(accented), page_fetch_exact
                elif method == "previous":
                    qs, fetch = previous_search_queryset(typed), page_fetch_before
                else:
                    qs = search_queryset(typed, senders=method == "indexed")
                    fetch = {"indexed": search_fetch, "indexed_before": page_fetch_before}.get(method, page_fetch_exact)
                with timed(search[method]):
                    counts[method], _rows = fetch(qs)
            queries.append(counts)
        slowest = slowest_explained(search["indexed"], lambda i: search_fetch(search_queryset(needles[i][2])))
        slowest_before = slowest_explained(
            search["indexed_before"], lambda i: page_fetch_before(search_queryset(needles[i][2], senders=False))
        )
        ilike_slowest = slowest_explained(search["ilike"], lambda i: page_fetch_exact(ilike_queryset(needles[i][1])))
        trigram_used = indexes_in_plan(search_queryset("nguyen van a")[:PAGE_SIZE])
    kinds = dict.fromkeys(needle[0] for needle in needles)
    by_kind = {
        kind: Stats.of([search["indexed"][i] for i, needle in enumerate(needles) if needle[0] == kind])
        for kind in kinds
    }
    by_kind_previous = {
        kind: Stats.of([search["previous"][i] for i, needle in enumerate(needles) if needle[0] == kind])
        for kind in kinds
    }
    by_kind_before = {
        kind: Stats.of([search["indexed_before"][i] for i, needle in enumerate(needles) if needle[0] == kind])
        for kind in kinds
    }
    return {
        "samples": search,
        "queries": queries,
        "slowest": slowest,
        "slowest_before": slowest_before,
        "by_kind_before": by_kind_before,
        "ilike_slowest": ilike_slowest,
        "trigram_used": trigram_used,
        "by_kind": by_kind,
        "by_kind_previous": by_kind_previous,
    }


def pages_measure(
    big: Any,
    pages: dict[str, UnitPages],
    filters: list[dict[str, Any]],
    needles: list[tuple[str, str, str]],
    count: int,
) -> dict[str, Any]:
    """The list page (HTML, the whole request) in the big unit against the same page in the small
    one, alternating request by request, for the first ``count`` filters the page has, the first
    page unfiltered and a far page of the big unit (by its ``after`` cursor); then the search page
    of both units for the first ``count`` searches."""
    asked = [("list", query) for combo in filters if (query := list_page_query(combo)) is not None][:count]
    asked += [("list", {})] * max(1, count // 4)
    asked += [("search", {"q": typed}) for _kind, _accented, typed in needles[:count]]
    samples: dict[str, list[float]] = {f"{kind}_page_{role}": [] for kind in ("list", "search") for role in pages}
    samples["list_page_big_far"] = []
    for role in pages:  # warm-up
        pages[role].get("petitions:list")
    for index, (kind, query) in enumerate(asked):
        for role in rotation(tuple(pages), index):
            with timed(samples[f"{kind}_page_{role}"]):
                pages[role].get("petitions:list", query=query)
    with schema_context(big.schema_name):  # nine tenths down the unit's book
        deep = petition_list().count() * 9 // 10
        far = petition_list().values_list("received_date", "id")[deep : deep + 1]
        cursor = [f"{day.isoformat()}.{pk}" for day, pk in far]
    for _index in range(max(1, count // 4) if cursor else 0):
        with timed(samples["list_page_big_far"]):
            pages["big"].get("petitions:list", query={"after": cursor[0]})
    return {"samples": samples, "requests": [{"kind": kind, "query": query} for kind, query in asked]}
