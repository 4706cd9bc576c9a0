"""The documents results as a table and a few lines."""

from __future__ import annotations

from typing import Any

from benchmarks.harness.stats import ratio_line

LABELS = {
    "issue": "document_issue (engine)",
    "render": "render_docx alone (floor)",
    "accept_post": "POST accept (page)",
    "detail_get": "GET petition (page)",
    "conversion": "LibreOffice in process",
}


def report(results: dict[str, Any]) -> str:
    stats, machine = results["stats"], results["machine"]
    lines = [
        f"Documents benchmark, {results['date']}: {results['kind']} in {results['unit']} "
        f"({machine['cpus']} CPUs, PostgreSQL {machine['postgresql']['server_version']}, broker "
        f"{machine['broker']}, load {machine['load_average']})",
        "",
        f"{'':<28} {'n':>4} {'mean ms':>8} {'p50':>8} {'p95':>8} {'max':>8}",
    ]
    for name, label in LABELS.items():
        if name in stats:
            s = stats[name]
            lines.append(
                f"{label:<28} {s['count']:>4} {1000 * s['mean']:>8.1f} {1000 * s['p50']:>8.1f} "
                f"{1000 * s['p95']:>8.1f} {1000 * s['max']:>8.1f}"
            )
    goal = results["goal"]
    verdict = "met" if goal["issue_met"] else "NOT met"
    lines += [
        "",
        f"engine / floor: {ratio_line(results['ratios']['issue_over_render'])}",
        f"POST accept / GET petition: {ratio_line(results['ratios']['accept_post_over_detail_get'])}",
        f"goal p95 < {1000 * goal['p95_seconds']:.0f} ms for the DOCX in the request: {verdict}",
        f"PDF still pending when the page answered: {results['pages']['pdf_pending_when_answered']} of "
        f"{results['pages']['posts']} accepts",
    ]
    pdfs = results["pdfs"]
    if pdfs:
        lines.append(
            f"worker ({pdfs['concurrency']} processes): {pdfs['documents']} PDFs in {pdfs['seconds']:.1f} s = "
            f"{pdfs['per_minute']:.1f} per minute; states {pdfs['states']}"
        )
    return "\n".join(lines)
