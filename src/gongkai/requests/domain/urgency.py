"""How urgent an open request is: the one order of the work queue, the dashboard's counts and
the reminders.

Order: overdue requests first, the longest overdue on top; then every request with a date to
meet, the nearest first — a running reply period's due date, and for an online request not
yet confirmed the day by which the office should confirm it (Art. 31 dates receipt from the
confirmation, so a request left unconfirmed is one whose clock the office is holding back);
then requests whose clock stands still (补正, consultation, fee), by the date the applicant or
the consulted party has to act, unless their period has already run out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from gongkai.workdays.calendar import WorkdayCalendar
from gongkai.workdays.deadline import add_working_days, working_days_between

from .clock import ClockPolicy, ClockState
from .workflow import State

PAUSED_STATES = frozenset({State.AWAITING_CORRECTION, State.IN_CONSULTATION, State.AWAITING_FEE})


class Due(StrEnum):
    """The queue's due filter; ``soon`` is the dashboard's "N 个工作日内到期"."""

    OVERDUE = "overdue"
    SOON = "soon"
    WEEK = "week"
    LATER = "later"

    @property
    def label(self) -> str:
        return DUE_LABELS[self]


DUE_LABELS = {
    Due.OVERDUE: "已超期",
    Due.SOON: "即将到期",
    Due.WEEK: "本周到期",
    Due.LATER: "下周及以后到期",
}


@dataclass(frozen=True)
class Urgency:
    pk: int
    state: State
    due_on: date | None  # the reply period's due date; None while unconfirmed or paused
    overdue: bool = False
    days_late: int | None = None  # working days past due (0: due on a day off just passed)
    days_left: int | None = None  # working days until due
    waiting: int | None = None  # an unconfirmed request: working days since it was submitted
    confirm_by: date | None = None  # …and the day the office should confirm it by
    late_to_confirm: bool = False
    paused: bool = False
    act_by: date | None = None  # a paused request: the date the other side has to act by
    submitted_on: date | None = None

    @property
    def unconfirmed(self) -> bool:
        return self.state == State.SUBMITTED

    def sort_key(self) -> tuple:
        tail = (self.submitted_on or date.min, self.pk)
        if self.overdue:
            return (0, -(self.days_late or 0), self.due_on or date.min, *tail)
        if self.paused:
            return (2, self.act_by or date.max, *tail)
        return (1, self.due_on or self.confirm_by or date.max, *tail)

    def matches(self, due: Due, *, soon_until: date, week_end: date) -> bool:
        """Whether the request passes the queue's due filter (soon and this week overlap)."""
        if due == Due.OVERDUE or self.overdue:
            return due == Due.OVERDUE and self.overdue
        if self.due_on is None:
            return False
        if due == Due.SOON:
            return self.due_on <= soon_until
        if due == Due.WEEK:
            return self.due_on <= week_end
        return self.due_on > week_end


def week_end(today: date) -> date:
    """The Sunday of ``today``'s week: "this week" as a clerk plans it."""
    return today + timedelta(days=6 - today.weekday())


def assess(
    *,
    pk: int,
    state: State | str,
    due_on: date | None,
    submitted_on: date,
    today: date,
    calendar: WorkdayCalendar,
    policy: ClockPolicy,
    clock: ClockState | None = None,
) -> Urgency:
    """The urgency of one open request. ``clock`` is the derived clock of a paused request
    (the stored due date of a paused request is empty, so only the clock knows whether its
    period has run out)."""
    state = State(state)
    if state == State.SUBMITTED:
        confirm_by = add_working_days(calendar, submitted_on, policy.confirm_receipt_working_days)
        waited = working_days_between(calendar, submitted_on, today)
        return Urgency(
            pk,
            state,
            None,
            waiting=max(waited, 0),
            confirm_by=confirm_by.due,
            late_to_confirm=today > confirm_by.due,
            submitted_on=submitted_on,
        )
    if state in PAUSED_STATES and due_on is None:
        days_left = clock.days_left if clock is not None else None
        overdue = bool(clock is not None and clock.overdue)
        act_by = None
        if clock is not None:
            act_by = (
                clock.correction_due_on
                or clock.consultation_reply_due_on
                or clock.fee_payment_due_on
            )
        late = None
        if overdue:
            late = -days_left if days_left is not None and days_left < 0 else 0
        return Urgency(
            pk,
            state,
            None,
            overdue=overdue,
            days_late=late,
            days_left=None if overdue else days_left,
            paused=True,
            act_by=act_by,
            submitted_on=submitted_on,
        )
    if due_on is None:
        return Urgency(pk, state, None, submitted_on=submitted_on)
    if due_on < today:
        # A deadline that passed on Friday is overdue on Saturday, with 0 working days late.
        late = working_days_between(calendar, due_on, today)
        return Urgency(pk, state, due_on, overdue=True, days_late=late, submitted_on=submitted_on)
    left = working_days_between(calendar, today, due_on)
    return Urgency(pk, state, due_on, days_left=left, submitted_on=submitted_on)


def by_urgency(items: list[Urgency]) -> list[Urgency]:
    return sorted(items, key=Urgency.sort_key)
