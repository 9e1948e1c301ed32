"""The database cache with an atomic ``incr``, for counters shared by every worker process.

Django's ``DatabaseCache.incr`` is ``get`` then ``set``: two processes both read 4 and both
write 5, so 20 parallel submissions got 8 (SQLite) and 13 (PostgreSQL) through a limit of 5.
It also rewrites the entry with the default timeout, so a counter for an hour would vanish
after five minutes. Here the read-modify-write runs in one transaction that first takes the
row's write lock with a no-op ``UPDATE``: on PostgreSQL that is the row lock ``SELECT … FOR
UPDATE`` would take, so parallel increments queue on it; on SQLite the first write takes the
database's write lock whatever the transaction mode, so increments run one after another. (A
single ``UPDATE … SET value = value + 1`` is impossible: the cache stores pickled values.) The
expiry stays as ``add`` set it.

``add`` needs no change: a new counter is an ``INSERT`` and the cache key is unique, so of two
parallel adds one inserts and the other fails and falls back to ``incr``; django-ratelimit's
keys carry their window, so an expired entry is never revived by ``add``.
"""

from __future__ import annotations

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        q = connection.ops.quote_name
        table, cache_key, value, expires = (
            q(self._table),
            q("cache_key"),
            q("value"),
            q("expires"),
        )
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {expires} = {expires} WHERE {cache_key} = %s AND {expires} > %s",
                [key, now],
            )
            if cursor.rowcount != 1:
                raise ValueError(f"Key '{key}' not found.")
            cursor.execute(f"SELECT {value} FROM {table} WHERE {cache_key} = %s", [key])
            stored = connection.ops.process_clob(cursor.fetchone()[0])
            new_value = pickle.loads(base64.b64decode(stored.encode(), validate=True)) + delta
            encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol)).decode()
            cursor.execute(
                f"UPDATE {table} SET {value} = %s WHERE {cache_key} = %s", [encoded, key]
            )
        return new_value
