from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gongkai.appeals"
    label = "appeals"
    verbose_name = "复议诉讼"
    default_auto_field = "django.db.models.BigAutoField"
