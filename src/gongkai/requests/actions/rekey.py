"""Re-encrypting the stored identity numbers and phones with the current field key.

Rotation (fieldcrypt): a new key goes to the front of ``GONGKAI_FIELD_KEY`` and the old one stays
behind it, so both old and new values open. This action rewrites every value made by another
key (or still plaintext, e.g. written by the release before 0006) with the current one; after it,
the old key can be dropped from the list. Batches of requests, each with its audit row in the
same transaction, so an interrupted run loses nothing and the next run goes on from there.
"""

from __future__ import annotations

from gongkai.audit import log as audit
from gongkai.fieldcrypt.fields import keyring
from gongkai.fieldcrypt.rekey import encrypted_models, reencrypt
from gongkai.organisations import policy
from gongkai.organisations.roles import Action

from ..models import InfoRequest

FIELDS = ("id_number", "phone")
REFUSED = "只能在服务器上用命令行 gongkai requests rekey 重新加密个人信息。"


def _require_server(actor) -> None:
    # Only the system (the command line on the server) reads and writes every applicant's
    # personal data across the installation: no role or operator holds that.
    if not policy.platform_can(actor, Action.REQUEST_VIEW_PERSONAL):
        raise policy.Denied(REFUSED)


def _note() -> str:
    current = keyring().current
    return f"用当前密钥 {current.algorithm}:{current.key_id} 重新加密"


def reencrypt_personal_data(*, actor) -> int:
    """Rewrite every identity number and phone not made by the current key; the number of
    requests changed."""
    _require_server(actor)

    def recorded(pks: list) -> None:
        audit.record(
            actor=actor,
            action="request.reencrypt_personal",
            object_type="requests.inforequest",
            object_repr=f"{len(pks)} 件申请的证件号码和电话",
            changes={"requests": [None, pks]},
            note=_note(),
        )

    return reencrypt(InfoRequest, FIELDS, on_batch=recorded)


def reencrypt_other_fields(*, actor) -> dict[str, int]:
    """The same for every other encrypted column (mail waiting in the outbox, the webhooks'
    signing secrets): without it they could not be opened once the old key is dropped. The
    number of rows changed, by the model's name."""
    _require_server(actor)
    changed = {}
    for model, fields in encrypted_models():
        if model is InfoRequest:
            continue
        label, name = model._meta.label_lower, str(model._meta.verbose_name)

        def recorded(pks: list, label=label, name=name) -> None:
            audit.record(
                actor=actor,
                action="data.reencrypt",
                object_type=label,
                object_repr=f"{len(pks)} 条{name}",
                changes={"rows": [None, pks]},
                note=_note(),
            )

        changed[name] = reencrypt(model, fields, on_batch=recorded)
    return changed
