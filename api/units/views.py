"""The platform API (public schema): onboarding and the unit registry, for platform admins only."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import IsPlatformAdmin
from core.common.errors import ApplicationError
from tenants.catalogue import UnknownUnitCode
from tenants.invitations import InvitationError, admin_spec_clean, invitation_reissue
from tenants.models import OnboardingJob, Unit, UnitInvitation, UnitStatus
from tenants.provisioning import onboarding_job_create, unit_archive
from tenants.selectors import unit_invitation_latest, unit_list


class PlatformViewSet(viewsets.GenericViewSet):
    """Base of every platform endpoint: the caller must be a platform admin, in the public schema."""

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if not IsPlatformAdmin().has_permission(request, self):
            self.permission_denied(request, message=_("Only platform administrators may do this."))


class UnitOutputSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", default=None, read_only=True)
    path = serializers.CharField(source="path_prefix", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "kind",
            "parent_code",
            "province_code",
            "province_name",
            "is_remote_area",
            "status",
            "valid_from",
            "valid_to",
            "path",
        ]


class UnitUpdateInputSerializer(serializers.Serializer):
    is_remote_area = serializers.BooleanField(required=False)
    status = serializers.ChoiceField(choices=[UnitStatus.ARCHIVED], required=False)


class InvitationInputSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True)


class InvitationOutputSerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    state = serializers.CharField(read_only=True)

    class Meta:
        model = UnitInvitation
        fields = [
            "unit_code",
            "full_name",
            "email",
            "phone",
            "state",
            "issued_by",
            "issued_at",
            "expires_at",
            "sent_at",
            "accepted_at",
            "revoked_at",
        ]


class IssuedInvitationOutputSerializer(InvitationOutputSerializer):
    link = serializers.SerializerMethodField(help_text="The one-time link: in this answer only, stored nowhere.")

    class Meta(InvitationOutputSerializer.Meta):
        fields = [*InvitationOutputSerializer.Meta.fields, "link"]

    def get_link(self, _invitation) -> str:
        return self.context["link"]


class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlatformViewSet):
    serializer_class = UnitOutputSerializer
    lookup_field = "code"
    filterset_fields = ["province_code", "kind", "status", "is_remote_area"]
    search_fields = ["code", "name"]

    def get_queryset(self):
        return unit_list()

    @extend_schema(request=UnitUpdateInputSerializer, responses=UnitOutputSerializer)
    def partial_update(self, request: Request, code=None) -> Response:
        unit = self.get_object()
        data = UnitUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "is_remote_area" in data.validated_data:
            unit.is_remote_area = data.validated_data["is_remote_area"]
            unit.save(update_fields=["is_remote_area"])
        if data.validated_data.get("status") == UnitStatus.ARCHIVED:
            unit_archive(unit=unit)
        return Response(UnitOutputSerializer(unit).data)

    @extend_schema(
        methods=["GET"], responses={200: InvitationOutputSerializer, 404: None}, summary="The latest invitation"
    )
    @extend_schema(
        methods=["POST"],
        request=InvitationInputSerializer,
        responses={201: IssuedInvitationOutputSerializer},
        summary="Invite the unit's administrator, or re-issue the invitation",
        description=(
            "Replaces the open invitation (its link stops working). Without a body, the same person as the latest "
            "invitation is invited again. The answer carries the link once; only its hash is kept."
        ),
    )
    @action(detail=True, methods=["get", "post"])
    def invitation(self, request: Request, code=None) -> Response:
        unit = self.get_object()
        if request.method == "GET":
            latest = unit_invitation_latest(unit)
            if latest is None:
                raise NotFound(_("Unit %(code)s has no invitation.") % {"code": unit.code})
            return Response(InvitationOutputSerializer(latest).data)
        data = InvitationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            issued = invitation_reissue(unit=unit, issued_by=request.user.username, **data.validated_data)
        except InvitationError as exc:
            raise ApplicationError(exc.message, extra={"field": exc.field}) from exc
        output = IssuedInvitationOutputSerializer(issued.invitation, context={"link": issued.link})
        return Response(output.data, status=status.HTTP_201_CREATED)


class OnboardingJobOutputSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = OnboardingJob
        fields = [
            "id",
            "status",
            "province_code",
            "unit_codes",
            "total",
            "done",
            "created",
            "percent",
            "current",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]


class AdminInputSerializer(serializers.Serializer):
    """A unit's administrator to invite: an e-mail address, a phone number or both."""

    unit_code = serializers.CharField(max_length=32)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        try:
            return admin_spec_clean(**attrs)
        except InvitationError as exc:
            raise serializers.ValidationError({exc.field or "email": exc.message}) from exc


class OnboardingJobInputSerializer(serializers.Serializer):
    province_code = serializers.RegexField(r"^\d{2}$", required=False, allow_blank=True)
    unit_codes = serializers.ListField(child=serializers.CharField(max_length=32), required=False)
    admins = AdminInputSerializer(many=True, required=False)

    def validate(self, attrs):
        if not attrs.get("province_code") and not attrs.get("unit_codes"):
            raise serializers.ValidationError(_("Give a province code or at least one unit code."))
        return attrs


class OnboardingJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlatformViewSet):
    serializer_class = OnboardingJobOutputSerializer
    queryset = OnboardingJob.objects.all()

    @extend_schema(request=OnboardingJobInputSerializer, responses={202: OnboardingJobOutputSerializer})
    def create(self, request: Request) -> Response:
        data = OnboardingJobInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            job = onboarding_job_create(requested_by=request.user.username, **data.validated_data)
        except UnknownUnitCode as exc:
            raise ApplicationError(
                _("“%(code)s” is not in the official list of administrative units.") % {"code": exc.args[0]}
            ) from exc
        except InvitationError as exc:
            raise ApplicationError(exc.message, extra={"field": exc.field}) from exc
        job.refresh_from_db()
        return Response(OnboardingJobOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED)
