from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gongkai.appeals"
    label = "appeals"
    verbose_name = "复议诉讼"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from gongkai.audit import labels

        from .models import AppealCase

        labels.register_choices("appeal", AppealCase)
