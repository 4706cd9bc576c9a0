from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from api.base import TenantAPIView, TenantViewSet, UnitRequest
from api.permissions import HasPerm
from core.accounts.models import RoleRequest
from core.accounts.selectors import role_request_list, staff_list
from core.accounts.services import (
    can_decide_role_requests,
    role_request_decide,
    user_create,
    user_set_active,
    user_set_roles,
)

from .serializers import (
    MeOutputSerializer,
    RoleRequestOutputSerializer,
    UserCreateInputSerializer,
    UserOutputSerializer,
    UserUpdateInputSerializer,
)


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
        return staff_list()

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


class CanDecideRoleRequests(BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and can_decide_role_requests(request.user))


class RoleRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Roles that need a second person's approval (the inspector's, the clearance for sealed
    identities): asked for by a unit administrator through ``users/``, decided here by another
    administrator or the unit's head. Neither who asked nor whom it is for may decide (403)."""

    permission_classes = [CanDecideRoleRequests]
    serializer_class = RoleRequestOutputSerializer
    filterset_fields = ["state", "role"]
    search_fields = ["user__username", "role"]
    ordering_fields = ["requested_at"]

    def get_queryset(self):
        return role_request_list(pending_only=False)

    @extend_schema(request=None, responses=RoleRequestOutputSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: UnitRequest, pk=None) -> Response:
        item: RoleRequest = self.get_object()
        return Response(
            RoleRequestOutputSerializer(role_request_decide(role_request=item, actor=request.user, approve=True)).data
        )

    @extend_schema(request=None, responses=RoleRequestOutputSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: UnitRequest, pk=None) -> Response:
        item: RoleRequest = self.get_object()
        return Response(
            RoleRequestOutputSerializer(role_request_decide(role_request=item, actor=request.user, approve=False)).data
        )
