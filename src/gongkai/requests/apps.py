from django.apps import AppConfig
from django.conf import settings
from django.core.management import call_command
from django.db.models.signals import post_migrate
from PIL import Image


def _create_limits_cache_table(sender, using, verbosity=1, **kwargs):
    """The submission limit counts in a cache table (config/cache.py) that is no model, so no
    migration makes it. Every migrate, whoever runs it (`gongkai migrate`, an upgrade, a test
    database), creates it if missing; createcachetable leaves an existing table alone."""

    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))


def bound_pillow() -> None:
    """Pillow warns above this many pixels and refuses twice as many when it opens an image;
    by default it allows 179 million (a 500 MB RGB bitmap) from a file of a few bytes. The
    release files' own check (redaction_files.Limits) refuses above the setting itself."""
    Image.MAX_IMAGE_PIXELS = settings.GONGKAI_RELEASE_MAX_PAGE_PIXELS


class RequestsConfig(AppConfig):
    name = "gongkai.requests"
    label = "requests"
    verbose_name = "依申请公开"

    def ready(self):
        bound_pillow()
        post_migrate.connect(
            _create_limits_cache_table, sender=self, dispatch_uid="requests-limits-cache"
        )

        from gongkai.workdays.signals import calendar_changed, calendar_preview

        from .actions import recompute_on_calendar_change
        from .clock_service import due_date_changes

        calendar_changed.connect(recompute_on_calendar_change, dispatch_uid="requests-due-dates")
        calendar_preview.connect(due_date_changes, dispatch_uid="requests-due-date-preview")

        from gongkai.office import audit_screens, panels

        from .dashboard import requests_panel
        from .presentation import register_audit_labels, screen_audit_rows
        from .stats import timeliness

        panels.register(requests_panel)
        panels.register_unit_statistics(timeliness)
        audit_screens.register(screen_audit_rows)
        register_audit_labels()
