"""The queue's order (requests.domain.urgency), without a database."""

from __future__ import annotations

from datetime import date

from gongkai.requests.domain.clock import DEFAULT_POLICY, ClockEvent, derive
from gongkai.requests.domain.urgency import Due, assess, by_urgency, week_end
from gongkai.requests.domain.workflow import Event as E
from gongkai.workdays import WorkdayCalendar

CAL = WorkdayCalendar()
TODAY = date(2026, 12, 2)  # a Wednesday


def item(pk, state, due_on=None, submitted_on=date(2026, 11, 30), clock=None):
    return assess(
        pk=pk,
        state=state,
        due_on=due_on,
        submitted_on=submitted_on,
        today=TODAY,
        calendar=CAL,
        policy=DEFAULT_POLICY,
        clock=clock,
    )


def correction_clock(on):
    events = [ClockEvent(E.CONFIRM_RECEIPT, on), ClockEvent(E.REQUEST_CORRECTION, on, 15)]
    return derive(events, CAL, today=TODAY)


def test_overdue_first_by_how_late_then_nearest_date_then_paused():
    far_overdue = item(1, "processing", date(2026, 6, 1))
    just_overdue = item(2, "extension_pending", date(2026, 12, 1))
    unconfirmed = item(3, "submitted", submitted_on=date(2026, 11, 20))
    due_friday = item(4, "processing", date(2026, 12, 4))
    due_later = item(5, "processing", date(2026, 12, 28))
    paused = item(6, "awaiting_correction", clock=correction_clock(date(2026, 11, 30)))
    fresh = item(7, "submitted", submitted_on=TODAY)
    ranked = by_urgency(
        [paused, due_later, fresh, due_friday, unconfirmed, just_overdue, far_overdue]
    )
    assert [u.pk for u in ranked] == [1, 2, 3, 7, 4, 5, 6]
    assert far_overdue.days_late > 100 and just_overdue.days_late == 1
    assert unconfirmed.waiting == 8 and unconfirmed.late_to_confirm
    assert fresh.waiting == 0 and not fresh.late_to_confirm
    assert paused.paused and paused.act_by is not None and not paused.overdue


def test_a_paused_request_whose_period_ran_out_counts_as_overdue():
    events = [
        ClockEvent(E.CONFIRM_RECEIPT, date(2026, 9, 1)),
        ClockEvent(E.START_CONSULTATION, date(2026, 11, 2)),  # after the 20 days ran out
    ]
    late = item(1, "in_consultation", clock=derive(events, CAL, today=TODAY))
    running = item(2, "processing", date(2026, 12, 3))
    assert late.overdue and [u.pk for u in by_urgency([running, late])] == [1, 2]


def test_the_due_filters():
    sunday = week_end(TODAY)
    assert sunday == date(2026, 12, 6)
    soon = date(2026, 12, 7)

    def passes(u):
        return {d for d in Due if u.matches(d, soon_until=soon, week_end=sunday)}

    assert passes(item(1, "processing", date(2026, 11, 1))) == {Due.OVERDUE}
    assert passes(item(2, "processing", date(2026, 12, 4))) == {Due.SOON, Due.WEEK}
    assert passes(item(3, "processing", date(2026, 12, 7))) == {Due.SOON, Due.LATER}
    assert passes(item(4, "processing", date(2027, 1, 7))) == {Due.LATER}
    assert passes(item(5, "submitted")) == set()
