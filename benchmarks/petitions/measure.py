"""The run: two units onboarded, the big one loaded, then each operation against its baseline."""

from __future__ import annotations

import argparse
import random
from dataclasses import asdict
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tenants.utils import schema_context

from benchmarks.harness.database import migrate
from benchmarks.harness.machine import load_average, machine_facts, server_facts
from benchmarks.harness.pages import UnitPages
from benchmarks.harness.results import options
from benchmarks.harness.stats import Stats, ratios
from benchmarks.petitions import scenarios
from benchmarks.petitions.generator import Generator
from benchmarks.petitions.load import data_sizes, petitions_load
from benchmarks.petitions.report import sizes_report
from core.accounts.services import user_create
from core.catalogue.models import PetitionField
from core.petitions.models import Petition
from tenants.catalogue import unit_spec
from tenants.models import Unit
from tenants.provisioning import unit_provision

BIG_UNIT = "01-BTCD"  # Ban Tiếp công dân thành phố Hà Nội
SMALL_UNIT = "01-UBND"  # its parent, the People's Committee office (provisioned first)
PASSWORD = "Bench-petitions-2026!"
SERVER_FACTS = ("server_version", "shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "jit")


def run(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    loads: dict[str, float] = {"before": load_average()}

    units, users = {}, {}
    if args.reuse:
        print(f"Reusing {args.database}: {SMALL_UNIT} and {BIG_UNIT} as an earlier run left them…", flush=True)
        migrate()  # what the code has added since
        for role, code in (("small", SMALL_UNIT), ("big", BIG_UNIT)):
            units[role] = Unit.objects.get(code=code)
            with schema_context(units[role].schema_name):
                users[role] = get_user_model().objects.get(username=f"xu_ly_{role}")
    else:
        print(f"Migrating the bench database and onboarding {SMALL_UNIT} and {BIG_UNIT}…", flush=True)
        migrate()
        for role, code in (("small", SMALL_UNIT), ("big", BIG_UNIT)):
            units[role], _created = unit_provision(spec=unit_spec(code))
            with schema_context(units[role].schema_name):
                users[role] = user_create(
                    unit=units[role],
                    username=f"xu_ly_{role}",
                    password=PASSWORD,
                    full_name="Nông Văn Đức",
                    roles=["processing_officer"],
                )
    if args.pages:
        scenarios.list_page_check()
    big, small = units["big"], units["small"]

    if args.reuse:
        load: dict[str, Any] = {"reused": args.database}
    else:
        print(f"Loading {args.petitions:,} petitions into {big.code} ({big.schema_name}), batches of {args.batch:,}…")
        with schema_context(big.schema_name):
            load = petitions_load(big, users["big"], count=args.petitions, batch=args.batch, rng=rng)
    with schema_context(small.schema_name):  # the lists' baseline: a small unit with full pages
        missing = args.small - Petition.objects.count()
        if missing > 0:
            print(f"Loading {missing:,} petitions into {small.code} ({small.schema_name})…", flush=True)
            load["small"] = petitions_load(small, users["small"], count=missing, batch=args.batch, rng=rng)
    with schema_context(big.schema_name):
        sizes = data_sizes(big.schema_name)
    loads["after_load"] = load_average()
    if not args.reuse:
        print(f"  loaded in {load['load_seconds']:.0f} s, VACUUM ANALYZE {load['vacuum_analyze_seconds']:.0f} s")
    print(sizes_report(sizes))

    fields = list(PetitionField.objects.filter(is_active=True).values_list("code", flat=True))
    gen = Generator(rng, fields=fields, wards=[("00004", "Phường Ba Đình")], today=timezone.localdate())

    # 1. Registration: the big unit, the small one and the big one with TENANT_LIMIT_SET_CALLS=True
    # (one SET search_path per connection and schema instead of one per cursor), same payloads.
    print(f"Registering {args.registrations} complaints per variant (after {args.warmup} untimed)…", flush=True)
    payloads = gen.registration_payloads(args.warmup + args.registrations)
    register = scenarios.register_measure(units, users, payloads, warmup=args.warmup)
    register_details = scenarios.register_statements(
        units, users, gen.registration_payloads(len(scenarios.REGISTER_VARIANTS))
    )
    loads["after_register"] = load_average()

    # 2. Lists with filters: the big unit and the small one (a reference) in turn.
    print(f"Listing with {args.lists} filter combinations (count + first page)…", flush=True)
    filters = scenarios.list_filters(rng, args.lists)
    lists = scenarios.list_measure(units, filters)
    loads["after_list"] = load_average()

    # 3. Search: trigram-indexed accent-insensitive search vs plain ILIKE, alternating.
    print(f"Searching {args.searches} names and phrases (indexed vs ILIKE)…", flush=True)
    with schema_context(big.schema_name):
        needles = scenarios.search_needles(gen, args.searches)
    search = scenarios.search_measure(big, needles)
    loads["after_search"] = load_average()

    # 4. For information: the pages behind the list and the search, against their selector calls.
    pages: dict[str, Any] = {}
    if args.pages:
        print(f"Requesting the list and search pages ({args.pages} each) against their selectors…", flush=True)
        officers = {
            role: UnitPages.signed_in(units[role].code, username=users[role].username, password=PASSWORD)
            for role in ("big", "small")
        }
        pages = scenarios.pages_measure(big, officers, filters, needles, args.pages)
        loads["after_pages"] = load_average()

    stats = {
        "register": {role: Stats.of(samples) for role, samples in register.items()},
        "list": {role: Stats.of(samples) for role, samples in lists["samples"].items()},
        "search": {method: Stats.of(samples) for method, samples in search["samples"].items()},
    }
    # The same filters often fill a page of 50 in the big unit and show a few rows in the small one
    # (an overdue list of 1,000 petitions): the calls whose page is full in both, apart.
    full = [i for i, (b, s) in enumerate(zip(lists["rows"]["big"], lists["rows"]["small"], strict=True)) if b == s]
    full_pages = {
        side: Stats.of([lists["samples"][side][i] for i in full])
        for side in ("big", "small", "big_prefetch", "small_prefetch", "big_before", "small_before")
        if full
    }
    page_stats = {name: Stats.of(samples) for name, samples in pages.get("samples", {}).items() if samples}
    with schema_context(small.schema_name):
        small_petitions = Petition.objects.count()
    return {
        "benchmark": "petitions",
        "date": timezone.localdate().isoformat(),
        "machine": {**machine_facts(server_facts(SERVER_FACTS)), "load_average": loads},
        "options": options(args),
        "units": {"big": big.code, "small": small.code, "small_petitions_at_end": small_petitions},
        "load": load,
        "data": sizes,
        "stats": {op: {name: asdict(value) for name, value in per.items()} for op, per in stats.items()},
        "ratios": {
            "register_big_over_small": ratios(stats["register"]["big"], stats["register"]["small"]),
            "register_limit_set_calls_over_default": ratios(
                stats["register"]["big_limit_set_calls"], stats["register"]["big"]
            ),
            "list_big_over_small": ratios(stats["list"]["big"], stats["list"]["small"]),
            "list_before_big_over_small": ratios(stats["list"]["big_before"], stats["list"]["small_before"]),
            "list_big_now_over_before": ratios(stats["list"]["big"], stats["list"]["big_before"]),
            "list_prefetch_big_over_small": ratios(stats["list"]["big_prefetch"], stats["list"]["small_prefetch"]),
            "list_big_now_over_prefetch": ratios(stats["list"]["big"], stats["list"]["big_prefetch"]),
            "list_small_now_over_prefetch": ratios(stats["list"]["small"], stats["list"]["small_prefetch"]),
            **(
                {
                    "list_same_rows_big_over_small": ratios(full_pages["big"], full_pages["small"]),
                    "list_same_rows_prefetch_big_over_small": ratios(
                        full_pages["big_prefetch"], full_pages["small_prefetch"]
                    ),
                    "list_same_rows_before_big_over_small": ratios(
                        full_pages["big_before"], full_pages["small_before"]
                    ),
                }
                if full_pages
                else {}
            ),
            "list_exact_big_over_small": ratios(stats["list"]["big_exact"], stats["list"]["small_exact"]),
            "list_big_capped_over_exact": ratios(stats["list"]["big"], stats["list"]["big_exact"]),
            "search_ilike_over_indexed": ratios(stats["search"]["ilike"], stats["search"]["indexed"]),
            "search_capped_over_exact": ratios(stats["search"]["indexed"], stats["search"]["indexed_exact"]),
            "search_over_previous": ratios(stats["search"]["indexed"], stats["search"]["previous"]),
            "search_now_over_before": ratios(stats["search"]["indexed"], stats["search"]["indexed_before"]),
        },
        "list_same_rows": {
            "calls": len(full),
            "stats": {side: asdict(value) for side, value in full_pages.items()},
        },
        "search_by_kind": {kind: asdict(value) for kind, value in search["by_kind"].items()},
        "search_by_kind_before": {kind: asdict(value) for kind, value in search["by_kind_before"].items()},
        "search_by_kind_previous": {kind: asdict(value) for kind, value in search["by_kind_previous"].items()},
        "search_plan_uses_trigram_indexes": search["trigram_used"],
        "register_statements": register_details,
        "slowest": {
            "list": lists["slowest"],
            "list_before": lists["slowest_before"],
            "search": search["slowest"],
            "search_before": search["slowest_before"],
            "search_ilike": search["ilike_slowest"],
        },
        # The whole page (middleware, session, form, template): the big unit against the small one.
        "pages": {
            "stats": {name: asdict(value) for name, value in page_stats.items()},
            "ratios": {
                **{
                    f"{kind}_page_big_over_small": ratios(
                        page_stats[f"{kind}_page_big"], page_stats[f"{kind}_page_small"]
                    )
                    for kind in ("list", "search")
                    if f"{kind}_page_big" in page_stats
                },
                **(
                    {"list_far_page_over_small": ratios(page_stats["list_page_big_far"], page_stats["list_page_small"])}
                    if "list_page_big_far" in page_stats
                    else {}
                ),
            },
            "requests": pages.get("requests", []),
        },
        "samples": {
            "register": register,
            "list": lists["samples"],
            "list_filters": [
                {**combo, "count": count, "rows_big": big_rows, "rows_small": small_rows}
                for combo, count, big_rows, small_rows in zip(
                    filters, lists["counts"], lists["rows"]["big"], lists["rows"]["small"], strict=True
                )
            ],
            "search": search["samples"],
            "search_queries": search["queries"],
            "pages": pages.get("samples", {}),
        },
    }
