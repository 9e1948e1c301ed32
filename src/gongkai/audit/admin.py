from django.contrib import admin

from gongkai.organisations.admin import ReadOnlyAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("seq", "at", "actor_label", "action", "object_repr", "transition")
    list_filter = ("action",)
    search_fields = ("object_repr", "actor_label", "object_id")
