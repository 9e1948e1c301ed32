"""The one transition table of a catalog record (政府信息).

A record is drafted, submitted for the confidentiality review (保密审查, Art. 17), approved or
returned with reasons, then published (now or at a set time). A published record may be revised
— it goes back through review while the last published version stays on the portal — or
withdrawn with a reason.
"""

from __future__ import annotations

from enum import StrEnum

from gongkai.errors import Conflict


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    State.DRAFT: "草稿",
    State.SUBMITTED: "待保密审查",
    State.APPROVED: "审查通过，待发布",
    State.PUBLISHED: "已发布",
    State.WITHDRAWN: "已撤回",
}


class Event(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    PUBLISH = "publish"
    REVISE = "revise"
    WITHDRAW = "withdraw"
    IMPORT = "import"

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS = {
    Event.SUBMIT: "提交保密审查",
    Event.APPROVE: "审查通过",
    Event.RETURN: "退回修改",
    Event.PUBLISH: "发布",
    Event.REVISE: "修订",
    Event.WITHDRAW: "撤回",
    Event.IMPORT: "导入已公开的信息",
}

# What the review sheet (保密审查单) concludes for each decision of the Art. 17 review.
REVIEW_CONCLUSIONS = {
    Event.APPROVE: "经审查，不涉及国家秘密、商业秘密、个人隐私等不予公开的内容，同意公开。",
    Event.RETURN: "退回修改。",
}


def review_conclusion(decision: str) -> str:
    """The legal conclusion of a confidentiality review, as the signed sheet states it."""
    return REVIEW_CONCLUSIONS[Event(decision)]


TRANSITIONS: dict[tuple[State, Event], State] = {
    (State.DRAFT, Event.SUBMIT): State.SUBMITTED,
    (State.SUBMITTED, Event.APPROVE): State.APPROVED,
    (State.SUBMITTED, Event.RETURN): State.DRAFT,
    # An approved text that turns out to need changes goes back to its drafter.
    (State.APPROVED, Event.RETURN): State.DRAFT,
    (State.APPROVED, Event.PUBLISH): State.PUBLISHED,
    (State.PUBLISHED, Event.REVISE): State.DRAFT,
    (State.PUBLISHED, Event.WITHDRAW): State.WITHDRAWN,
    # A record the agency published before the platform (目录导入): it was reviewed and made
    # public then, so it is entered as published, by the import and never by a person's step.
    (State.DRAFT, Event.IMPORT): State.PUBLISHED,
}
IMPORT_EVENTS = frozenset({Event.IMPORT})

# Events that need a written reason or opinion (一事一审: the reviewer says why).
NEEDS_NOTE = {
    Event.APPROVE: "请填写审查意见。",
    Event.RETURN: "请写明退回的理由和需要修改之处。",
    Event.WITHDRAW: "请写明撤回的理由。",
}
REVIEW_EVENTS = frozenset({Event.APPROVE, Event.RETURN})
PUBLISH_EVENTS = frozenset({Event.PUBLISH, Event.REVISE, Event.WITHDRAW})


class IllegalTransition(Conflict, ValueError):
    code = "catalog_transition"
    message = "此信息当前的状态不能进行此步骤。"


def next_state(state: State, event: Event) -> State:
    try:
        return TRANSITIONS[(State(state), Event(event))]
    except KeyError:
        raise IllegalTransition(
            f"“{State(state).label}”状态的信息不能“{Event(event).label}”。"
            f"可以进行的操作：{'、'.join(e.label for e in allowed_events(state)) or '无'}。"
        ) from None


def allowed_events(state: State) -> list[Event]:
    """The steps a person may take; the import's own event is not one of them."""
    return [e for (s, e) in TRANSITIONS if s == State(state) and e not in IMPORT_EVENTS]


def check_note(event: Event, note: str) -> None:
    if Event(event) in NEEDS_NOTE and not (note or "").strip():
        raise IllegalTransition(NEEDS_NOTE[Event(event)])
