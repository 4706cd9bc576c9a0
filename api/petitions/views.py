from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantViewSet
from api.documents.serializers import IssuedDocumentOutputSerializer
from api.filters import SearchQuerySerializer
from api.pagination import CappedPageNumberPagination
from api.permissions import HasPerm
from core.catalogue.models import PetitionField
from core.documents.selectors import documents_for
from core.petitions.receipts import receipt_docx
from core.petitions.selectors import petition_list, senders_attach
from core.petitions.services.attachments import attachment_add, attachment_open
from core.petitions.services.petitions import petition_classify, petition_decide_outcome, petition_register
from core.petitions.services.sealed import sealed_identity_read
from core.petitions.workflow import petition_transition

from .serializers import (
    ClassifyInputSerializer,
    EventOutputSerializer,
    FieldOutputSerializer,
    OutcomeInputSerializer,
    PetitionDetailSerializer,
    PetitionListSerializer,
    PetitionRegisterInputSerializer,
    SealedReadInputSerializer,
    TransitionInputSerializer,
)


class PetitionFilterSerializer(SearchQuerySerializer):
    petition_type = serializers.CharField(required=False, default="")
    status = serializers.CharField(required=False, default="")
    field_code = serializers.CharField(required=False, default="")
    channel = serializers.CharField(required=False, default="")
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    due_soon = serializers.BooleanField(required=False, allow_null=True, default=None)
    is_open = serializers.BooleanField(required=False, allow_null=True, default=None)
    received_from = serializers.DateField(required=False, allow_null=True, default=None)
    received_to = serializers.DateField(required=False, allow_null=True, default=None)


class PetitionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """The unit's petitions: registration, classification, outcome, resolution lifecycle."""

    permission_classes = [HasPerm.of("petitions.view_petition")]
    filter_backends = []  # filtering goes through the selector
    # A unit's book grows to 100,000 petitions: counting every match of a broad search costs more
    # than the page, so the count stops at 1,000 (``count_capped``).
    pagination_class = CappedPageNumberPagination

    def get_queryset(self):
        if self.action != "list":
            return petition_list().prefetch_related("citizens", "deadlines")
        filters = PetitionFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = dict(filters.validated_data)
        return petition_list(**data)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        # The senders' names of the page's rows only: an OFFSET page must not read those it skips.
        return senders_attach(page) if page is not None and self.action == "list" else page

    def get_serializer_class(self):
        return PetitionListSerializer if self.action == "list" else PetitionDetailSerializer

    def _detail(self, petition, code=status.HTTP_200_OK) -> Response:
        petition = self.get_queryset().get(pk=petition.pk)
        return Response(PetitionDetailSerializer(petition, context={"request": self.request}).data, status=code)

    @extend_schema(parameters=[PetitionFilterSerializer], responses=PetitionListSerializer(many=True))
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=PetitionRegisterInputSerializer, responses={201: PetitionDetailSerializer})
    def create(self, request: Request) -> Response:
        data = PetitionRegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._detail(petition_register(actor=request.user, **data.validated_data), status.HTTP_201_CREATED)

    @extend_schema(request=ClassifyInputSerializer, responses=PetitionDetailSerializer)
    @action(detail=True, methods=["post"])
    def classify(self, request: Request, pk=None) -> Response:
        data = ClassifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._detail(petition_classify(petition=self.get_object(), actor=request.user, **data.validated_data))

    @extend_schema(request=OutcomeInputSerializer, responses=PetitionDetailSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request: Request, pk=None) -> Response:
        data = OutcomeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        petition = petition_decide_outcome(petition=self.get_object(), actor=request.user, **data.validated_data)
        return self._detail(petition)

    @extend_schema(
        request=TransitionInputSerializer,
        responses=PetitionDetailSerializer,
        parameters=[OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_]+\.[a-z_]+)")
    def transition(self, request: Request, pk=None, name: str = "") -> Response:
        data = TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        petition = petition_transition(
            petition=self.get_object(), name=name, actor=request.user, data=data.validated_data
        )
        return self._detail(petition)

    @extend_schema(responses=EventOutputSerializer(many=True))
    @action(detail=True, methods=["get"])
    def timeline(self, request: Request, pk=None) -> Response:
        events = self.get_object().events.select_related("actor")
        return Response(EventOutputSerializer(events, many=True).data)

    @extend_schema(responses=IssuedDocumentOutputSerializer(many=True))
    @action(detail=True, methods=["get"])
    def documents(self, request: Request, pk=None) -> Response:
        """The register's documents about this petition, current versions; the files of one the
        caller may not open (a notice naming the denouncer) are left out, as in the register."""
        documents = documents_for(subject=self.get_object()).select_related("issued_by")
        return Response(IssuedDocumentOutputSerializer(documents, many=True, context={"request": request}).data)

    @extend_schema(responses={(200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"): bytes})
    @action(detail=True, methods=["get"])
    def receipt(self, request: Request, pk=None) -> HttpResponse:
        petition = self.get_object()
        response = HttpResponse(
            receipt_docx(petition),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="bien-nhan-{petition.pk}.docx"'
        return response

    @extend_schema(request=SealedReadInputSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["post"], url_path="sealed-identity")
    def sealed_identity(self, request: Request, pk=None) -> Response:
        data = SealedReadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        identity = sealed_identity_read(petition=self.get_object(), actor=request.user, **data.validated_data)
        return Response(identity, headers={"Cache-Control": "no-store"})


class AttachmentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


class AttachmentViewSet(TenantViewSet):
    """Scans and documents of a petition. Those of a sealed denunciation are sealed too."""

    permission_classes = [HasPerm.of("petitions.view_petition")]
    serializer_class = AttachmentOutputSerializer

    def _petition(self):
        return petition_list().get(pk=self.kwargs["petition_pk"])

    @extend_schema(responses=AttachmentOutputSerializer(many=True))
    def list(self, request: Request, petition_pk=None) -> Response:
        petition = self._petition()
        if petition.is_confidential and not request.user.has_perm("petitions.read_sealed_identity"):
            return Response([])
        return Response(AttachmentOutputSerializer(petition.attachments.all(), many=True).data)

    @extend_schema(
        request={
            "multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
        },
        responses={201: AttachmentOutputSerializer},
    )
    def create(self, request: Request, petition_pk=None) -> Response:
        uploaded = request.FILES.get("file")
        if uploaded is None:
            raise serializers.ValidationError({"file": [_("Choose a file.")]})
        attachment = attachment_add(petition=self._petition(), actor=request.user, uploaded_file=uploaded)
        return Response(AttachmentOutputSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("reason", OpenApiTypes.STR, description="required for sealed petitions")],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def retrieve(self, request: Request, petition_pk=None, pk=None) -> FileResponse:
        attachment = attachment_open(
            petition=self._petition(),
            attachment_id=pk,
            actor=request.user,
            reason=request.query_params.get("reason", ""),
        )
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


class FieldViewSet(mixins.ListModelMixin, TenantViewSet):
    """Fields (lĩnh vực) petitions are classified under, maintained by platform admins."""

    serializer_class = FieldOutputSerializer
    pagination_class = None
    search_fields = ["code", "name_vi", "name_en"]
    queryset = PetitionField.objects.filter(is_active=True)
