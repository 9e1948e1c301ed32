"""The workflow state of a request or a record is written by its transition table, nowhere else.

A model whose ``state`` column is guarded (:class:`GuardedStateModel`, with
:class:`GuardedStateQuerySet` as its manager) refuses, outside :func:`transition_writes`:

* ``QuerySet.update(state=…)`` and ``bulk_update(…, ["state"])``, ``bulk_create``;
* ``save()`` of a new row, or of a loaded row whose state differs from the one read.

The named actions open :func:`transition_writes` right after the workflow's ``next_state``
accepted the step (and nowhere else: ``tests/test_architecture.py`` checks who calls it), so the
one table is the only way a state changes. Raw SQL is out of scope; so are data migrations.

Immutable rows (published versions) use :class:`ImmutableModel`: saved once, never updated.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.db import models

_writing = contextvars.ContextVar("gongkai_state_writes", default=False)


class StateWriteRefused(RuntimeError):
    """A state change outside its workflow's action: a programming error, never user input."""


@contextlib.contextmanager
def transition_writes() -> Iterator[None]:
    """Inside, guarded state columns may be written; for the workflows' actions only."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def _refuse(model: type[models.Model], how: str) -> None:
    if not _writing.get():
        raise StateWriteRefused(
            f"{model.__name__}.state 只能由其工作流的动作改变（{how}）；"
            "请调用 actions 中对应的动作。"
        )


class GuardedStateQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if "state" in kwargs:
            _refuse(self.model, "update(state=…)")
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if "state" in fields:
            _refuse(self.model, "bulk_update(state)")
        return super().bulk_update(objs, fields, *args, **kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        _refuse(self.model, "bulk_create")
        return super().bulk_create(objs, *args, **kwargs)


class GuardedStateModel(models.Model):
    """Abstract: the subclass defines ``state``; ``objects = GuardedStateQuerySet.as_manager()``."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._state_as_read = instance.__dict__.get("state")
        return instance

    def refresh_from_db(self, *args, **kwargs):
        # Also how a deferred ``state`` is loaded: the value read is the one to compare with.
        super().refresh_from_db(*args, **kwargs)
        self._state_as_read = self.__dict__.get("state")

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self._state.adding:
            _refuse(type(self), "新建")
        elif (update_fields is None or "state" in update_fields) and self.__dict__.get(
            "state"
        ) != getattr(self, "_state_as_read", None):
            _refuse(type(self), "save()")
        super().save(*args, **kwargs)
        self._state_as_read = self.__dict__.get("state")


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise StateWriteRefused(f"{self.model.__name__} 一经保存不能修改；修改应保存为新的一版。")

    def bulk_update(self, objs, fields, *args, **kwargs):
        raise StateWriteRefused(f"{self.model.__name__} 一经保存不能修改；修改应保存为新的一版。")


class ImmutableModel(models.Model):
    """Abstract: a row is written once; a change is a new row."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise StateWriteRefused(
                f"{type(self).__name__} 一经保存不能修改；修改应保存为新的一版。"
            )
        super().save(*args, **kwargs)
