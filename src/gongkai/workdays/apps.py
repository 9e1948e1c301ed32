from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "gongkai.workdays"
    verbose_name = "工作日历"

    def ready(self):
        from . import registry
        from .models import stored_schedules

        # Years an administrator entered take precedence over the package and the data file.
        registry.register_provider(stored_schedules)
