"""The platform API (public schema): onboarding and the unit registry, for platform admins only."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import IsPlatformAdmin
from core.common.errors import ApplicationError
from tenants.catalogue import UnknownUnitCode
from tenants.models import OnboardingJob, Unit, UnitStatus
from tenants.provisioning import onboarding_job_create, unit_archive
from tenants.selectors import unit_list


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


class OnboardingJobInputSerializer(serializers.Serializer):
    province_code = serializers.RegexField(r"^\d{2}$", required=False, allow_blank=True)
    unit_codes = serializers.ListField(child=serializers.CharField(max_length=32), required=False)

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
        job.refresh_from_db()
        return Response(OnboardingJobOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED)
