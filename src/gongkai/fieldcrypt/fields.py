"""``EncryptedCharField``: ciphertext in the database, plaintext on the model.

The key list comes from ``settings.FIELD_KEYS`` (``GONGKAI_FIELD_KEY``, or in demo and test a
key file under ``GONGKAI_VAR_DIR``), never from the database. Ciphertext is randomised, so the
column cannot be searched: every lookup but ``isnull`` is refused, and "the same applicant" is
found through the keyed blind index ``InfoRequest.applicant_key`` instead.

Migrations see the column as what it is to the database, a plain ``CharField`` wide enough for
the ciphertext (``deconstruct`` and ``clone``), so historical models read and write the stored
text and no migration imports this module.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.exceptions import FieldError
from django.db import models

from .cipher import Keyring, stored_length


@functools.lru_cache(maxsize=4)
def _keyring(texts: tuple[str, ...]) -> Keyring:
    return Keyring(texts)


def keyring() -> Keyring:
    return _keyring(tuple(getattr(settings, "FIELD_KEYS", ())))


class EncryptedCharField(models.CharField):
    """A ``CharField`` whose ``max_length`` limits the plaintext; the column is as wide as
    :func:`cipher.stored_length` of it. An empty value stays empty (it says only that the
    applicant gave none), so forms and blank checks work unchanged."""

    @property
    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs["max_length"] = stored_length(self.max_length)
        return name, "django.db.models.CharField", args, kwargs

    def clone(self):
        # Migration states hold clones: they get the column's field, not the encryption.
        name, path, args, kwargs = self.deconstruct()
        return models.CharField(*args, **kwargs)

    def db_type(self, connection):
        # As Field.db_type reads it: PostgreSQL's entry is a function (varchar without a
        # length), which a bulk insert there asks for; the others are format strings.
        column = connection.data_types["CharField"]
        data = {"max_length": stored_length(self.max_length)}
        return column(data) if callable(column) else column % data

    def cast_db_type(self, connection):
        return self.db_type(connection)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return keyring().encrypt(str(value), self.context)

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return keyring().decrypt(value, self.context)

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(
            f"{self.name} 是加密字段，不能按内容查询（{lookup_name}）：同一申请人请用盲索引 "
            "applicant_key 查找。"
        )

    def get_transform(self, lookup_name):
        raise FieldError(f"{self.name} 是加密字段，不能按内容查询（{lookup_name}）。")
