"""The register of outgoing documents: list, detail with versions, files, cancel, re-issue, and the
symbols per kind. Every view inherits ``TenantViewSet`` (authenticated member of this unit); the
register needs ``documents.view_issueddocument``, each write is decided by its service."""

from __future__ import annotations

import os

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantViewSet, UnitRequest
from api.filters import SearchFilter
from api.permissions import HasPerm
from core.documents.access import VIEW, document_may_open, document_refusal
from core.documents.models import IssuedDocument
from core.documents.selectors import document_register, document_versions, symbol_table
from core.documents.services import document_cancel, document_reissue, document_symbol_set
from core.petitions.services.sealed import sealed_document_opened

from .serializers import (
    IssuedDocumentFilterSerializer,
    IssuedDocumentOutputSerializer,
    ReasonInputSerializer,
    SymbolSerializer,
)


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """The unit's register (sổ văn bản đi): each number at its current version, newest first."""

    serializer_class = IssuedDocumentOutputSerializer
    permission_classes = [HasPerm.of(VIEW)]
    # Filters go through the selector; ?search= (what the list shows: number and title) through DRF.
    filter_backends = [SearchFilter]
    search_fields = ["number_display", "title"]

    def get_queryset(self):
        if self.action != "list":
            return IssuedDocument.objects.select_related("issued_by")
        filters = IssuedDocumentFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return document_register(**filters.validated_data)

    @extend_schema(parameters=[IssuedDocumentFilterSerializer], responses=IssuedDocumentOutputSerializer(many=True))
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=IssuedDocumentOutputSerializer(many=True))
    @action(detail=True, methods=["get"])
    def versions(self, request: UnitRequest, pk=None) -> Response:
        versions = document_versions(self.get_object())
        return Response(IssuedDocumentOutputSerializer(versions, many=True, context={"request": request}).data)

    def _file(self, fmt: str) -> FileResponse:
        document = self.get_object()
        refusal = document_refusal(self.request.user, document)
        if refusal:
            raise exceptions.PermissionDenied(refusal)
        file = document.docx if fmt == "docx" else document.pdf
        if not file:
            raise Http404
        # A notice to the denouncer carries the sealed identity: opening it is a read of the seal, audited.
        sealed_document_opened(document=document, actor=self.request.user)
        try:
            response = FileResponse(file.open("rb"), as_attachment=True, filename=os.path.basename(file.name))
        except FileNotFoundError:
            raise Http404 from None
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def docx(self, request: UnitRequest, pk=None) -> FileResponse:
        return self._file("docx")

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request: UnitRequest, pk=None) -> FileResponse:
        return self._file("pdf")

    def _act(self, service) -> Response:
        data = ReasonInputSerializer(data=self.request.data)
        data.is_valid(raise_exception=True)
        document = self.get_object()
        if not document_may_open(self.request.user, document):
            raise exceptions.PermissionDenied()
        result = service(document=document, actor=self.request.user, **data.validated_data)
        return Response(IssuedDocumentOutputSerializer(result, context={"request": self.request}).data)

    @extend_schema(request=ReasonInputSerializer, responses=IssuedDocumentOutputSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: UnitRequest, pk=None) -> Response:
        """Cancel: the number stays in the register, marked cancelled with the reason."""
        return self._act(document_cancel)

    @extend_schema(request=ReasonInputSerializer, responses=IssuedDocumentOutputSerializer)
    @action(detail=True, methods=["post"])
    def reissue(self, request: UnitRequest, pk=None) -> Response:
        """A new version under the same number; the old one is kept."""
        return self._act(document_reissue)

    @extend_schema(responses=SymbolSerializer(many=True))
    # A whole short table, not a page of a list (the schema must not say paginated).
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def symbols(self, request: UnitRequest) -> Response:
        """The symbol each kind's next number carries."""
        return Response(SymbolSerializer(symbol_table(request.tenant), many=True).data)

    @extend_schema(request=SymbolSerializer, responses=SymbolSerializer(many=True))
    @symbols.mapping.post
    def symbol_set(self, request: UnitRequest) -> Response:
        """Set one kind's symbol (empty: back to the default)."""
        data = SymbolSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document_symbol_set(actor=request.user, **data.validated_data)
        return Response(SymbolSerializer(symbol_table(request.tenant), many=True).data)
