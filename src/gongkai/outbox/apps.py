from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "gongkai.outbox"
    label = "outbox"
    verbose_name = "后台任务"

    def ready(self):
        from gongkai.audit import labels

        from .models import Mail

        # The retry's audit row changes a mail's or an index change's status; both share the
        # words that matter there (待发送/发送失败 for queued/failed).
        labels.register_choices("outbox", Mail)
