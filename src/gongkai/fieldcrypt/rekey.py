"""Rewriting encrypted columns with the current key, for any model that has them.

After a rotation (a new key in front of ``GONGKAI_FIELD_KEY``, the old one behind it) every value
made by another key, or still plaintext, is decrypted and written again through its field,
which encrypts with the current key. Batches, each in its own transaction with whatever the
caller records for it (``on_batch``, the audit row), so an interrupted run loses nothing and
the next goes on from there. The models are found in the app registry, not imported: the
applicants' numbers, the mail waiting in the outbox and the webhook secrets alike.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db import models, transaction

from .fields import EncryptedCharField, keyring

BATCH = 200


def encrypted_fields(model) -> tuple[str, ...]:
    return tuple(f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField))


def encrypted_models() -> list[tuple[type[models.Model], tuple[str, ...]]]:
    """Every installed model with encrypted columns, and those columns, in a stable order."""
    found = [(m, encrypted_fields(m)) for m in apps.get_models()]
    return sorted(((m, f) for m, f in found if f), key=lambda mf: mf[0]._meta.label_lower)


def reencrypt(model, fields: tuple[str, ...], *, on_batch: Callable[[list], None]) -> int:
    """Rewrite ``model``'s rows holding a value of ``fields`` not made by the current key; the
    number of rows changed. ``on_batch(pks)`` runs in each batch's transaction."""
    ring = keyring()
    ring.current  # noqa: B018 — no key configured: said before anything is read
    stored = {
        f"stored_{f}": models.ExpressionWrapper(models.F(f), models.CharField()) for f in fields
    }
    contexts = {f: model._meta.get_field(f).context for f in fields}
    changed, last = 0, 0
    while True:
        with transaction.atomic():
            rows = list(
                model.objects.filter(pk__gt=last)
                .order_by("pk")
                .annotate(**stored)
                .values_list("pk", *stored)[:BATCH]
            )
            if not rows:
                return changed
            last = rows[-1][0]
            stale = [row for row in rows if any(ring.needs_rekey(v or "") for v in row[1:])]
            for pk, *values in stale:
                plain = {
                    f: ring.decrypt(v, contexts[f]) if v else v
                    for f, v in zip(fields, values, strict=True)
                }
                # update() writes through the field, i.e. encrypts with the current key.
                model.objects.filter(pk=pk).update(**plain)
            if stale:
                on_batch([pk for pk, *_ in stale])
                changed += len(stale)
