from django.dispatch import Signal

# Sent inside the transaction that changed the calendar, with ``actor`` and ``year``, so that
# contexts with deadlines (requests, catalog timeliness) recompute them in the same transaction.
calendar_changed = Signal()

# Sent before a schedule is saved, with ``calendar`` (the calendar as it would be) and ``today``;
# each receiver returns what would change, as a list of ``DeadlineChange``, so the administrator
# sees which open requests' deadlines move before confirming. This package cannot import the
# contexts that own deadlines; they answer here.
calendar_preview = Signal()
