"""Every transition of the table, every illegal one, and the paths a request really takes."""

from __future__ import annotations

import pytest

from gongkai.requests.domain.workflow import (
    EVENT_INFO,
    HEAD_EVENTS,
    IMPORT_EVENTS,
    TRANSITIONS,
    Event,
    IllegalTransition,
    State,
    WorkflowError,
    allowed_events,
    next_state,
)

ALL_PAIRS = [(s, e) for s in State for e in Event]


def test_labels_are_the_agreed_chinese_words():
    assert [s.label for s in State] == [
        "待确认",
        "办理中",
        "待补正",
        "征求意见中",
        "待缴费",
        "延期待审批",
        "已办结",
    ]
    assert all(e.label for e in Event)
    assert Event.REQUEST_CORRECTION.article == "第三十条"
    assert Event.APPROVE_EXTENSION.article == "第三十三条第二款"
    assert "第三十二条" in Event.START_CONSULTATION.article


def test_every_event_has_metadata_and_only_the_head_decides_extensions():
    assert set(EVENT_INFO) == set(Event)
    assert HEAD_EVENTS == {Event.APPROVE_EXTENSION, Event.REFUSE_EXTENSION}


@pytest.mark.parametrize(("state", "event"), list(TRANSITIONS))
def test_each_transition_in_the_table(state, event):
    assert next_state(state, event) == TRANSITIONS[(state, event)]
    assert next_state(state.value, event.value) == TRANSITIONS[(state, event)]
    assert (event in allowed_events(state)) == (event not in IMPORT_EVENTS)


def test_only_the_import_takes_the_import_event():
    assert IMPORT_EVENTS == {Event.IMPORT}
    assert all(Event.IMPORT not in allowed_events(s) for s in State)


@pytest.mark.parametrize(("state", "event"), [p for p in ALL_PAIRS if p not in TRANSITIONS])
def test_each_pair_outside_the_table_is_refused_in_chinese(state, event):
    with pytest.raises(IllegalTransition) as exc:
        next_state(state, event)
    message = str(exc.value)
    assert state.label in message and event.label in message
    assert "此时可以" in message
    assert event not in allowed_events(state)


def test_unknown_names_are_workflow_errors():
    with pytest.raises(WorkflowError, match="未知的办理状态"):
        next_state("archived", Event.REPLY)
    with pytest.raises(WorkflowError, match="未知的办理事项"):
        next_state(State.PROCESSING, "approve")


def test_every_state_is_reachable_and_every_open_state_can_end():
    reachable, frontier = {State.SUBMITTED}, [State.SUBMITTED]
    while frontier:
        state = frontier.pop()
        for event in allowed_events(state):
            target = next_state(state, event)
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(State)
    for state in State:
        if state != State.CLOSED:
            assert Event.WITHDRAW in allowed_events(state)  # an applicant may always withdraw
    assert allowed_events(State.CLOSED) == [Event.REOPEN]


def _walk(*events: Event) -> State:
    state = State.SUBMITTED
    for event in events:
        state = next_state(state, event)
    return state


def test_real_paths():
    E = Event
    assert _walk(E.CONFIRM_RECEIPT, E.REPLY) == State.CLOSED
    assert _walk(E.CONFIRM_RECEIPT, E.REQUEST_CORRECTION, E.RECEIVE_CORRECTION) == State.PROCESSING
    assert _walk(E.CONFIRM_RECEIPT, E.REQUEST_CORRECTION, E.CORRECTION_LAPSED) == State.CLOSED
    assert (
        _walk(E.CONFIRM_RECEIPT, E.START_CONSULTATION, E.END_CONSULTATION, E.REQUEST_EXTENSION)
        == State.EXTENSION_PENDING
    )
    assert _walk(E.CONFIRM_RECEIPT, E.REQUEST_EXTENSION, E.REFUSE_EXTENSION) == State.PROCESSING
    assert _walk(E.CONFIRM_RECEIPT, E.ISSUE_FEE_NOTICE, E.FEE_LAPSED) == State.CLOSED
    assert _walk(E.CONFIRM_RECEIPT, E.REPLY, E.REOPEN, E.REPLY) == State.CLOSED


def test_reopening_needs_a_reason_and_other_steps_do_not():
    from gongkai.requests.domain.workflow import missing_reason

    assert "须写明原因" in missing_reason(Event.REOPEN, " \n")
    assert missing_reason(Event.REOPEN, "复议决定书责令重新答复") is None
    assert missing_reason(Event.REPLY, "") is None
