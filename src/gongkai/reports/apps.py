from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self):
        from gongkai.catalog import record_extras
        from gongkai.office import panels

        from .dashboard import reports_panel
        from .views_public import record_extra

        panels.register(reports_panel)
        record_extras.register(record_extra)

        from . import audit_labels

        audit_labels.register()
