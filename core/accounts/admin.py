from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Platform admins' accounts (the admin site only runs on the public schema)."""

    list_display = ["username", "full_name", "email", "is_active", "is_superuser", "last_login"]
    fieldsets = [
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Staff details"), {"fields": ["full_name", "position", "phone"]}),
    ]
