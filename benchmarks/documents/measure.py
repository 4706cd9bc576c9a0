"""The run: one unit onboarded, complaints registered up to "acceptance proposed", then the engine
against the bare render, the page against its GET, and the worker's PDFs against LibreOffice in
this process."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import uuid
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from benchmarks.harness.database import migrate
from benchmarks.harness.machine import load_average, machine_facts, server_facts
from benchmarks.harness.pages import UnitPages, unit_path
from benchmarks.harness.results import options
from benchmarks.harness.stats import Stats, ratios, rotation, timed
from config.celery_app import app
from core.accounts.services import user_create
from core.documents.context import sample_context
from core.documents.forms.selectors import form_version_for, repository_template
from core.documents.kinds import kind_get
from core.documents.models import IssuedDocument
from core.documents.pdf import docx_to_pdf, office_binary
from core.documents.rendering import render_docx
from core.documents.services import document_issue
from core.documents.tasks import document_pdf_make
from core.petitions.models import Petition
from core.petitions.services.petitions import petition_classify, petition_decide_outcome, petition_register
from tenants.catalogue import unit_spec
from tenants.provisioning import unit_provision

ROOT = Path(__file__).resolve().parents[2]
UNIT = "06316"  # Xã Tân Đoàn, Lạng Sơn
KIND = "complaint.acceptance_notice"
PASSWORD = "Bench-documents-2026!"
SERVER_FACTS = ("server_version", "shared_buffers", "synchronous_commit", "fsync")
GOAL_P95_SECONDS = 0.150


def _complaints(officer, count: int, today) -> list[Petition]:
    """``count`` complaints, each registered, classified and proposed for acceptance (untimed)."""
    made = []
    for index in range(count):
        petition = petition_register(
            actor=officer,
            channel="post",
            received_date=today - timedelta(days=3),
            petition_type="complaint",
            field_code="dat-dai",
            subject=f"Quyết định thu hồi đất số {index + 1}/QĐ-UBND",
            summary="Khiếu nại việc thu hồi đất nông nghiệp của gia đình.",
            signer_kind="one",
            signers=[{"full_name": f"Nguyễn Văn An {index}", "id_kind": "cccd", "id_number": f"0200850{index:05d}"}],
        )
        petition = petition_classify(petition=petition, actor=officer, is_processable=True, within_jurisdiction=True)
        made.append(petition_decide_outcome(petition=petition, actor=officer, outcome="accept"))
    return made


def _engine(args, officer, subjects: list[Petition], today) -> dict[str, list[float]]:
    """``document_issue`` (in its own transaction, committed) against ``render_docx`` of the same form."""
    form = form_version_for(kind=KIND, on_date=today)
    template, full = repository_template(form), sample_context(form, kind=kind_get(KIND))
    context = dict(form.sample_context)
    samples: dict[str, list[float]] = {"issue": [], "render": []}
    for index in range(args.warmup + args.documents):
        for variant in rotation(("issue", "render"), index):
            sink: list[float] = samples[variant] if index >= args.warmup else []
            if variant == "issue":
                with timed(sink), transaction.atomic():
                    subject = subjects[index % len(subjects)]
                    document_issue(kind=KIND, on_date=today, actor=officer, context=context, subject=subject)
            else:
                with timed(sink):
                    render_docx(template, full)
    return samples


def _pages(args, unit, officer, petitions: list[Petition], today) -> dict[str, Any]:
    """The officer's POST of the acceptance step against the GET of the same petition's page."""
    pages = UnitPages.signed_in(unit.code, username=officer.username, password=PASSWORD)
    samples: dict[str, list[float]] = {"accept_post": [], "detail_get": []}
    pending_on_answer = 0
    for index, petition in enumerate(petitions):
        sink = samples if index >= args.warmup else {"accept_post": [], "detail_get": []}
        for variant in rotation(("accept_post", "detail_get"), index):
            if variant == "detail_get":
                with timed(sink["detail_get"]):
                    pages.get("petitions:detail", petition.pk)
                continue
            path = unit_path(unit.code, "petitions:transition", petition.pk, "complaint.accept")
            form = {"date": today.strftime("%d/%m/%Y"), "level": "1", "complexity": "normal"}
            try:
                with timed(sink["accept_post"]):
                    response = pages.client.post(path, form)
            finally:
                connection.set_schema_to_public()
            if response.status_code != 302:
                raise RuntimeError(f"POST {path} answered {response.status_code}: {response.content[:500]!r}")
            with schema_context(unit.schema_name):
                states = list(
                    IssuedDocument.objects.filter(
                        subject_type="petitions.petition", subject_id=petition.pk
                    ).values_list("pdf_state", flat=True)
                )
            if not states:
                raise RuntimeError(f"accepting petition {petition.pk} issued no document")
            pending_on_answer += all(state == IssuedDocument.PdfState.PENDING for state in states)
    timed_posts = len(petitions) - args.warmup
    return {
        "samples": samples,
        "posts": len(petitions),
        "pdf_pending_when_answered": pending_on_answer,
        "timed_posts": timed_posts,
    }


def _worker(queue: str, concurrency: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DJANGO_DB_NAME": connection.settings_dict["NAME"],
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        f"--concurrency={concurrency}",
        "-Q",
        queue,
        "-l",
        "warning",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _converted(unit, ids: list[int], timeout: float) -> dict[str, int]:
    """Wait until every document of ``ids`` has its PDF made or failed; the count of each."""
    deadline = time.monotonic() + timeout
    while True:
        with schema_context(unit.schema_name):
            states = list(IssuedDocument.objects.filter(pk__in=ids).values_list("pdf_state", flat=True))
        done = {state: states.count(state) for state in set(states)}
        if done.get(IssuedDocument.PdfState.PENDING, 0) == 0 or time.monotonic() > deadline:
            return done
        time.sleep(0.1)


def _send(unit, ids: list[int]) -> None:
    with schema_context(unit.schema_name):
        for pk in ids:
            document_pdf_make.delay(pk)


def _pdfs(args, unit, queue: str) -> dict[str, Any]:
    """The worker's throughput on documents whose PDF is still pending, against in-process LibreOffice."""
    with schema_context(unit.schema_name):
        pending = list(
            IssuedDocument.objects.filter(pdf_state=IssuedDocument.PdfState.PENDING)
            .order_by("pk")
            .values_list("pk", flat=True)[: args.concurrency + args.pdfs + args.conversions + 1]
        )
        sample_docx = IssuedDocument.objects.get(pk=pending[-1]).docx.read()
    warm, timed_ids = pending[: args.concurrency], pending[args.concurrency : args.concurrency + args.pdfs]
    conversions: list[float] = []
    docx_to_pdf(sample_docx)  # LibreOffice's first start creates its profile: untimed
    for _ in range(args.conversions):
        with timed(conversions):
            docx_to_pdf(sample_docx)
    app.conf.task_default_queue = queue
    worker = _worker(queue, args.concurrency)
    try:
        _send(unit, warm)  # each worker process starts LibreOffice once, untimed
        warm_states = _converted(unit, warm, timeout=300)
        started = time.perf_counter()
        _send(unit, timed_ids)
        states = _converted(unit, timed_ids, timeout=60 * max(10, args.pdfs))
        seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    return {
        "documents": len(timed_ids),
        "concurrency": args.concurrency,
        "seconds": seconds,
        "per_minute": 60 * len(timed_ids) / seconds,
        "states": states,
        "warmup_states": warm_states,
        "conversions": conversions,
    }


def _hold_purge(queue: str) -> None:
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)


def run(args: argparse.Namespace) -> dict[str, Any]:
    loads: dict[str, float] = {"before": load_average()}
    # The PDFs queued on commit wait in a queue no worker reads until the worker's part, so the
    # request-side timings never share the CPU with LibreOffice (and never wait for it: not eager).
    hold, work = f"bench-hold-{uuid.uuid4().hex[:8]}", f"bench-pdf-{uuid.uuid4().hex[:8]}"
    app.conf.task_always_eager, app.conf.task_default_queue = False, hold
    print(f"Migrating the bench database and onboarding {UNIT}…", flush=True)
    migrate()
    unit, _created = unit_provision(spec=unit_spec(UNIT))
    today = timezone.localdate()
    with schema_context(unit.schema_name):
        officer = user_create(
            unit=unit,
            username="bench_van_ban",
            password=PASSWORD,
            full_name="Nông Văn Đức",
            position="Chuyên viên",
            roles=["processing_officer", "leader"],
        )
        print(f"Registering {args.pages + 10} complaints up to the acceptance proposal…", flush=True)
        petitions = _complaints(officer, args.pages + 10, today)
        print(f"Issuing {args.documents} documents, alternating with as many bare renders…", flush=True)
        engine = _engine(args, officer, petitions[args.pages :], today)
    loads["after_engine"] = load_average()
    print(f"Accepting {args.pages} complaints through the page, alternating with their GET…", flush=True)
    pages = _pages(args, unit, officer, petitions[: args.pages], today)
    loads["after_pages"] = load_average()
    pdfs: dict[str, Any] = {}
    if args.pdfs:
        office = office_binary() or "LibreOffice not installed: the PDFs will fail"
        print(f"PDFs: {args.pdfs} documents through a worker of {args.concurrency} ({office})…", flush=True)
        pdfs = _pdfs(args, unit, work)
        loads["after_pdfs"] = load_average()
    _hold_purge(hold)
    stats = {
        name: Stats.of(samples)
        for name, samples in {**engine, **pages["samples"], "conversion": pdfs.get("conversions", [])}.items()
        if samples
    }
    return {
        "benchmark": "documents",
        "date": timezone.localdate().isoformat(),
        "machine": {
            **machine_facts(server_facts(SERVER_FACTS)),
            "load_average": loads,
            "broker": settings.CELERY_BROKER_URL.split("://")[0],
        },
        "options": options(args),
        "unit": unit.code,
        "kind": KIND,
        "stats": {name: asdict(value) for name, value in stats.items()},
        "ratios": {
            "issue_over_render": ratios(stats["issue"], stats["render"]),
            "accept_post_over_detail_get": ratios(stats["accept_post"], stats["detail_get"]),
        },
        "goal": {"p95_seconds": GOAL_P95_SECONDS, "issue_met": stats["issue"].p95 < GOAL_P95_SECONDS},
        "pages": {k: v for k, v in pages.items() if k != "samples"},
        "pdfs": {k: v for k, v in pdfs.items() if k != "conversions"},
        "samples": {**engine, **pages["samples"], "conversion": pdfs.get("conversions", [])},
    }
