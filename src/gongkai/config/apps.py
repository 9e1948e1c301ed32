from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """Holds the platform's own deployment checks (config/checks.py)."""

    name = "gongkai.config"
    label = "gongkai_config"
    verbose_name = "平台配置"

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)
