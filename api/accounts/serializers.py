from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.accounts.models import RoleRequest, User
from core.accounts.roles import Role
from core.accounts.selectors import user_roles


class UserOutputSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "position", "email", "phone", "is_active", "roles", "last_login"]

    def get_roles(self, user: User) -> list[str]:
        return user_roles(user)


class UserCreateInputSerializer(serializers.Serializer):
    username = serializers.RegexField(
        r"^[\w.@+-]+$", max_length=150, error_messages={"invalid": _("Letters, digits and @/./+/-/_ only.")}
    )
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    position = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices), allow_empty=True)


class UserUpdateInputSerializer(serializers.Serializer):
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices), required=False)
    is_active = serializers.BooleanField(required=False)


class MeOutputSerializer(UserOutputSerializer):
    unit = serializers.SerializerMethodField()

    class Meta(UserOutputSerializer.Meta):
        fields = [*UserOutputSerializer.Meta.fields, "unit"]

    def get_unit(self, user: User) -> dict:
        unit = self.context["request"].tenant
        return {"code": unit.code, "name": unit.name, "kind": unit.kind}


class RoleRequestOutputSerializer(serializers.ModelSerializer):
    """A role awaiting (or past) a second person's approval."""

    username = serializers.CharField(source="user.username")
    requested_by = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = RoleRequest
        fields = ["id", "username", "role", "requested_by", "requested_at", "state", "decided_by", "decided_at"]

    def get_requested_by(self, item: RoleRequest) -> str:
        return item.requested_by.username if item.requested_by else ""

    def get_decided_by(self, item: RoleRequest) -> str:
        return item.decided_by.username if item.decided_by else ""
