"""The periodic reports API: a unit's own reports (view, download, submit) and, for the provincial
inspectorate, the province's reports, who has submitted, and roll-up jobs with their progress.

A unit's endpoints always serve ``request.tenant``'s own report: no unit code is taken from the
request. The province endpoints need ``reports.view_province_report`` in a unit of kind
"provincial_inspectorate" and are scoped to that unit's province.
"""

from django.http import HttpResponse
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from api.base import TenantAPIView, UnitRequest
from api.permissions import HasPerm
from core.common.errors import ConflictError
from core.reports.excel import XLSX, workbook_bytes, workbook_filename
from core.reports.models import ReportSubmission
from core.reports.selectors import (
    province_report_get,
    report_job_get,
    report_job_list,
    report_period,
    submission_meta,
    submission_status,
    unit_report_compare,
    unit_report_get,
)
from core.reports.services import report_job_create, report_submit
from tenants.models import UnitKind

from .serializers import (
    CompareOutputSerializer,
    JobInputSerializer,
    JobOutputSerializer,
    ReportOutputSerializer,
    ReportQuerySerializer,
    SubmissionOutputSerializer,
    SubmissionStatusOutputSerializer,
    UnitReportQuerySerializer,
)

VIEW = HasPerm.of("reports.view_report")
SUBMIT = HasPerm.of("reports.submit_report")
XLSX_RESPONSE = {(200, XLSX): OpenApiTypes.BINARY}


class IsProvincialInspectorate(BasePermission):
    """The request is served in the provincial inspectorate's workspace."""

    message = gettext_lazy("Only the provincial inspectorate sees the province's reports.")

    def has_permission(self, request, view) -> bool:
        unit = getattr(request, "tenant", None)
        return bool(unit is not None and unit.kind == UnitKind.PROVINCIAL_INSPECTORATE and unit.province_code)


PROVINCE: list[type[BasePermission]] = [HasPerm.of("reports.view_province_report"), IsProvincialInspectorate]


def _query(request: UnitRequest, serializer_class=ReportQuerySerializer, data=None) -> dict:
    query = serializer_class(data=request.query_params if data is None else data)
    query.is_valid(raise_exception=True)
    values = dict(query.validated_data)
    values["period"] = report_period(values["period"], values.pop("year"))
    return values


def _xlsx(reports: list[dict], filename: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes(reports), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class UnitReportApi(TenantAPIView):
    """The unit's own report for a form and period (its frozen snapshot once submitted)."""

    permission_classes = [VIEW]

    @extend_schema(parameters=[UnitReportQuerySerializer], responses=ReportOutputSerializer)
    def get(self, request: UnitRequest) -> Response:
        query = _query(request, UnitReportQuerySerializer)
        return Response(ReportOutputSerializer(unit_report_get(unit=request.tenant, **query)).data)


class UnitReportXlsxApi(TenantAPIView):
    """The unit's report as an Excel workbook in the official layout."""

    permission_classes = [VIEW]

    @extend_schema(parameters=[UnitReportQuerySerializer], responses=XLSX_RESPONSE)
    def get(self, request: UnitRequest) -> HttpResponse:
        report = unit_report_get(unit=request.tenant, **_query(request, UnitReportQuerySerializer))
        return _xlsx([report], workbook_filename(report))


class UnitReportCompareApi(TenantAPIView):
    """The submitted report against a recomputation from the events now."""

    permission_classes = [VIEW]

    @extend_schema(parameters=[ReportQuerySerializer], responses=CompareOutputSerializer)
    def get(self, request: UnitRequest) -> Response:
        return Response(CompareOutputSerializer(unit_report_compare(unit=request.tenant, **_query(request))).data)


class UnitSubmissionApi(TenantAPIView):
    """The unit's submitted reports; a leader submits (freezes) one, once its period has ended."""

    def get_permissions(self):
        return [SUBMIT()] if self.request.method == "POST" else [VIEW()]

    @extend_schema(responses=SubmissionOutputSerializer(many=True))
    def get(self, request: UnitRequest) -> Response:
        submissions = ReportSubmission.objects.filter(unit_code=request.tenant.code).defer("data")
        return Response(SubmissionOutputSerializer([submission_meta(s) for s in submissions], many=True).data)

    @extend_schema(request=ReportQuerySerializer, responses={201: ReportOutputSerializer})
    def post(self, request: UnitRequest) -> Response:
        query = _query(request, data=request.data)
        report_submit(unit=request.tenant, actor=request.user, **query)
        report = unit_report_get(unit=request.tenant, **query)
        return Response(ReportOutputSerializer(report).data, status=status.HTTP_201_CREATED)


class ProvinceReportApi(TenantAPIView):
    """The province's report ("toàn tỉnh"): one row per unit of the province and the total."""

    permission_classes = PROVINCE

    @extend_schema(parameters=[ReportQuerySerializer], responses=ReportOutputSerializer)
    def get(self, request: UnitRequest) -> Response:
        report = province_report_get(inspectorate=request.tenant, **_query(request))
        return Response(ReportOutputSerializer(report).data)


class ProvinceReportXlsxApi(TenantAPIView):
    """The province's report of one form as an Excel workbook (computed now)."""

    permission_classes = PROVINCE

    @extend_schema(parameters=[ReportQuerySerializer], responses=XLSX_RESPONSE)
    def get(self, request: UnitRequest) -> HttpResponse:
        report = province_report_get(inspectorate=request.tenant, **_query(request))
        return _xlsx([report], workbook_filename(report))


class ProvinceSubmissionStatusApi(TenantAPIView):
    """Which units of the province have submitted a form for a period."""

    permission_classes = PROVINCE

    @extend_schema(parameters=[ReportQuerySerializer], responses=SubmissionStatusOutputSerializer(many=True))
    def get(self, request: UnitRequest) -> Response:
        rows = submission_status(inspectorate=request.tenant, **_query(request))
        return Response(SubmissionStatusOutputSerializer(rows, many=True).data)


class ReportJobListApi(TenantAPIView):
    """Province roll-ups: start one (computed by the worker, unit by unit) or list the recent ones."""

    permission_classes = PROVINCE

    @extend_schema(responses=JobOutputSerializer(many=True))
    def get(self, request: UnitRequest) -> Response:
        return Response(JobOutputSerializer(report_job_list(inspectorate=request.tenant), many=True).data)

    @extend_schema(request=JobInputSerializer, responses={202: JobOutputSerializer})
    def post(self, request: UnitRequest) -> Response:
        query = _query(request, JobInputSerializer, data=request.data)
        job = report_job_create(inspectorate=request.tenant, requested_by=request.user.get_username(), **query)
        job = report_job_get(inspectorate=request.tenant, job_id=job.pk)
        return Response(JobOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ReportJobApi(TenantAPIView):
    """A roll-up's progress (poll it until its status is done or failed)."""

    permission_classes = PROVINCE

    @extend_schema(responses=JobOutputSerializer)
    def get(self, request: UnitRequest, pk: int) -> Response:
        return Response(JobOutputSerializer(report_job_get(inspectorate=request.tenant, job_id=pk)).data)


class ReportJobXlsxApi(TenantAPIView):
    """A finished roll-up's workbook (one sheet per form)."""

    permission_classes = PROVINCE

    @extend_schema(responses=XLSX_RESPONSE)
    def get(self, request: UnitRequest, pk: int) -> HttpResponse:
        job = report_job_get(inspectorate=request.tenant, job_id=pk, with_result=True)
        if job.result is None:
            raise ConflictError(gettext("The roll-up has not finished yet."))
        response = HttpResponse(bytes(job.result), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
        return response
