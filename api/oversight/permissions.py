"""The inspectorate API's permission classes: thin wrappers around ``core.oversight.access``."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from core.oversight.access import can_manage_inspections, can_see_unit_recommendations, is_province_viewer


class IsProvinceInspector(BasePermission):
    """An inspector of this provincial inspectorate (``oversight.view_province``)."""

    message = _("Only the provincial inspectorate's inspectors may see this.")

    def has_permission(self, request, view) -> bool:
        return is_province_viewer(request.user, getattr(request, "tenant", None))


class CanManageInspections(BasePermission):
    """Writes also need ``oversight.manage_inspection``; reads need the inspector's view only."""

    message = _("Only the provincial inspectorate's inspectors may do this.")
    SAFE = ("GET", "HEAD", "OPTIONS")

    def has_permission(self, request, view) -> bool:
        unit = getattr(request, "tenant", None)
        if request.method in self.SAFE:
            return is_province_viewer(request.user, unit)
        return can_manage_inspections(request.user, unit)


class CanSeeUnitRecommendations(BasePermission):
    message = _("Only the unit's leaders may see the inspections' recommendations.")

    def has_permission(self, request, view) -> bool:
        return can_see_unit_recommendations(request.user, getattr(request, "tenant", None))


class IsInspectionManager(BasePermission):
    """``oversight.manage_inspection`` for reads too (e.g. the audit log of case openings)."""

    message = _("Only the provincial inspectorate's inspectors may do this.")

    def has_permission(self, request, view) -> bool:
        return can_manage_inspections(request.user, getattr(request, "tenant", None))
