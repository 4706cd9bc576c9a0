"""Transfers between units: this unit's inbox and outbox, a transfer's history, the receiver's
answers and the sender's reminder. Every view inherits ``TenantViewSet`` (an authenticated member
of this unit); lists need ``petitions.view_petition``, each answer is decided by its service."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantViewSet, UnitRequest
from api.filters import SearchFilter
from api.permissions import HasPerm
from api.petitions.serializers import SealedReadInputSerializer  # one reason form for every sealed read
from core.transfers import services
from core.transfers.models import Transfer
from core.transfers.selectors import receiving_units, transfer_history, transfer_list, transfers_readable

from .serializers import (
    ChaseInputSerializer,
    DateInputSerializer,
    HistoryLineSerializer,
    OnwardInputSerializer,
    ReturnInputSerializer,
    SealedIdentitySerializer,
    TransferFilterSerializer,
    TransferOutputSerializer,
    UnitChoiceSerializer,
)

VIEW = "petitions.view_petition"


class TransferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Petitions this unit forwarded to, or received from, other units of the platform."""

    serializer_class = TransferOutputSerializer
    permission_classes = [HasPerm.of(VIEW)]
    lookup_value_regex = r"\d+"
    filter_backends = [SearchFilter]
    search_fields = ["reference", "counterpart_name", "counterpart_code", "subject"]

    def get_queryset(self):
        if self.action != "list":
            return transfers_readable()
        filters = TransferFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        if data.get("direction"):
            return transfer_list(direction=data["direction"], state=data.get("state", ""), overdue=data["overdue"])
        return transfers_readable()

    @extend_schema(parameters=[TransferFilterSerializer], responses=TransferOutputSerializer(many=True))
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    def _done(self, transfer: Transfer) -> Response:
        return Response(TransferOutputSerializer(transfers_readable().get(pk=transfer.pk)).data)

    @extend_schema(responses=HistoryLineSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: UnitRequest, pk=None) -> Response:
        return Response(HistoryLineSerializer(transfer_history(self.get_object()), many=True).data)

    @extend_schema(request=DateInputSerializer, responses=TransferOutputSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: UnitRequest, pk=None) -> Response:
        data = _valid(DateInputSerializer, request)
        return self._done(
            services.inbound_acknowledge(transfer=self.get_object(), actor=request.user, date=data.get("date"))
        )

    @extend_schema(request=DateInputSerializer, responses=TransferOutputSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: UnitRequest, pk=None) -> Response:
        data = _valid(DateInputSerializer, request)
        return self._done(
            services.inbound_accept(transfer=self.get_object(), actor=request.user, date=data.get("date"))
        )

    @extend_schema(request=ReturnInputSerializer, responses=TransferOutputSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: UnitRequest, pk=None) -> Response:
        data = _valid(ReturnInputSerializer, request)
        return self._done(
            services.inbound_return(
                transfer=self.get_object(), actor=request.user, reason=data["reason"], date=data.get("date")
            )
        )

    @extend_schema(request=OnwardInputSerializer, responses=TransferOutputSerializer)
    @action(detail=True, methods=["post"])
    def onward(self, request: UnitRequest, pk=None) -> Response:
        data = _valid(OnwardInputSerializer, request)
        return self._done(
            services.inbound_forward_onward(
                transfer=self.get_object(),
                actor=request.user,
                receiving_unit=data["receiving_unit"],
                legal_ground=data["legal_ground"],
                date=data.get("date"),
            )
        )

    @extend_schema(request=ChaseInputSerializer, responses=TransferOutputSerializer)
    @action(detail=True, methods=["post"])
    def chase(self, request: UnitRequest, pk=None) -> Response:
        data = _valid(ChaseInputSerializer, request)
        return self._done(
            services.transfer_chase(
                transfer=self.get_object(), actor=request.user, report_by=data.get("report_by"), date=data.get("date")
            )
        )

    @extend_schema(request=None, responses=TransferOutputSerializer)
    @action(detail=True, methods=["post"])
    def resend(self, request: UnitRequest, pk=None) -> Response:
        return self._done(services.transfer_resend(transfer=self.get_object(), actor=request.user))

    @extend_schema(request=SealedReadInputSerializer, responses=SealedIdentitySerializer)
    @action(detail=True, methods=["post"], url_path="sealed-identity")
    def sealed_identity(self, request: UnitRequest, pk=None) -> Response:
        data = _valid(SealedReadInputSerializer, request)
        identity = services.inbound_sealed_read(transfer=self.get_object(), actor=request.user, reason=data["reason"])
        response = Response(SealedIdentitySerializer(identity).data)
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Part of a unit's name or code")],
        responses=UnitChoiceSerializer(many=True),
    )
    # At most 20 units, not a page of a list (the schema must not say paginated).
    @action(detail=False, methods=["get"], url_path="units", pagination_class=None, filter_backends=[])
    def units(self, request: UnitRequest) -> Response:
        """The units of the platform a petition can be forwarded to (search by name or code)."""
        units = receiving_units(query=request.query_params.get("q", ""))[:20]
        return Response(UnitChoiceSerializer(units, many=True).data)


def _valid(serializer_class, request: Request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
