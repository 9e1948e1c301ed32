"""The statutory clock on real dates: receipt, correction, consultation, fee, extension, reply."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.requests.domain.clock import (
    ClockError,
    ClockEvent,
    ClockPolicy,
    check_append,
    derive,
)
from gongkai.requests.domain.workflow import Event as E
from gongkai.requests.domain.workflow import State
from gongkai.workdays import WorkdayCalendar, add_working_days, working_days_between

CAL = WorkdayCalendar()
R = date(2025, 9, 26)  # Friday before National Day + Mid-autumn 2025; 20 working days → 10-30
RECEIVED = ClockEvent(E.CONFIRM_RECEIPT, R)
FAR = date(2026, 6, 1)


def ev(kind, on, working_days=None, note=""):
    return ClockEvent(kind, on, working_days, note)


def test_nothing_received_yet():
    state = derive([], CAL, today=R)
    assert state.state == State.SUBMITTED and state.due_on is None and state.lines == []


def test_receipt_alone():
    state = derive([RECEIVED], CAL, today=date(2025, 10, 20))
    assert state.received_on == R
    assert state.due_on == date(2025, 10, 30)
    assert state.correction_notice_due_on == date(2025, 10, 13)
    assert (state.days_used, state.days_left) == (12, 8)
    assert not state.overdue and not state.due_soon and not state.paused
    assert state.lines[0].startswith("2025-09-26 收到申请（第三十一条）；答复期限 20 个工作日")
    assert "第三十三条第二款" in state.lines[0]


def test_due_soon_and_overdue():
    assert derive([RECEIVED], CAL, today=date(2025, 10, 27)).due_soon
    assert derive([RECEIVED], CAL, today=date(2025, 10, 30)).days_left == 0
    late = derive([RECEIVED], CAL, today=date(2025, 11, 3))
    assert late.overdue and not late.due_soon and late.days_left == -2
    assert "逾期 2 个工作日" in late.lines[-1]


def test_correction_stops_the_clock_and_restarts_it():
    notice = ev(E.REQUEST_CORRECTION, date(2025, 10, 9), 10)
    waiting = derive([RECEIVED, notice], CAL, today=date(2025, 10, 15))
    assert waiting.state == State.AWAITING_CORRECTION
    assert waiting.paused and waiting.due_on is None and waiting.days_left is None
    assert waiting.correction_due_on == date(2025, 10, 22)
    assert "期限自收到补正后的申请之日起重新计算（第三十条）" in waiting.lines[1]
    assert waiting.warnings == []
    corrected = ev(E.RECEIVE_CORRECTION, date(2025, 10, 14))
    state = derive([RECEIVED, notice, corrected], CAL, today=date(2025, 10, 15))
    assert state.due_on == date(2025, 11, 11)
    assert state.counting_from == date(2025, 10, 14)
    assert (state.days_used, state.days_left) == (1, 19)


def test_a_late_correction_notice_is_warned_about():
    state = derive([RECEIVED, ev(E.REQUEST_CORRECTION, date(2025, 10, 14), 15)], CAL, today=FAR)
    assert any("晚于收到申请后 7 个工作日的期限 2025-10-13" in w for w in state.warnings)


def test_only_one_correction_notice():
    events = [
        RECEIVED,
        ev(E.REQUEST_CORRECTION, date(2025, 10, 9), 10),
        ev(E.RECEIVE_CORRECTION, date(2025, 10, 14)),
        ev(E.REQUEST_CORRECTION, date(2025, 10, 15), 10),
    ]
    with pytest.raises(ClockError, match="补正通知只能发出一次"):
        derive(events, CAL, today=FAR)


def test_correction_lapsed_early_is_warned_and_closes():
    events = [RECEIVED, ev(E.REQUEST_CORRECTION, date(2025, 10, 9), 10)]
    state = derive([*events, ev(E.CORRECTION_LAPSED, date(2025, 10, 20))], CAL, today=FAR)
    assert state.state == State.CLOSED and state.due_on is None
    assert any("尚未逾期" in w for w in state.warnings)
    assert "视为放弃申请" in state.lines[-1]


def test_consultation_is_not_counted():
    events = [
        RECEIVED,
        ev(E.START_CONSULTATION, date(2025, 10, 10)),
        ev(E.END_CONSULTATION, date(2025, 10, 24)),
    ]
    during = derive(events[:2], CAL, today=date(2025, 10, 20))
    assert during.paused and during.due_on is None
    assert during.consultation_reply_due_on == date(2025, 10, 30)
    assert (during.days_used, during.days_left) == (5, 15)
    state = derive(events, CAL, today=date(2025, 10, 27))
    assert state.due_on == date(2025, 11, 14)
    assert "征求第三方意见 2025-10-10 至 2025-10-24，不计入答复期限" in state.lines[2]
    assert state.warnings == []


def test_consultation_beyond_15_working_days_counts_against_the_office():
    events = [
        RECEIVED,
        ev(E.START_CONSULTATION, date(2025, 10, 10)),
        ev(E.END_CONSULTATION, date(2025, 11, 5)),
    ]
    state = derive(events, CAL, today=date(2025, 11, 6))
    assert state.due_on == date(2025, 11, 20)  # resumed after 2025-10-30, not 11-05
    assert any("超过 15 个工作日" in w for w in state.warnings)
    open_ended = derive(events[:2], CAL, today=date(2025, 11, 3))
    assert not open_ended.paused and open_ended.due_on == date(2025, 11, 20)
    assert any("征求意见期限已于 2025-10-30 届满" in w for w in open_ended.warnings)


def test_fee_notice_stops_the_clock_by_default_only():
    events = [
        RECEIVED,
        ev(E.ISSUE_FEE_NOTICE, date(2025, 10, 13), 10),
        ev(E.FEE_PAID, date(2025, 10, 20)),
    ]
    waiting = derive(events[:2], CAL, today=date(2025, 10, 15))
    assert waiting.paused and waiting.fee_payment_due_on == date(2025, 10, 27)
    assert "第四十二条" in waiting.lines[1] and "本机关设置" in waiting.lines[1]
    paid = derive(events, CAL, today=date(2025, 10, 21))
    # 7 working days used by 10-13; 13 left from 10-20.
    assert paid.due_on == add_working_days(CAL, date(2025, 10, 20), 13).due
    running = derive(
        events, CAL, today=date(2025, 10, 21), policy=ClockPolicy(fee_stops_clock=False)
    )
    assert running.due_on == date(2025, 10, 30)


def test_fee_lapsed_before_the_payment_period_is_warned():
    events = [RECEIVED, ev(E.ISSUE_FEE_NOTICE, date(2025, 10, 13), 10)]
    state = derive([*events, ev(E.FEE_LAPSED, date(2025, 10, 20))], CAL, today=FAR)
    assert state.state == State.CLOSED and any("不应终止办理" in w for w in state.warnings)


def test_extension():
    asked = [RECEIVED, ev(E.REQUEST_EXTENSION, date(2025, 10, 27))]
    pending = derive(asked, CAL, today=date(2025, 10, 28))
    assert pending.state == State.EXTENSION_PENDING and pending.due_on == date(2025, 10, 30)
    state = derive([*asked, ev(E.APPROVE_EXTENSION, date(2025, 10, 28), 20)], CAL, today=FAR)
    assert state.extended_by == 20
    assert working_days_between(CAL, date(2025, 10, 30), state.due_on) == 20
    assert "经政府信息公开工作机构负责人同意延长 20 个工作日" in state.lines[2]
    default = derive([*asked, ev(E.APPROVE_EXTENSION, date(2025, 10, 28))], CAL, today=FAR)
    assert default.due_on == state.due_on


def test_extension_beyond_20_is_capped_or_refused():
    asked = [RECEIVED, ev(E.REQUEST_EXTENSION, date(2025, 10, 27))]
    state = derive([*asked, ev(E.APPROVE_EXTENSION, date(2025, 10, 28), 30)], CAL, today=FAR)
    assert state.extended_by == 20 and any("超过法定上限" in w for w in state.warnings)
    with pytest.raises(ClockError, match="最长不得超过 20 个工作日"):
        check_append(asked, ev(E.APPROVE_EXTENSION, date(2025, 10, 28), 30), CAL, today=FAR)
    with pytest.raises(ClockError, match="1 到 20"):
        derive([*asked, ev(E.APPROVE_EXTENSION, date(2025, 10, 28), 0)], CAL, today=FAR)


def test_only_one_extension_but_a_refused_one_may_be_asked_again():
    refused = [
        RECEIVED,
        ev(E.REQUEST_EXTENSION, date(2025, 10, 20)),
        ev(E.REFUSE_EXTENSION, date(2025, 10, 21)),
    ]
    state = derive(refused, CAL, today=FAR)
    assert state.due_on == date(2025, 10, 30) and "未同意延期" in state.lines[-2]
    approved = [
        *refused,
        ev(E.REQUEST_EXTENSION, date(2025, 10, 22)),
        ev(E.APPROVE_EXTENSION, date(2025, 10, 23), 10),
    ]
    assert derive(approved, CAL, today=FAR).extended_by == 10
    with pytest.raises(ClockError, match="不能再次延长"):
        derive([*approved, ev(E.REQUEST_EXTENSION, date(2025, 11, 3))], CAL, today=FAR)


def test_late_approval_is_warned():
    events = [
        RECEIVED,
        ev(E.REQUEST_EXTENSION, date(2025, 10, 29)),
        ev(E.APPROVE_EXTENSION, date(2025, 10, 31), 5),
    ]
    assert any("已经届满" in w for w in derive(events, CAL, today=FAR).warnings)


def test_reply_in_time_and_late():
    ok = derive([RECEIVED, ev(E.REPLY, date(2025, 10, 30))], CAL, today=FAR)
    assert ok.state == State.CLOSED and ok.replied_on == date(2025, 10, 30)
    assert ok.due_on == date(2025, 10, 30) and not ok.overdue and ok.days_used == 20
    assert "在答复期限 2025-10-30 之内" in ok.lines[-1]
    late = derive([RECEIVED, ev(E.REPLY, date(2025, 11, 4))], CAL, today=FAR)
    assert late.overdue and any("逾期 3 个工作日" in w for w in late.warnings)


def test_withdrawal_and_reopening():
    closed = derive([RECEIVED, ev(E.WITHDRAW, date(2025, 10, 9))], CAL, today=FAR)
    assert closed.state == State.CLOSED and closed.due_on is None and closed.days_left is None
    events = [RECEIVED, ev(E.REPLY, date(2025, 10, 20)), ev(E.REOPEN, date(2025, 12, 1))]
    state = derive(events, CAL, today=date(2025, 12, 2))
    assert state.state == State.PROCESSING and state.replied_on is None
    assert state.due_on == date(2025, 12, 29)


def test_pause_after_the_period_ran_out_does_not_revive_it():
    events = [
        RECEIVED,
        ev(E.START_CONSULTATION, date(2025, 11, 5)),
        ev(E.END_CONSULTATION, date(2025, 11, 10)),
    ]
    state = derive(events, CAL, today=date(2025, 11, 11))
    assert state.due_on == date(2025, 10, 30) and state.overdue
    assert any("暂停不能使已逾期的期限恢复" in w for w in state.warnings)
    # Paused on a Saturday after a Friday deadline: no working day left, still late.
    friday = [
        ev(E.CONFIRM_RECEIPT, date(2025, 10, 10)),
        ev(E.START_CONSULTATION, date(2025, 11, 8)),
    ]
    assert derive(friday, CAL, today=date(2025, 11, 8)).overdue


def test_pause_on_the_last_day_leaves_the_day_of_resumption():
    events = [
        RECEIVED,
        ev(E.START_CONSULTATION, date(2025, 10, 30)),
        ev(E.END_CONSULTATION, date(2025, 11, 3)),
    ]
    assert derive(events, CAL, today=date(2025, 11, 3)).due_on == date(2025, 11, 3)


def test_a_calendar_gap_is_a_warning():
    state = derive([ev(E.CONFIRM_RECEIPT, date(2026, 12, 20))], CAL, today=date(2026, 12, 21))
    assert any("2027 年的节假日安排尚未录入" in w for w in state.warnings)


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([ev(E.REPLY, R)], "第 1 项（2025-09-26 作出答复）：申请当前为“待确认”"),
        ([RECEIVED, ev(E.REPLY, date(2025, 9, 25))], "早于前一项的日期 2025-09-26"),
        ([RECEIVED, ev(E.REPLY, date(2026, 7, 1))], "晚于今天"),
        ([RECEIVED, ev(E.FEE_PAID, date(2025, 10, 9))], "不能“收到信息处理费”"),
    ],
)
def test_impossible_histories_are_refused_in_chinese(events, message):
    with pytest.raises(ClockError, match=message.replace("(", r"\(").replace(")", r"\)")):
        derive(events, CAL, today=FAR)


def test_check_append_wants_the_correction_period():
    with pytest.raises(ClockError, match="请填写补正期限"):
        check_append([RECEIVED], ev(E.REQUEST_CORRECTION, date(2025, 10, 9)), CAL, today=FAR)
    state = check_append(
        [RECEIVED], ev(E.REQUEST_CORRECTION, date(2025, 10, 9), 15), CAL, today=FAR
    )
    assert state.state == State.AWAITING_CORRECTION


# --- properties ---------------------------------------------------------------------------

PROPS = settings(max_examples=120, deadline=None)
receipts = st.dates(date(2022, 1, 1), date(2026, 6, 30))


@PROPS
@given(
    receipts,
    st.integers(0, 40),
    st.integers(0, 40),
    st.sampled_from([E.START_CONSULTATION, E.ISSUE_FEE_NOTICE]),
)
def test_pauses_never_shorten_and_shift_by_the_paused_working_days(received, offset, length, kind):
    start = received + timedelta(days=offset)
    end = start + timedelta(days=length)
    today = end + timedelta(days=1)
    resume = E.END_CONSULTATION if kind == E.START_CONSULTATION else E.FEE_PAID
    base = [ev(E.CONFIRM_RECEIPT, received)]
    plain = derive(base, CAL, today=today)
    paused = derive([*base, ev(kind, start), ev(resume, end)], CAL, today=today)
    assert paused.due_on >= plain.due_on
    if start <= plain.due_on:
        effective_end = end
        if kind == E.START_CONSULTATION:
            effective_end = min(end, paused.consultation_reply_due_on)
        assert working_days_between(CAL, plain.due_on, paused.due_on) == working_days_between(
            CAL, start, effective_end
        )
    else:
        assert paused.due_on == plain.due_on


@PROPS
@given(receipts, st.integers(0, 60), st.integers(1, 20))
def test_running_clock_adds_up(received, elapsed, extension):
    today = received + timedelta(days=elapsed)
    state = derive([ev(E.CONFIRM_RECEIPT, received)], CAL, today=today)
    assert state.days_used + state.days_left == 20
    assert state.overdue == (today > state.due_on)
    asked = received + timedelta(days=min(elapsed, 10))
    events = [
        ev(E.CONFIRM_RECEIPT, received),
        ev(E.REQUEST_EXTENSION, asked),
        ev(E.APPROVE_EXTENSION, asked, extension),
    ]
    extended = derive(events, CAL, today=today)
    assert working_days_between(CAL, state.due_on, extended.due_on) == extension
    assert extended.days_used + extended.days_left == 20 + extension


def test_each_steps_default_period_is_the_policys():
    policy = ClockPolicy()
    assert policy.default_period(E.APPROVE_EXTENSION) == 20  # Art. 33(2): at most 20
    assert policy.default_period(E.REQUEST_CORRECTION) == 15
    assert policy.default_period(E.ISSUE_FEE_NOTICE) == 10
    assert policy.default_period(E.SET_LATER_DATE) == 20
    assert policy.default_period(E.REPLY) is None
    assert ClockPolicy(max_extension_working_days=15).default_period("approve_extension") == 15


def test_due_soon_is_three_working_days_by_default():
    policy = ClockPolicy()
    assert [policy.is_due_soon(n) for n in (0, 3, 4)] == [True, True, False]
    assert ClockPolicy(due_soon_working_days=5).is_due_soon(5)
    # The clock uses the same threshold: on 10-27 three working days are left until 10-30.
    assert derive([RECEIVED], CAL, today=date(2025, 10, 24)).days_left == 4
    assert not derive([RECEIVED], CAL, today=date(2025, 10, 24)).due_soon
    tight = ClockPolicy(due_soon_working_days=4)
    assert derive([RECEIVED], CAL, today=date(2025, 10, 24), policy=tight).due_soon


def test_a_transfer_ends_the_first_agencys_period_and_the_receiving_agency_starts_afresh():
    moved = ev(E.TRANSFER, date(2025, 10, 13), note="示范县教育局")
    waiting = derive([RECEIVED, moved], CAL, today=date(2025, 10, 14))
    assert waiting.state == State.SUBMITTED
    assert waiting.received_on is None and waiting.due_on is None and waiting.days_left is None
    assert waiting.lines[-1].startswith("2025-10-13 转送示范县教育局办理；答复期限自接收机关")
    assert waiting.lines[0].startswith("2025-09-26 收到申请")  # the account is kept
    again = derive(
        [RECEIVED, moved, ev(E.CONFIRM_RECEIPT, date(2025, 10, 14))], CAL, today=date(2025, 10, 14)
    )
    assert again.received_on == date(2025, 10, 14)
    assert again.due_on == add_working_days(CAL, date(2025, 10, 14), 20).due
    assert again.days_used == 0


def test_a_transfer_after_a_correction_notice_is_not_a_history():
    with pytest.raises(ClockError, match="转送其他机关办理"):
        derive(
            [RECEIVED, ev(E.REQUEST_CORRECTION, date(2025, 9, 29), 10), ev(E.TRANSFER, FAR)],
            CAL,
            today=FAR,
        )
