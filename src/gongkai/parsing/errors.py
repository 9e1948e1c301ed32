"""The one exception the parser raises on purpose."""

from __future__ import annotations

from gongkai.errors import InvalidInput


class UnreadableReport(InvalidInput):
    """The input cannot be read as an annual report; ``reason`` is one Chinese line for a clerk."""

    code = "unreadable_report"
    message = "无法识别为年度报告。"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
