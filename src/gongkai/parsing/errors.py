"""The one exception the parser raises on purpose."""

from __future__ import annotations


class UnreadableReport(Exception):
    """The input cannot be read as an annual report; ``reason`` is one Chinese line for a clerk."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
