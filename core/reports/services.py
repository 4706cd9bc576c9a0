"""Submitting (freezing) a unit's report, and the province roll-up run by the worker."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.common.errors import ConflictError, PermissionDeniedError
from tenants.models import Unit

from .compute import UnitRef, province_reports_by_unit, province_units, unit_report
from .excel import workbook_bytes
from .models import ReportJob, ReportSubmission
from .periods import Period, period_bounds
from .selectors import require_form, require_inspectorate


def report_submit(*, unit, form: str, period: Period, actor, today=None) -> ReportSubmission:
    """Freeze the unit's report for the period as computed now, once its period has ended.

    A submitted report is final: a second submission of the same form and period is refused
    (its figures can still be compared with a recomputation; correcting it is a matter for the
    inspectorate, outside this function).
    """
    if not actor.has_perm("reports.submit_report"):
        raise PermissionDeniedError(_("Only the unit's leaders submit its reports."))
    require_form(form)
    today = today or timezone.localdate()
    if period.end >= today:
        raise ConflictError(
            _("A report can be submitted once its period has ended (after %(end)s).")
            % {"end": f"{period.end:%d/%m/%Y}"}
        )
    exists = ReportSubmission.objects.filter(unit_code=unit.code, form=form, period_kind=period.kind, year=period.year)
    if exists.exists():
        raise ConflictError(_("This report has already been submitted; a submitted report cannot be changed."))
    report = unit_report(form=form, period=period, unit=UnitRef.of(unit)).as_dict()
    try:
        with transaction.atomic():
            return ReportSubmission.objects.create(
                unit_code=unit.code,
                province_code=unit.province_code,
                form=form,
                period_kind=period.kind,
                year=period.year,
                period_start=period.start,
                period_end=period.end,
                rule_id=period.rule_id,
                form_version=period.form_version,
                data=report,
                submitted_by=actor.get_username(),
                submitted_at=timezone.now(),
            )
    except IntegrityError as exc:  # submitted concurrently
        raise ConflictError(_("This report has already been submitted; a submitted report cannot be changed.")) from exc


def report_job_create(*, inspectorate, form: str, period: Period, requested_by: str, enqueue: bool = True) -> ReportJob:
    """Queue the province roll-up of one form (or all four, ``ReportJob.ALL_FORMS``) for the worker."""
    from .tasks import report_job_run as report_job_run_task

    require_inspectorate(inspectorate)
    if form != ReportJob.ALL_FORMS:
        require_form(form)
    job = ReportJob.objects.create(
        province_code=inspectorate.province_code,
        inspectorate_code=inspectorate.code,
        form=form,
        period_kind=period.kind,
        year=period.year,
        period_start=period.start,
        period_end=period.end,
        requested_by=requested_by,
    )
    if enqueue:
        transaction.on_commit(lambda: report_job_run_task.delay(job.pk))
    return job


def report_job_run(*, job_id: int) -> ReportJob:
    """Compute the province's tables unit by unit, saving the progress after each unit, then the
    workbook (one sheet per form). Reads only public-schema tables."""
    job = ReportJob.objects.defer("result").get(pk=job_id)
    if job.status == ReportJob.Status.DONE:
        return job
    job.progress_save(status=ReportJob.Status.RUNNING, started_at=timezone.now(), done=0, error="")
    try:
        period = period_bounds(job.period_kind, job.year)
        issuer = UnitRef.of(Unit.objects.get(code=job.inspectorate_code))
        job.progress_save(total=len(province_units(issuer.province_code, period)))
        reports = province_reports_by_unit(
            forms=job.forms,
            period=period,
            issuer=issuer,
            before_unit=lambda unit: job.progress_save(current=unit.name),
            on_unit=lambda done, unit: job.progress_save(done=done),
        )
        tables = [report.as_dict() for report in reports]
        job.progress_save(
            status=ReportJob.Status.DONE,
            data=tables,
            result=workbook_bytes(tables),
            current="",
            finished_at=timezone.now(),
        )
    except Exception as exc:
        job.progress_save(status=ReportJob.Status.FAILED, error=str(exc), finished_at=timezone.now())
        raise
    return job
