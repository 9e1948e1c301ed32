from django.contrib import admin

from .models import Agency, RoleAssignment


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes go through gongkai's actions (audited); the admin only shows."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "level", "kind", "parent", "is_active")
    list_filter = ("level", "kind", "is_active")
    search_fields = ("name", "code", "org_code")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("user", "agency", "role", "created_at")
    list_filter = ("role",)
