"""The append-only, hash-chained audit log of every change and workflow transition."""
