from rest_framework.permissions import BasePermission


class HasPerm(BasePermission):
    """``HasPerm.of("app.codename")``: the caller holds that permission in this unit."""

    perm: str = ""

    @classmethod
    def of(cls, perm: str) -> type[BasePermission]:
        return type(f"HasPerm_{perm.replace('.', '_')}", (cls,), {"perm": perm})

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.has_perm(self.perm))


class IsPlatformAdmin(BasePermission):
    """A platform admin: an account of the public schema allowed to onboard units."""

    def has_permission(self, request, view) -> bool:
        unit = getattr(request, "tenant", None)
        user = request.user
        return bool(
            unit is not None
            and unit.is_platform
            and user
            and user.is_authenticated
            and user.is_active
            and user.has_perm("accounts.onboard_units")
        )
