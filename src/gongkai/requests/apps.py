from django.apps import AppConfig


class RequestsConfig(AppConfig):
    name = "gongkai.requests"
    label = "requests"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai.workdays.signals import calendar_changed

        from .actions import recompute_on_calendar_change

        calendar_changed.connect(recompute_on_calendar_change, dispatch_uid="requests-due-dates")

        from gongkai.office import panels

        from .dashboard import requests_panel
        from .stats import timeliness

        panels.register(requests_panel)
        panels.register_unit_statistics(timeliness)
