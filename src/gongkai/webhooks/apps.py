from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "gongkai.webhooks"
    label = "webhooks"
    verbose_name = "事件推送"

    def ready(self):
        from gongkai.audit import labels
        from gongkai.audit import log as audit
        from gongkai.outbox import sweep

        from . import delivery, emit
        from .events import EVENT_LABELS
        from .models import Delivery

        # Lower layers call up through these registrations: every audit entry passes the
        # listener, the worker's sweep hands out deliveries whose task was lost.
        audit.after_record(emit.on_audit_entry)
        sweep.register("webhooks", delivery.sweep)
        labels.register_values("webhook", "events", {str(k): v for k, v in EVENT_LABELS.items()})
        labels.register_choices("webhook", Delivery)
