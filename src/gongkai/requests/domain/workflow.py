"""The life of a request for information, as one table of states and events.

Every change of state goes through ``next_state``; anything not in ``TRANSITIONS`` is refused
with a Chinese message that lists what is possible instead. The clock (``clock.py``) reads the
same events, so the table and the deadline can never disagree about what happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gongkai.errors import Conflict


class State(StrEnum):
    SUBMITTED = "submitted"
    PROCESSING = "processing"
    AWAITING_CORRECTION = "awaiting_correction"
    IN_CONSULTATION = "in_consultation"
    AWAITING_FEE = "awaiting_fee"
    EXTENSION_PENDING = "extension_pending"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS: dict[State, str] = {
    State.SUBMITTED: "待确认",
    State.PROCESSING: "办理中",
    State.AWAITING_CORRECTION: "待补正",
    State.IN_CONSULTATION: "征求意见中",
    State.AWAITING_FEE: "待缴费",
    State.EXTENSION_PENDING: "延期待审批",
    State.CLOSED: "已办结",
}


class Event(StrEnum):
    CONFIRM_RECEIPT = "confirm_receipt"
    REQUEST_CORRECTION = "request_correction"
    RECEIVE_CORRECTION = "receive_correction"
    CORRECTION_LAPSED = "correction_lapsed"
    START_CONSULTATION = "start_consultation"
    END_CONSULTATION = "end_consultation"
    ISSUE_FEE_NOTICE = "issue_fee_notice"
    FEE_PAID = "fee_paid"
    FEE_LAPSED = "fee_lapsed"
    REQUEST_EXTENSION = "request_extension"
    APPROVE_EXTENSION = "approve_extension"
    REFUSE_EXTENSION = "refuse_extension"
    SET_LATER_DATE = "set_later_date"
    REPLY = "reply"
    WITHDRAW = "withdraw"
    REOPEN = "reopen"
    TRANSFER = "transfer"
    IMPORT = "import"

    @property
    def label(self) -> str:
        return EVENT_INFO[self].label

    @property
    def article(self) -> str:
        return EVENT_INFO[self].article

    @property
    def info(self) -> EventInfo:
        return EVENT_INFO[self]


@dataclass(frozen=True)
class EventInfo:
    """What a clerk sees: a label, the provision the step rests on, who may take it."""

    label: str
    article: str
    head_only: bool = False
    # Steps that carry a number of working days in the clock (period granted or given).
    takes_working_days: bool = False
    # Taken by the ledger import only, never by a clerk on a request page.
    import_only: bool = False
    # The step undoes a decision already given, so the record must say why.
    needs_reason: bool = False
    # The step names another agency: its own form and action (``actions.transfer``), not the
    # generic step form.
    names_agency: bool = False


# Articles are of the Regulations (条例) unless named otherwise.
EVENT_INFO: dict[Event, EventInfo] = {
    Event.CONFIRM_RECEIPT: EventInfo("确认收到申请", "第三十一条"),
    Event.REQUEST_CORRECTION: EventInfo("发出补正通知", "第三十条", takes_working_days=True),
    Event.RECEIVE_CORRECTION: EventInfo("收到补正", "第三十条"),
    Event.CORRECTION_LAPSED: EventInfo("逾期未补正、视为放弃申请", "第三十条"),
    Event.START_CONSULTATION: EventInfo("书面征求意见", "第三十二条、第三十四条"),
    Event.END_CONSULTATION: EventInfo("结束征求意见", "第三十二条、第三十四条"),
    Event.ISSUE_FEE_NOTICE: EventInfo(
        "发出收费通知", "第四十二条；国办函〔2020〕109号", takes_working_days=True
    ),
    Event.FEE_PAID: EventInfo("收到信息处理费", "第四十二条；国办函〔2020〕109号"),
    Event.FEE_LAPSED: EventInfo("逾期未缴费、不再处理", "第四十二条；国办函〔2020〕109号"),
    Event.REQUEST_EXTENSION: EventInfo("提请延长答复期限", "第三十三条第二款"),
    Event.APPROVE_EXTENSION: EventInfo(
        "同意延长答复期限", "第三十三条第二款", head_only=True, takes_working_days=True
    ),
    Event.REFUSE_EXTENSION: EventInfo("不同意延长答复期限", "第三十三条第二款", head_only=True),
    # Art. 35: a volume clearly beyond reason but with a reasonable purpose: the office sets a
    # reasonable later date and tells the applicant; no head's approval is prescribed.
    Event.SET_LATER_DATE: EventInfo("确定延后答复的期限", "第三十五条", takes_working_days=True),
    Event.REPLY: EventInfo("作出答复", "第三十六条"),
    # Withdrawal and reopening rest on no article of the Regulations: the applicant's own
    # choice, and a reconsideration or court decision (or a correction of an error) ordering a
    # new reply.
    Event.WITHDRAW: EventInfo("申请人撤回申请", ""),
    # Reopening supersedes a reply the applicant already holds (it is kept as history) and
    # may touch a year already reported: the head decides (``request.reopen``), with a reason.
    Event.REOPEN: EventInfo("重新办理", "", needs_reason=True),
    # Transfer (转办) to the agency that holds the information, as the 12345 hotline and
    # 一网通办 route their orders: the Regulations prescribe only telling the applicant which
    # agency is responsible (Art. 36(5)); here the request itself moves there, the applicant
    # is told, and the receiving agency's own receipt (Art. 31) starts its clock afresh.
    Event.TRANSFER: EventInfo(
        "转送其他机关办理", "参照第三十六条第五项", needs_reason=True, names_agency=True
    ),
    # A request from an office's ledger (台账) kept before the platform: received on the
    # ledger's date, like a confirmed receipt; its later steps are then replayed one by one.
    Event.IMPORT: EventInfo("台账导入（收到申请）", "第三十一条", import_only=True),
}

# Approving or refusing an extension is for the head of the disclosure office (Art. 33(2)).
HEAD_EVENTS: frozenset[Event] = frozenset(e for e, info in EVENT_INFO.items() if info.head_only)
IMPORT_EVENTS: frozenset[Event] = frozenset(e for e, info in EVENT_INFO.items() if info.import_only)
AGENCY_EVENTS: frozenset[Event] = frozenset(
    e for e, info in EVENT_INFO.items() if info.names_agency
)

S, E = State, Event
TRANSITIONS: dict[tuple[State, Event], State] = {
    (S.SUBMITTED, E.CONFIRM_RECEIPT): S.PROCESSING,
    (S.SUBMITTED, E.IMPORT): S.PROCESSING,
    (S.SUBMITTED, E.WITHDRAW): S.CLOSED,
    # Not yet confirmed, or received but nothing decided yet: the request moves to the agency
    # responsible and waits there for its confirmation of receipt.
    (S.SUBMITTED, E.TRANSFER): S.SUBMITTED,
    (S.PROCESSING, E.TRANSFER): S.SUBMITTED,
    (S.PROCESSING, E.REQUEST_CORRECTION): S.AWAITING_CORRECTION,
    (S.PROCESSING, E.START_CONSULTATION): S.IN_CONSULTATION,
    (S.PROCESSING, E.ISSUE_FEE_NOTICE): S.AWAITING_FEE,
    (S.PROCESSING, E.REQUEST_EXTENSION): S.EXTENSION_PENDING,
    (S.PROCESSING, E.SET_LATER_DATE): S.PROCESSING,
    (S.PROCESSING, E.REPLY): S.CLOSED,
    (S.PROCESSING, E.WITHDRAW): S.CLOSED,
    (S.AWAITING_CORRECTION, E.RECEIVE_CORRECTION): S.PROCESSING,
    (S.AWAITING_CORRECTION, E.CORRECTION_LAPSED): S.CLOSED,
    (S.AWAITING_CORRECTION, E.WITHDRAW): S.CLOSED,
    (S.IN_CONSULTATION, E.END_CONSULTATION): S.PROCESSING,
    (S.IN_CONSULTATION, E.WITHDRAW): S.CLOSED,
    (S.AWAITING_FEE, E.FEE_PAID): S.PROCESSING,
    (S.AWAITING_FEE, E.FEE_LAPSED): S.CLOSED,
    (S.AWAITING_FEE, E.WITHDRAW): S.CLOSED,
    (S.EXTENSION_PENDING, E.APPROVE_EXTENSION): S.PROCESSING,
    (S.EXTENSION_PENDING, E.REFUSE_EXTENSION): S.PROCESSING,
    # The clock keeps running while the head decides, so the office may still reply in time.
    (S.EXTENSION_PENDING, E.REPLY): S.CLOSED,
    (S.EXTENSION_PENDING, E.WITHDRAW): S.CLOSED,
    (S.CLOSED, E.REOPEN): S.PROCESSING,
}
del S, E


class WorkflowError(Conflict, ValueError):
    """A step the rules do not allow; the message says why and what to do instead."""

    code = "request_workflow"
    message = "申请当前的办理状态不允许此操作。"


class IllegalTransition(WorkflowError):
    code = "request_transition"
    message = "申请当前的状态不能进行此步骤。"

    def __init__(self, state: State, event: Event):
        self.state, self.event = state, event
        possible = "、".join(e.label for e in allowed_events(state)) or "无"
        super().__init__(f"申请当前为“{state.label}”，不能“{event.label}”。此时可以：{possible}。")


def _coerce(state: State | str, event: Event | str) -> tuple[State, Event]:
    try:
        state = State(state)
    except ValueError:
        raise WorkflowError(f"未知的办理状态“{state}”") from None
    try:
        event = Event(event)
    except ValueError:
        raise WorkflowError(f"未知的办理事项“{event}”") from None
    return state, event


def next_state(state: State | str, event: Event | str) -> State:
    state, event = _coerce(state, event)
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise IllegalTransition(state, event) from None


def missing_reason(event: Event | str, note: str) -> str | None:
    """Why ``event`` cannot be taken with ``note`` as its reason, or None."""
    event = Event(event)
    if EVENT_INFO[event].needs_reason and not note.strip():
        return f"“{event.label}”须写明原因（如复议决定书或判决书的文号、需更正的错误）。"
    return None


def allowed_events(state: State | str) -> list[Event]:
    """Events a clerk may take in ``state``, in the order of ``Event`` (the order a clerk
    expects); the import's own event is not one of them."""
    state, _ = _coerce(state, Event.REPLY)
    return [e for e in Event if (state, e) in TRANSITIONS and e not in IMPORT_EVENTS]
