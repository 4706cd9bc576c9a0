from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.response import Response

from api.base import TenantAPIView, TenantViewSet, UnitRequest
from api.permissions import HasPerm
from core.accounts.models import User
from core.accounts.services import user_create, user_set_active, user_set_roles

from .serializers import MeOutputSerializer, UserCreateInputSerializer, UserOutputSerializer, UserUpdateInputSerializer


class MeApi(TenantAPIView):
    @extend_schema(responses=MeOutputSerializer)
    def get(self, request: UnitRequest) -> Response:
        return Response(MeOutputSerializer(request.user, context={"request": request}).data)


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """The unit's staff accounts, managed by the unit administrator."""

    permission_classes = [HasPerm.of("accounts.manage_unit_users")]
    serializer_class = UserOutputSerializer
    filterset_fields = ["is_active", "groups__name"]
    search_fields = ["username", "full_name", "email"]
    ordering_fields = ["username", "full_name", "last_login"]

    def get_queryset(self):
        return User.objects.prefetch_related("groups").order_by("username")

    @extend_schema(request=UserCreateInputSerializer, responses={201: UserOutputSerializer})
    def create(self, request: UnitRequest) -> Response:
        data = UserCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = user_create(unit=request.tenant, acting_user=request.user, **data.validated_data)
        return Response(UserOutputSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UserUpdateInputSerializer, responses=UserOutputSerializer)
    def partial_update(self, request: UnitRequest, pk=None) -> Response:
        user = self.get_object()
        data = UserUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "roles" in data.validated_data:
            user_set_roles(unit=request.tenant, user=user, roles=data.validated_data["roles"], acting_user=request.user)
        if "is_active" in data.validated_data:
            user_set_active(user=user, is_active=data.validated_data["is_active"], acting_user=request.user)
        return Response(UserOutputSerializer(user).data)
