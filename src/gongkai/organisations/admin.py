from django.contrib import admin

from gongkai.audit.admin import ReadOnlyAdmin

from .models import Agency, RoleAssignment


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "level", "kind", "parent", "is_active")
    list_filter = ("level", "kind", "is_active")
    search_fields = ("name", "code", "org_code")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("user", "agency", "role", "created_at")
    list_filter = ("role",)
