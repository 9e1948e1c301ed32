"""Re-encrypting the stored identity numbers and phones with the current field key.

Rotation (fieldcrypt): a new key goes to the front of ``GONGKAI_FIELD_KEY`` and the old one stays
behind it, so both old and new values open. This action rewrites every value made by another
key (or still plaintext, e.g. written by the release before 0006) with the current one; after it,
the old key can be dropped from the list. Batches of requests, each with its audit row in the
same transaction, so an interrupted run loses nothing and the next run goes on from there.
"""

from __future__ import annotations

from django.db import models, transaction

from gongkai.audit import log as audit
from gongkai.fieldcrypt.fields import keyring
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from ..models import InfoRequest

FIELDS = ("id_number", "phone")
BATCH = 200


def _stored(queryset):
    """The rows with their columns as stored (ciphertext), beside the decrypted model values."""
    raw = {f"stored_{f}": models.ExpressionWrapper(models.F(f), models.CharField()) for f in FIELDS}
    return queryset.annotate(**raw).values_list("pk", *raw)


def reencrypt_personal_data(*, actor) -> int:
    """Rewrite every identity number and phone not made by the current key; the number of
    requests changed. Only the system (the command line on the server) reads and writes every
    applicant's personal data across the installation: no role or operator holds that."""
    if not policy.platform_can(actor, Action.REQUEST_VIEW_PERSONAL):
        raise policy.Denied("只能在服务器上用命令行 gongkai requests rekey 重新加密个人信息。")
    ring = keyring()
    current = ring.current  # no key configured: said before anything is read
    changed, last = 0, 0
    while True:
        with transaction.atomic():
            rows = list(_stored(InfoRequest.objects.filter(pk__gt=last).order_by("pk"))[:BATCH])
            if not rows:
                return changed
            last = rows[-1][0]
            stale = [row for row in rows if any(ring.needs_rekey(v or "") for v in row[1:])]
            for pk, *values in stale:
                plain = {
                    f: ring.decrypt(v, f"{InfoRequest._meta.label_lower}.{f}") if v else v
                    for f, v in zip(FIELDS, values, strict=True)
                }
                # update() writes through the field, i.e. encrypts with the current key.
                InfoRequest.objects.filter(pk=pk).update(**plain)
            if stale:
                audit.record(
                    actor=actor,
                    action="request.reencrypt_personal",
                    object_type="requests.inforequest",
                    object_repr=f"{len(stale)} 件申请的证件号码和电话",
                    changes={"requests": [None, [pk for pk, *_ in stale]]},
                    note=f"用当前密钥 {current.algorithm}:{current.key_id} 重新加密",
                )
                changed += len(stale)
