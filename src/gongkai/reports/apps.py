from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self):
        from gongkai.office import panels

        from .dashboard import reports_panel

        panels.register(reports_panel)

        from . import audit_labels

        audit_labels.register()
