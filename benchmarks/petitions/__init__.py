"""Petitions benchmark: registering, listing and searching in a unit that holds 100,000 petitions.

What is measured, in one run and on one database, in a unit ("big") holding ``--petitions`` petitions
(default 100,000), each with a baseline taken in the same run:

* ``register``: ``core.petitions.services.petition_register`` of a new complaint with one sender, the
  real service (receipt code, registry number, deadlines, case-index row, one transaction each).
  Baseline: the same registrations into a second unit that started empty ("small"). A third
  variant registers them into the big unit again with ``TENANT_LIMIT_SET_CALLS=True`` (django-tenants
  then sends ``SET search_path`` once per connection and schema instead of before every statement).
  The variants rotate registration by registration, so machine load affects them alike. One more
  registration per variant is recorded statement by statement (round trips, time in SQL).
* ``list``: ``core.petitions.selectors.petition_list(petition_type=…, status=…, overdue=True)``, then what
  the list page does for page 1 (``petition_page_counted``): the page's ids by keyset, then its rows
  by id (with the senders' names, ``senders_attach``), and the count capped at 1,000 as an index-only
  ``SELECT count(*) FROM (SELECT 1 … LIMIT 1001)`` unless the page holds every match, for varied
  filter combinations. Reference: the same calls in the small unit (``--small`` petitions, 1,000 by
  default, bulk-loaded like the big unit's, plus the baseline registrations); and, rotating with
  them in both units, the same reading with the senders prefetched as before ``senders_attach``
  (``prefetch``: ``prefetch_related("citizens")``, 3 December 2026, 18:50), the code before 18:00
  (``before``: Django's ``COUNT`` of the
  sliced queryset, then the page's whole rows in one statement) and the code before issue 13 (the
  exact ``qs.count()`` and ``list(qs[:50])``). The calls whose page holds as many rows in both
  units are also compared apart.
* ``search``: ``petition_list(query="nguyen van a")``: accent- and case-insensitive search over
  summaries, subjects and senders' names (trigram index), then the first page and its count as the
  list page reads them (one statement for both when at most 1,000 match), for varied names and
  words and one search in ten a syllable most rows contain ("nguyễn", "văn", "đất", "xã"…).
  Baselines, rotating query by query: the same search read as before 3 December, 18:00
  (``indexed_before``: capped count, then the page's whole rows), the search before the index of
  the joined text (``previous``: the one trigram condition on ``search_text``, read as before), the
  same search with the exact count (before issue 13), and plain ``ILIKE`` on the raw columns with
  the accented needle (no index can serve it). The plan of a typical search is checked for the
  trigram indexes.
* ``pages``: the list page (``web.petitions``, ``/u/01-BTCD/don-thu/``, the whole request through
  Django's test client as a signed-in processing officer) with the same filters, unfiltered, and
  with the searches, against the same page of the small unit, alternating request by request
  (``--pages`` of each; 0 skips them); and a page nine tenths down the big unit's list (its
  ``?after=`` cursor). Filters the page does not have (the channel) are left out, and the run
  stops at once if the page's filter form reads the query strings as other selector arguments.

For each operation: mean, p50, p95 and max, and the ratio to the baseline. The slowest sample of
each operation is re-run under ``EXPLAIN (ANALYZE, BUFFERS)`` (its SQL statements; for ``register``,
the per-statement timings) and kept in the JSON file.

Data: the big unit is bulk-loaded (``bulk_create`` in batches of ``--batch`` rows, not through the
service) with citizens (Vietnamese names from the lists in ``vocabulary.json``, CCCD numbers, Hà
Nội addresses), petitions (types, channels, fields from the catalogue ``PetitionField``, received
dates over the last two years, statuses that depend on the age, Vietnamese subjects and
summaries), signers, sealed identities of named denouncers, deadlines computed by ``core.legal``
(so ``next_due_date`` and the overdue filter vary), one or two events per petition, the registry
counters and the public case-index rows. Then ``VACUUM (ANALYZE)``. Row counts and table/index
sizes are printed and recorded.

Units: Hà Nội's Ban Tiếp công dân (``01-BTCD``, the big one) and its parent, the People's
Committee office (``01-UBND``, the small one), onboarded with ``tenants.provisioning.unit_provision``;
each gets a processing officer (``core.accounts.services.user_create``) as the actor.

Database: ``tiepdan_bench_petitions`` (``--database``). Results:
``benchmarks/results/petitions-<date>.json`` (``…-n<N>`` when ``--petitions`` is not 100,000).

Run it: ``make bench BENCH=petitions ARGS="--quick"`` or ``.venv/bin/python -m benchmarks.petitions --help``.
``--keep`` keeps the database; ``--reuse`` measures again in it (migrated to the code, no load).
"""
