"""Which events a subscriber can choose, and which audit entries they are.

Plain Python. Every state change writes an audit entry with a stable code (``request.transition``
and its step ``reply``), so an event is read off the entry: the same code that the audit page
puts into words says what happened, and no action needs to name its events a second time.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any


class Event(StrEnum):
    RECEIVED = "request.received"
    CONFIRMED = "request.confirmed"
    CORRECTION_REQUESTED = "request.correction_requested"
    EXTENDED = "request.extended"
    REPLIED = "request.replied"
    CLOSED = "request.closed"
    TRANSFERRED = "request.transferred"
    RECORD_PUBLISHED = "record.published"
    REPORT_SUBMITTED = "report.submitted"

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS: dict[Event, str] = {
    Event.RECEIVED: "收到申请",
    Event.CONFIRMED: "确认收到申请（开始计算答复期限）",
    Event.CORRECTION_REQUESTED: "发出补正通知",
    Event.EXTENDED: "延长答复期限",
    Event.REPLIED: "作出答复（含处理结果和告知书）",
    Event.CLOSED: "申请办结",
    Event.TRANSFERRED: "转送其他机关办理（含接收机关）",
    Event.RECORD_PUBLISHED: "发布政府信息",
    Event.REPORT_SUBMITTED: "报送年度报告",
}

# Not an event anyone subscribes to: an operator's test of a receiver (actions.send_test).
TEST_EVENT = "ping"
LOG_LABELS: dict[str, str] = {
    **{e.value: label for e, label in EVENT_LABELS.items()},
    TEST_EVENT: "测试推送",
}

# A request step (requests.domain.workflow.Event values) → the event it is. Approving an
# extension (Art. 33) and setting a later date for a large request (Art. 35) both move the
# due date later.
_REQUEST_STEPS: dict[str, Event] = {
    "confirm_receipt": Event.CONFIRMED,
    "request_correction": Event.CORRECTION_REQUESTED,
    "approve_extension": Event.EXTENDED,
    "set_later_date": Event.EXTENDED,
    "reply": Event.REPLIED,
    "transfer": Event.TRANSFERRED,
}
CLOSED_STATE = "closed"


def concerned_agency_codes(event: Event, changes: Mapping[str, Any] | None) -> list[str]:
    """Agencies besides the entry's own whose subscribers hear of ``event``: a transfer
    concerns the receiving agency as much as the one that sent it."""
    moved = (changes or {}).get("agency")
    if event == Event.TRANSFERRED and isinstance(moved, (list, tuple)) and len(moved) == 2:
        return [str(moved[1])]
    return []


def events_for(action: str, transition: str, changes: Mapping[str, Any] | None) -> list[Event]:
    """The events one audit entry stands for, in the order they happened (none for most)."""
    changes = changes or {}
    if action == "request.create":
        # A clerk's registration carries its date of receipt: received and confirmed at once.
        # An online request waits for the office's confirmation (Art. 31).
        return [Event.RECEIVED, Event.CONFIRMED] if transition == "register" else [Event.RECEIVED]
    if action == "request.transition":
        events = [_REQUEST_STEPS[transition]] if transition in _REQUEST_STEPS else []
        state = changes.get("state")
        if isinstance(state, (list, tuple)) and len(state) == 2 and state[1] == CLOSED_STATE:
            events.append(Event.CLOSED)
        return events
    if action == "catalog.transition" and transition == "publish":
        return [Event.RECORD_PUBLISHED]
    if action == "report.submit":
        return [Event.REPORT_SUBMITTED]
    return []


# The audit actions that can stand for an event: anything else is passed over at once.
ACTIONS: frozenset[str] = frozenset(
    {"request.create", "request.transition", "catalog.transition", "report.submit"}
)
