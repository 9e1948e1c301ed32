from django.dispatch import Signal

# Sent inside the transaction that changed the calendar, with ``actor`` and ``year``, so that
# contexts with deadlines (requests, catalog timeliness) recompute them in the same transaction.
calendar_changed = Signal()
