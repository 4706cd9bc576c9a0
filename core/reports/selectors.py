"""Reading the periodic reports: a unit's own (frozen once submitted), and the province's.

A unit's report is always the caller's unit's: callers pass ``request.tenant``, never a code from
the request. The province's reports are for the provincial inspectorate only, scoped to its own
province.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.common.errors import ApplicationError, PermissionDeniedError
from tenants.models import UnitKind

from .compute import UnitRef, province_report, report_differences, unit_report
from .definitions import FORM_CODES
from .models import ReportJob, ReportSubmission
from .periods import PERIOD_KINDS, Period, period_bounds

MIN_YEAR, MAX_YEAR = 2014, 2100


def report_period(kind: str, year: int) -> Period:
    if kind not in PERIOD_KINDS:
        raise ApplicationError(_("Unknown report period “%(kind)s”.") % {"kind": kind}, extra={"field": "period"})
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise ApplicationError(_("Choose a year between 2014 and 2100."), extra={"field": "year"})
    return period_bounds(kind, int(year))


def require_form(form: str) -> str:
    if form not in FORM_CODES:
        raise ApplicationError(_("Unknown report form “%(form)s”.") % {"form": form}, extra={"field": "form"})
    return form


def require_inspectorate(unit) -> None:
    """Province-wide reports are the provincial inspectorate's alone."""
    if unit.kind != UnitKind.PROVINCIAL_INSPECTORATE or not unit.province_code:
        raise PermissionDeniedError(_("Only the provincial inspectorate sees the province's reports."))


def submission_meta(submission: ReportSubmission) -> dict:
    return {
        "id": submission.pk,
        "unit_code": submission.unit_code,
        "form": submission.form,
        "period_kind": submission.period_kind,
        "year": submission.year,
        "form_version": submission.form_version,
        "submitted_by": submission.submitted_by,
        "submitted_at": submission.submitted_at.isoformat(),
    }


def submission_get(*, unit_code: str, form: str, period: Period) -> ReportSubmission | None:
    return ReportSubmission.objects.filter(
        unit_code=unit_code, form=form, period_kind=period.kind, year=period.year
    ).first()


def unit_report_get(*, unit, form: str, period: Period, live: bool = False) -> dict:
    """The unit's table: the frozen snapshot once submitted (unless ``live``), else computed now."""
    require_form(form)
    submission = submission_get(unit_code=unit.code, form=form, period=period)
    if submission is not None and not live:
        report = dict(submission.data)
        report["submission"] = submission_meta(submission)
        report["frozen"] = True
        return report
    report = unit_report(form=form, period=period, unit=UnitRef.of(unit)).as_dict()
    report["submission"] = submission_meta(submission) if submission else None
    report["frozen"] = False
    return report


def unit_report_compare(*, unit, form: str, period: Period) -> dict:
    """The submitted snapshot against a recomputation now: which cells changed since."""
    require_form(form)
    submission = submission_get(unit_code=unit.code, form=form, period=period)
    if submission is None:
        raise ApplicationError(_("This report has not been submitted yet."), extra={"field": "form"})
    live = unit_report(form=form, period=period, unit=UnitRef.of(unit)).as_dict()
    differences = report_differences(submission.data, live)
    return {"submission": submission_meta(submission), "matches": not differences, "differences": differences}


def province_report_get(*, inspectorate, form: str, period: Period) -> dict:
    """The province's table now: one row per unit, each flagged submitted or not."""
    require_inspectorate(inspectorate)
    require_form(form)
    report = province_report(form=form, period=period, issuer=UnitRef.of(inspectorate)).as_dict()
    submitted = set(
        ReportSubmission.objects.filter(
            province_code=inspectorate.province_code, form=form, period_kind=period.kind, year=period.year
        ).values_list("unit_code", flat=True)
    )
    for row in report["rows"]:
        row["submitted"] = row["unit_code"] in submitted
    report["frozen"] = False
    return report


def submission_status(*, inspectorate, form: str, period: Period, report: dict | None = None) -> list[dict]:
    """Which units of the province have submitted the form for the period, and whether their
    frozen figures still equal a recomputation from the events (``report``: the province's
    table already computed for the same form and period, if the caller has it)."""
    report = report or province_report_get(inspectorate=inspectorate, form=form, period=period)
    live = {row["unit_code"]: row for row in report["rows"]}
    submissions = {
        s.unit_code: s
        for s in ReportSubmission.objects.filter(
            province_code=inspectorate.province_code, form=form, period_kind=period.kind, year=period.year
        )
    }
    status = []
    for row in report["rows"]:
        submission = submissions.get(row["unit_code"])
        entry = {
            "unit_code": row["unit_code"],
            "unit_name": row["unit_name"],
            "submitted": submission is not None,
            "submitted_at": submission.submitted_at.isoformat() if submission else None,
            "submitted_by": submission.submitted_by if submission else "",
            "matches_recomputation": None,
        }
        if submission is not None:
            frozen_rows = [r for r in submission.data["rows"] if r["unit_code"] == row["unit_code"]]
            frozen = {**submission.data, "rows": frozen_rows}
            recomputed = {**report, "rows": [live[row["unit_code"]]]}
            entry["matches_recomputation"] = not report_differences(frozen, recomputed)
        status.append(entry)
    return status


def report_job_get(*, inspectorate, job_id: int, with_result: bool = False) -> ReportJob:
    """A roll-up job of the inspectorate's own province (others do not exist from here)."""
    require_inspectorate(inspectorate)
    jobs = ReportJob.objects.filter(province_code=inspectorate.province_code)
    if not with_result:
        jobs = jobs.defer("result", "data")
    return jobs.get(pk=job_id)


def report_job_list(*, inspectorate, limit: int = 20):
    require_inspectorate(inspectorate)
    return ReportJob.objects.filter(province_code=inspectorate.province_code).defer("result", "data")[:limit]
