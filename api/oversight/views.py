"""The provincial inspectorate's API (under /u/<code>/api/v1/inspectorate/).

Every view inherits ``api.base.TenantAPIView`` (member of this unit) and adds the inspectorate's
rule from ``core.oversight.access`` through ``permissions.py``. Views parse input, call a selector or
a service, and serialise; the services refuse with 4xx errors.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView, TenantViewSet, UnitRequest
from api.filters import SearchFilter
from core.caseindex.models import CaseIndexEntry
from core.oversight import selectors, services
from core.oversight.access import can_manage_inspections
from core.oversight.models import CaseAccessGrant, CaseAccessLog, Inspection, InspectionRecommendation
from core.reports.periods import period_bounds, period_containing

from .permissions import CanManageInspections, CanSeeUnitRecommendations, IsInspectionManager, IsProvinceInspector
from .serializers import (
    AccessLogSerializer,
    CaseSerializer,
    DashboardQuerySerializer,
    DashboardSerializer,
    DueCaseSerializer,
    DueListQuerySerializer,
    GrantInputSerializer,
    GrantOutputSerializer,
    InspectionInputSerializer,
    InspectionOutputSerializer,
    InspectionUpdateSerializer,
    RecommendationDoneSerializer,
    RecommendationInputSerializer,
    RecommendationOutputSerializer,
    RecommendationReopenSerializer,
    RecommendationUpdateSerializer,
    UnitRecommendationSerializer,
)


def _query(serializer_class, request: UnitRequest) -> dict:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


class DashboardApi(TenantAPIView):
    """The province at a glance: each unit's figures side by side and their sum, from the PII-free
    case index and reception facts. Without ``period`` and ``year``: the quarter containing today."""

    permission_classes = [IsProvinceInspector]

    @extend_schema(parameters=[DashboardQuerySerializer], responses=DashboardSerializer)
    def get(self, request: UnitRequest) -> Response:
        query = _query(DashboardQuerySerializer, request)
        today = timezone.localdate()
        period = period_bounds(query["period"], query["year"]) if "period" in query else period_containing(today)
        board = selectors.province_dashboard(unit=request.tenant, period=period, today=today)
        board.units, _sort = selectors.units_sorted(board.units, query["sort"])
        return Response(DashboardSerializer(board).data)


class DueCaseViewSet(mixins.ListModelMixin, TenantViewSet):
    """Overdue (or, with ``due=near``, near-due) cases of every unit of the province: unit, case id,
    type, field and dates only."""

    permission_classes = [IsProvinceInspector]
    serializer_class = DueCaseSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CaseIndexEntry.objects.none()
        query = _query(DueListQuerySerializer, self.request)
        return selectors.province_due_list(province_code=self.request.tenant.province_code, **query)

    def get_serializer_context(self) -> dict[str, Any]:
        if getattr(self, "swagger_fake_view", False):
            return dict(super().get_serializer_context())
        names = selectors.province_unit_names(self.request.tenant.province_code)
        return {**super().get_serializer_context(), "unit_names": names}

    @extend_schema(parameters=[DueListQuerySerializer])
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)


class CaseApi(TenantAPIView):
    """A case of another unit, under a grant valid today for that unit; every read is logged.
    No sender, receipt code or sealed identity; 403 without a grant."""

    permission_classes = [IsProvinceInspector]

    @extend_schema(
        parameters=[OpenApiParameter("case_id", OpenApiTypes.UUID, OpenApiParameter.PATH)], responses=CaseSerializer
    )
    def get(self, request: UnitRequest, case_id) -> Response:
        case = services.case_open(inspectorate=request.tenant, actor=request.user, case_id=case_id)
        return Response(CaseSerializer(case).data)


class GrantViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Time-boxed grants to open one unit's cases. Inspectors see their own; managers all and issue them."""

    permission_classes = [CanManageInspections]
    serializer_class = GrantOutputSerializer
    filterset_fields = ["username", "unit_code", "inspection"]
    search_fields = ["username", "unit_code", "reason"]
    ordering_fields = ["valid_from", "valid_to", "created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema is built without a unit
            return CaseAccessGrant.objects.none()
        manage = can_manage_inspections(self.request.user, self.request.tenant)
        username = "" if manage else self.request.user.username
        return selectors.grant_list(inspectorate_code=self.request.tenant.code, username=username)

    @extend_schema(request=GrantInputSerializer, responses={201: GrantOutputSerializer})
    def create(self, request: UnitRequest) -> Response:
        data = GrantInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        grant = services.grant_create(inspectorate=request.tenant, actor=request.user, **data.validated_data)
        return Response(GrantOutputSerializer(grant).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=GrantOutputSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: UnitRequest, pk=None) -> Response:
        grant: CaseAccessGrant = self.get_object()
        grant = services.grant_revoke(grant=grant, inspectorate=request.tenant, actor=request.user)
        return Response(GrantOutputSerializer(grant).data)

    @extend_schema(request=None, responses=GrantOutputSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: UnitRequest, pk=None) -> Response:
        """The second person's approval (not the grantee, not who asked): the grant opens cases from now."""
        grant: CaseAccessGrant = self.get_object()
        grant = services.grant_approve(grant=grant, inspectorate=request.tenant, actor=request.user)
        return Response(GrantOutputSerializer(grant).data)

    @extend_schema(request=None, responses=GrantOutputSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: UnitRequest, pk=None) -> Response:
        grant: CaseAccessGrant = self.get_object()
        grant = services.grant_reject(grant=grant, inspectorate=request.tenant, actor=request.user)
        return Response(GrantOutputSerializer(grant).data)


class AccessLogViewSet(mixins.ListModelMixin, TenantViewSet):
    """Every opening of another unit's case by this inspectorate's accounts."""

    permission_classes = [IsInspectionManager]
    serializer_class = AccessLogSerializer
    filterset_fields = ["username", "unit_code", "case_id"]
    search_fields = ["username", "unit_code"]
    ordering_fields = ["at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CaseAccessLog.objects.none()
        return selectors.access_log_list(inspectorate_code=self.request.tenant.code)


class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Inspections of the units' responsibility for reception and petition handling."""

    permission_classes = [CanManageInspections]
    serializer_class = InspectionOutputSerializer
    filterset_fields = ["unit_code"]
    search_fields = ["decision_number", "scope"]
    ordering_fields = ["starts_on", "created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Inspection.objects.none()
        return selectors.inspection_list(inspectorate_code=self.request.tenant.code).prefetch_related("recommendations")

    @extend_schema(request=InspectionInputSerializer, responses={201: InspectionOutputSerializer})
    def create(self, request: UnitRequest) -> Response:
        data = InspectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inspection = services.inspection_create(inspectorate=request.tenant, actor=request.user, **data.validated_data)
        return Response(InspectionOutputSerializer(inspection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InspectionUpdateSerializer, responses=InspectionOutputSerializer)
    def partial_update(self, request: UnitRequest, pk=None) -> Response:
        inspection: Inspection = self.get_object()
        data = InspectionUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inspection = services.inspection_update(
            inspection=inspection, inspectorate=request.tenant, actor=request.user, **data.validated_data
        )
        return Response(InspectionOutputSerializer(inspection).data)

    @extend_schema(methods=["GET"], request=None, responses=RecommendationOutputSerializer(many=True), filters=False)
    @extend_schema(
        methods=["POST"], request=RecommendationInputSerializer, responses={201: RecommendationOutputSerializer}
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def recommendations(self, request: UnitRequest, pk=None) -> Response:
        inspection: Inspection = self.get_object()
        if request.method == "GET":
            rows = selectors.recommendation_list(inspectorate_code=request.tenant.code, inspection_id=inspection.pk)
            return Response(RecommendationOutputSerializer(rows, many=True).data)
        data = RecommendationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        recommendation = services.recommendation_create(
            inspection=inspection, inspectorate=request.tenant, actor=request.user, **data.validated_data
        )
        return Response(RecommendationOutputSerializer(recommendation).data, status=status.HTTP_201_CREATED)


class RecommendationFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=InspectionRecommendation.Status.choices, required=False, default="")
    unit_code = serializers.CharField(required=False, default="")
    inspection = serializers.IntegerField(required=False, default=None, source="inspection_id")


class RecommendationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """The inspections' recommendations, followed up until done."""

    permission_classes = [CanManageInspections]
    serializer_class = RecommendationOutputSerializer
    filter_backends = [SearchFilter]  # the other filters go through the selector
    search_fields = ["text", "follow_up_notes"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InspectionRecommendation.objects.none()
        if self.action != "list":
            return selectors.recommendation_list(inspectorate_code=self.request.tenant.code)
        query = _query(RecommendationFilterSerializer, self.request)
        return selectors.recommendation_list(inspectorate_code=self.request.tenant.code, **query)

    @extend_schema(parameters=[RecommendationFilterSerializer])
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RecommendationUpdateSerializer, responses=RecommendationOutputSerializer)
    def partial_update(self, request: UnitRequest, pk=None) -> Response:
        recommendation: InspectionRecommendation = self.get_object()
        data = RecommendationUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        recommendation = services.recommendation_update(
            recommendation=recommendation, inspectorate=request.tenant, actor=request.user, **data.validated_data
        )
        return Response(RecommendationOutputSerializer(recommendation).data)

    @extend_schema(request=RecommendationDoneSerializer, responses=RecommendationOutputSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: UnitRequest, pk=None) -> Response:
        recommendation: InspectionRecommendation = self.get_object()
        data = RecommendationDoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        recommendation = services.recommendation_mark_done(
            recommendation=recommendation, inspectorate=request.tenant, actor=request.user, **data.validated_data
        )
        return Response(RecommendationOutputSerializer(recommendation).data)

    @extend_schema(request=RecommendationReopenSerializer, responses=RecommendationOutputSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: UnitRequest, pk=None) -> Response:
        recommendation: InspectionRecommendation = self.get_object()
        data = RecommendationReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        recommendation = services.recommendation_reopen(
            recommendation=recommendation, inspectorate=request.tenant, actor=request.user, **data.validated_data
        )
        return Response(RecommendationOutputSerializer(recommendation).data)


class UnitRecommendationViewSet(mixins.ListModelMixin, TenantViewSet):
    """For any unit's leaders: the recommendations inspections addressed to their unit (read-only)."""

    permission_classes = [CanSeeUnitRecommendations]
    serializer_class = UnitRecommendationSerializer
    filter_backends = [SearchFilter]
    search_fields = ["text"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InspectionRecommendation.objects.none()
        return selectors.unit_recommendations(unit_code=self.request.tenant.code)
