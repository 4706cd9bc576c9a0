from django.contrib import admin

from .models import PetitionField


@admin.register(PetitionField)
class PetitionFieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "parent", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
    search_fields = ["code", "name_vi", "name_en"]
