"""The platform admin's view of transfers between units: read-only, failed deliveries with their error."""

from django.contrib import admin

from .models import TransferTrack


@admin.register(TransferTrack)
class TransferTrackAdmin(admin.ModelAdmin):
    list_display = ["reference", "sender_name", "receiver_name", "sent_on", "state", "due_date", "last_error"]
    list_filter = ["state"]
    search_fields = ["reference", "sender_code", "receiver_code"]
    readonly_fields = [field.name for field in TransferTrack._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
