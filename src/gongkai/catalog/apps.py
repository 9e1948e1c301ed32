from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = "主动公开"

    def ready(self):
        from gongkai.office import panels

        from .dashboard import catalog_panel

        panels.register(catalog_panel)
