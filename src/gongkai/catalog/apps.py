from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = "主动公开"

    def ready(self):
        from gongkai.office import panels

        from .dashboard import catalog_panel

        panels.register(catalog_panel)

        from gongkai.audit import labels

        from .domain.workflow import EVENT_LABELS
        from .models import Record

        labels.register_choices("catalog", Record)
        labels.register_transitions("catalog", EVENT_LABELS)

        from gongkai.outbox import index

        from . import search
        from .actions import bump_generation

        index.register(apply=search.index_records, after=bump_generation)
