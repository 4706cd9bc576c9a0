"""Transfers between units: deliveries per second through a real worker, and the latency of one.

``--units`` (100) real units of the official list are onboarded (``unit_provision``), each with an
officer; ``--transfers`` forwards A_i → B_j between random pairs are made by ``transfer_send``
(what the forwarding outcome calls in its transaction: the transfer, the public track, the outbox
row, the delivery task queued on commit; the forwarding letter's DOCX is left out). A real Celery
worker (``--concurrency``) delivers them, each into the receiver's inbox with its idempotency key.
Two questions, each against a baseline through the same broker and worker in the same run:

1. **Throughput.** Batches of delivery tasks sent at once (the outbox rows written beforehand);
   deliveries per second from the first task sent to the last inbox row written. Baseline: as
   many no-op tenant tasks (``benchmarks.transfers.tasks.bench_noop``: the schema switch and a
   marker file, nothing else) in the same batches. Deliveries and no-ops alternate batch by batch.
2. **Latency.** With the worker idle, one forward at a time: from the outbox row's creation (in
   the sender's transaction) to the inbox row's creation in the receiver's schema (their
   ``created_at`` and ``received_at``), p50/p95. Baseline: one no-op task at a time, from its send
   to its run. The two alternate.

The broker is the configured one (the filesystem transport polled every 0.1 s under the test
settings, unless ``CELERY_BROKER_URL`` names Redis): its polling is part of both floors.
"""
