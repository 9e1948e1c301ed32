from django.contrib import admin

from .models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes go through gongkai's actions (audited); the admin only shows."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("seq", "at", "actor_label", "action", "object_repr", "transition")
    list_filter = ("action",)
    search_fields = ("object_repr", "actor_label", "object_id")
    # An entry's changes and note can carry a request's description, an applicant's file
    # names: the office's audit page shows them screened for the reader, the admin not at all.
    exclude = ("changes", "note")
