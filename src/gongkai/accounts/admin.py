from django.contrib import admin

from gongkai.audit.admin import ReadOnlyAdmin

from .models import User


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    """Read-only: accounts change through gongkai's actions so every change is audited."""

    list_display = ("username", "full_name", "email", "is_active", "is_superuser", "last_login")
    search_fields = ("username", "full_name", "email")
    exclude = ("password",)
