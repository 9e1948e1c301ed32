from django.apps import AppConfig
from django.db.models.signals import post_migrate

from . import anchor


def anchor_the_unkeyed_chain(sender, using="default", **kwargs):
    """Where the chain was written before it was keyed (migration 0003) and nothing anchors it
    yet, anchor its head now: entries written the old way can then not be extended or re-chained
    the old way unnoticed. Once a keyed entry exists every append anchors itself."""
    entries = sender.get_model("AuditEntry").objects.using(using)
    if anchor.read() or entries.filter(chain_version__gte=2).exists():
        return
    last = entries.order_by("-seq").first()
    if last is not None:
        anchor.append(last.seq, last.hash)


class AuditConfig(AppConfig):
    name = "gongkai.audit"
    verbose_name = "审计日志"

    def ready(self):
        post_migrate.connect(anchor_the_unkeyed_chain, sender=self)
