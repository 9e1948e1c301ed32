"""The statutory clock of a request, derived from its append-only list of events.

Nothing about the deadline is stored: ``derive`` replays the events against the working-day
calendar every time, so a corrected holiday schedule or a late-entered event moves every date
that depends on it, and ``lines`` says in Chinese how each date was reached.

How the clock counts (articles of the Regulations unless named otherwise):

* Receipt (Art. 31) starts the period: 20 working days (Art. 33(2)), counted from the first
  working day after the day of receipt. A correction notice is due within 7 working days of
  receipt (Art. 30).
* Correction (Art. 30) is a restart, not a pause: from the notice until the corrected request
  arrives the clock stands still with no due date; the corrected request is a new receipt and
  the full 20 working days run again from the day after it. Only one notice (一次性告知); the
  period given to the applicant should be reasonable (practice: at most 15 working days).
* Consultation (Art. 32, 34) and, by default, a fee notice (Art. 42; the clock stopping is a
  setting, ``ClockPolicy.fee_stops_clock``) are pauses (Art. 33(3) excludes the consultation
  time). The convention: the working days used up to and including the day the pause begins
  count (the office worked that day); the day the pause ends counts like a day of receipt,
  i.e. not at all, and the remaining days continue from the next working day. A pause never
  shortens the period, and a pause that begins after the period has run out does not revive
  it: the due date stays where it was.
* A consultation pauses the clock for at most the consulted party's 15 working days (Art. 32,
  34: it must answer within them; if it does not, the office decides without it). Waiting
  longer is counted against the office, with a warning.
* An extension (Art. 33(2)) needs the head of the disclosure office's consent, adds at most 20
  working days, and is granted once. Consent given after the period ran out still extends it,
  with a warning that the reply was already late.
* Reopening (after a reconsideration or court decision, or to correct an error) starts a new
  20-working-day period from the day of reopening.
* A transfer (转办) to the agency responsible ends the transferring agency's period: the
  request waits for the receiving agency's confirmation of receipt (Art. 31), from which a new
  full period runs. What the first agency had counted is kept in the lines, not carried over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from gongkai.requests.domain.workflow import (
    Event,
    IllegalTransition,
    State,
    WorkflowError,
    next_state,
)
from gongkai.workdays.calendar import WorkdayCalendar
from gongkai.workdays.deadline import Deadline, add_working_days, working_days_between


@dataclass(frozen=True)
class ClockEvent:
    kind: Event
    on: date
    working_days: int | None = None
    note: str = ""


@dataclass(frozen=True)
class ClockPolicy:
    """Periods and settings; the defaults are the Regulations' and the common practice."""

    reply_working_days: int = 20
    correction_notice_working_days: int = 7
    consultation_working_days: int = 15
    max_extension_working_days: int = 20
    max_correction_period: int = 15
    fee_stops_clock: bool = True
    # The office's practice, not the Regulations': the payment period a fee notice gives and
    # the delay an office sets under Art. 35 when the clerk does not say otherwise.
    fee_payment_working_days: int = 10
    later_date_working_days: int = 20
    # The office's practice: an online request is confirmed (Art. 31) within this many working
    # days of its submission; the queue places an unconfirmed request by that day.
    confirm_receipt_working_days: int = 1
    # A request is "due soon" (reminded, highlighted in the queue) this many working days ahead.
    due_soon_working_days: int = 3

    def default_period(self, event: Event) -> int | None:
        """The working days a step's form proposes, or None where the step takes no period."""
        return {
            Event.APPROVE_EXTENSION: self.max_extension_working_days,
            Event.REQUEST_CORRECTION: self.max_correction_period,
            Event.ISSUE_FEE_NOTICE: self.fee_payment_working_days,
            Event.SET_LATER_DATE: self.later_date_working_days,
        }.get(Event(event))

    def is_due_soon(self, working_days_left: int) -> bool:
        """Of a request not yet overdue: whether its deadline is close enough to remind."""
        return working_days_left <= self.due_soon_working_days


DEFAULT_POLICY = ClockPolicy()


class ClockError(WorkflowError):
    """Events that cannot be a request's history; the message names the event and the fix."""

    code = "request_clock"
    message = "办理记录的日期或顺序不成立，请核对后重试。"


@dataclass
class ClockState:
    state: State = State.SUBMITTED
    received_on: date | None = None
    counting_from: date | None = None  # the day after which the current period counts
    due_on: date | None = None
    correction_notice_due_on: date | None = None
    correction_due_on: date | None = None
    consultation_reply_due_on: date | None = None
    fee_payment_due_on: date | None = None
    paused: bool = False
    pause_reason: str | None = None
    days_used: int | None = None
    days_left: int | None = None
    extended_by: int = 0
    overdue: bool = False
    due_soon: bool = False
    replied_on: date | None = None
    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


PAUSE_CORRECTION = "等待申请人补正，答复期限自收到补正后的申请之日起重新计算（第三十条）"
PAUSE_CONSULTATION = "征求意见期间不计入答复期限（第三十三条第三款）"
PAUSE_FEE = "等待缴纳信息处理费，期间不计入答复期限（第四十二条；本机关设置）"


class _Clock:
    """The replay. One instance per ``derive`` call; its fields are the running totals."""

    def __init__(self, calendar: WorkdayCalendar, policy: ClockPolicy, today: date):
        self.cal, self.policy, self.today = calendar, policy, today
        self.s = ClockState()
        self.seg_start: date | None = None  # counting continues after this day
        self.remaining = 0  # working days left as of seg_start
        self.budget = 0  # the whole current period, extension included
        self.last_due: date | None = None
        self.pause: tuple[str, date] | None = None
        self.consulting = ""  # how the open consultation is described, for its closing line
        self.corrections = 0
        self.extension_granted = False
        self.spent = False  # the period ran out before a pause began

    # --- helpers -----------------------------------------------------------------------------

    def add(self, start: date, n: int) -> Deadline:
        deadline = add_working_days(self.cal, start, n)
        self.warn(*deadline.warnings)
        return deadline

    def warn(self, *texts: str) -> None:
        self.s.warnings.extend(t for t in texts if t not in self.s.warnings)

    def line(self, text: str) -> None:
        self.s.lines.append(text)

    def due(self) -> date | None:
        """The due date while the clock runs; a period already spent keeps its old date."""
        if self.seg_start is None:
            return None
        if self.remaining < 0 or (self.spent and self.remaining == 0):
            return self.last_due
        self.last_due = self.add(self.seg_start, self.remaining).due
        return self.last_due

    def start_period(self, on: date) -> date:
        self.seg_start, self.remaining = on, self.policy.reply_working_days
        self.budget = self.policy.reply_working_days
        self.last_due = None
        self.extension_granted = False
        self.spent = False
        self.pause = None
        return self.due()

    def begin_pause(self, reason: str, on: date) -> None:
        used = working_days_between(self.cal, self.seg_start, on) if on > self.seg_start else 0
        due_before = self.due()
        self.remaining -= used
        if due_before is not None and on > due_before:
            self.spent = True
            self.warn(
                f"{on} 暂停计时的时候，答复期限已于 {due_before} 届满；暂停不能使已逾期的期限恢复。"
            )
        self.pause = (reason, on)

    def end_pause(self, on: date) -> None:
        if self.pause is not None:
            self.seg_start = max(on, self.pause[1])
            self.pause = None

    # --- events ------------------------------------------------------------------------------

    def apply(self, ev: ClockEvent) -> None:
        getattr(self, f"on_{ev.kind.value}")(ev)

    def on_confirm_receipt(self, ev: ClockEvent) -> None:
        s, p = self.s, self.policy
        s.received_on = ev.on
        due = self.start_period(ev.on)
        s.correction_notice_due_on = self.add(ev.on, p.correction_notice_working_days).due
        self.line(
            f"{ev.on} 收到申请（第三十一条）；答复期限 {p.reply_working_days} 个工作日，"
            f"自次日起算，至 {due}（第三十三条第二款）"
        )

    def on_import(self, ev: ClockEvent) -> None:
        # The ledger's date of receipt starts the period exactly as a confirmed receipt does.
        self.on_confirm_receipt(ev)

    def on_request_correction(self, ev: ClockEvent) -> None:
        s, p = self.s, self.policy
        if self.corrections:
            raise ClockError("补正通知只能发出一次（第三十条：一次性告知申请人作出补正）。")
        self.corrections += 1
        if s.correction_notice_due_on and ev.on > s.correction_notice_due_on:
            self.warn(
                f"补正通知于 {ev.on} 发出，晚于收到申请后 {p.correction_notice_working_days} "
                f"个工作日的期限 {s.correction_notice_due_on}（第三十条）。"
            )
        period = ""
        if ev.working_days is None:
            self.warn("补正通知应当说明合理的补正期限（第三十条），本通知未载明。")
        else:
            s.correction_due_on = self.add(ev.on, ev.working_days).due
            period = f"，补正期限 {ev.working_days} 个工作日（至 {s.correction_due_on}）"
            if ev.working_days > p.max_correction_period:
                self.warn(
                    f"补正期限 {ev.working_days} 个工作日，长于通常的 {p.max_correction_period} "
                    "个工作日；请确认该期限合理（第三十条）。"
                )
        self.begin_pause(PAUSE_CORRECTION, ev.on)
        self.line(f"{ev.on} 发出补正通知{period}；期限自收到补正后的申请之日起重新计算（第三十条）")

    def on_receive_correction(self, ev: ClockEvent) -> None:
        s = self.s
        if s.correction_due_on and ev.on > s.correction_due_on:
            self.warn(f"补正于 {ev.on} 收到，晚于补正期限 {s.correction_due_on}（第三十条）。")
        due = self.start_period(ev.on)
        self.line(
            f"{ev.on} 收到补正后的申请，答复期限重新计算 {self.policy.reply_working_days} "
            f"个工作日，至 {due}（第三十条、第三十三条第二款）"
        )

    def on_correction_lapsed(self, ev: ClockEvent) -> None:
        s = self.s
        if s.correction_due_on and ev.on <= s.correction_due_on:
            self.warn(
                f"补正期限至 {s.correction_due_on} 届满，{ev.on} 尚未逾期，不应按放弃申请处理。"
            )
        self.line(f"{ev.on} 申请人无正当理由逾期不补正，视为放弃申请，不再处理（第三十条）")

    def on_start_consultation(self, ev: ClockEvent) -> None:
        s, p = self.s, self.policy
        s.consultation_reply_due_on = self.add(ev.on, p.consultation_working_days).due
        self.begin_pause(PAUSE_CONSULTATION, ev.on)
        whom = f"征求意见（{ev.note}）" if ev.note else "征求第三方意见"
        self.consulting = whom
        self.line(
            f"{ev.on} {whom}，对方应在 {p.consultation_working_days} 个工作日内即 "
            f"{s.consultation_reply_due_on} 前提出意见（第三十二条、第三十四条）"
        )

    def _consultation_cap(self, end: date) -> date:
        cap = self.s.consultation_reply_due_on
        if cap is not None and end > cap:
            self.warn(
                f"征求意见超过 {self.policy.consultation_working_days} 个工作日（{cap} 届满）；"
                "对方逾期未提出意见的，由行政机关依法决定（第三十二条），"
                f"{cap} 之后的时间计入答复期限。"
            )
            return cap
        return end

    def on_end_consultation(self, ev: ClockEvent) -> None:
        started = self.pause[1] if self.pause else ev.on
        self.end_pause(self._consultation_cap(ev.on))
        due = self.due()
        self.line(
            f"{self.consulting or '征求意见'} {started} 至 {ev.on}，不计入答复期限"
            f"（第三十二条、第三十三条第三款；发出当日计入）；答复期限顺延至 {due}"
        )

    def on_issue_fee_notice(self, ev: ClockEvent) -> None:
        s = self.s
        period = ""
        if ev.working_days is not None:
            s.fee_payment_due_on = self.add(ev.on, ev.working_days).due
            period = f"，缴费期限至 {s.fee_payment_due_on}"
        if self.policy.fee_stops_clock:
            self.begin_pause(PAUSE_FEE, ev.on)
            self.line(
                f"{ev.on} 发出收费通知{period}；自发出通知至缴费之日不计入答复期限"
                "（第四十二条、国办函〔2020〕109号；本机关设置）"
            )
        else:
            self.line(f"{ev.on} 发出收费通知{period}；答复期限照常计算（第四十二条；本机关设置）")

    def on_fee_paid(self, ev: ClockEvent) -> None:
        s = self.s
        if s.fee_payment_due_on and ev.on > s.fee_payment_due_on:
            self.warn(f"信息处理费于 {ev.on} 缴纳，晚于收费通知的期限 {s.fee_payment_due_on}。")
        self.end_pause(ev.on)
        self.line(f"{ev.on} 申请人缴纳信息处理费，答复期限恢复计算，至 {self.due()}（第四十二条）")

    def on_fee_lapsed(self, ev: ClockEvent) -> None:
        s = self.s
        if s.fee_payment_due_on and ev.on <= s.fee_payment_due_on:
            self.warn(f"缴费期限至 {s.fee_payment_due_on} 届满，{ev.on} 尚未逾期，不应终止办理。")
        self.line(
            f"{ev.on} 申请人逾期未缴纳信息处理费，不再处理其申请（第四十二条、国办函〔2020〕109号）"
        )

    def on_request_extension(self, ev: ClockEvent) -> None:
        if self.extension_granted:
            raise ClockError(
                "答复期限已经延长过，不能再次延长（第三十三条第二款：延长的期限最长不得超过20个工作日）。"
            )
        self.line(f"{ev.on} 提请政府信息公开工作机构负责人同意延长答复期限（第三十三条第二款）")

    def on_approve_extension(self, ev: ClockEvent) -> None:
        cap = self.policy.max_extension_working_days
        n = cap if ev.working_days is None else ev.working_days
        if n < 1:
            raise ClockError(f"延长的工作日数应在 1 到 {cap} 之间，而不是 {n}。")
        if n > cap:
            self.warn(
                f"延长 {n} 个工作日超过法定上限，只计 {cap} 个工作日（第三十三条第二款：延长的期限"
                f"最长不得超过{cap}个工作日）。"
            )
            n = cap
        before = self.due()
        if before is not None and ev.on > before:
            self.warn(f"{ev.on} 才同意延期，原答复期限 {before} 已经届满；延期应在期限内决定。")
        self.remaining += n
        self.budget += n
        self.s.extended_by = n
        self.extension_granted = True
        self.line(
            f"{ev.on} 经政府信息公开工作机构负责人同意延长 {n} 个工作日，并告知申请人"
            f"（第三十三条第二款）；答复期限至 {self.due()}"
        )

    def on_set_later_date(self, ev: ClockEvent) -> None:
        if not ev.working_days or ev.working_days < 1:
            raise ClockError("请填写延后答复的工作日数（第三十五条：确定合理的期限并告知申请人）。")
        self.remaining += ev.working_days
        self.budget += ev.working_days
        self.line(
            f"{ev.on} 申请数量、频次明显超过合理范围，申请人说明的理由合理但无法在规定期限内答复，"
            f"确定延后 {ev.working_days} 个工作日并告知申请人（第三十五条）；答复期限至 {self.due()}"
        )

    def on_refuse_extension(self, ev: ClockEvent) -> None:
        self.line(
            f"{ev.on} 政府信息公开工作机构负责人未同意延期，答复期限仍至 {self.due()}（第三十三条第二款）"
        )

    def on_reply(self, ev: ClockEvent) -> None:
        s = self.s
        due = self.due()
        s.replied_on = ev.on
        s.due_on = due
        s.days_used = self.budget - self.remaining + self._used_since(ev.on)
        if due is not None and ev.on > due:
            s.overdue = True
            late = working_days_between(self.cal, due, ev.on)
            self.warn(f"答复于 {ev.on} 作出，超过答复期限 {due}（逾期 {late} 个工作日）。")
            self.line(f"{ev.on} 作出答复（第三十六条），超过答复期限 {due}")
        else:
            self.line(f"{ev.on} 作出答复（第三十六条），在答复期限 {due} 之内")

    def on_withdraw(self, ev: ClockEvent) -> None:
        self.line(f"{ev.on} 申请人撤回申请，办理终结")

    def on_reopen(self, ev: ClockEvent) -> None:
        s = self.s
        s.replied_on, s.overdue = None, False
        due = self.start_period(ev.on)
        self.line(
            f"{ev.on} 重新办理，答复期限自该日起重新计算 {self.policy.reply_working_days} "
            f"个工作日，至 {due}（第三十三条第二款）"
        )

    def on_transfer(self, ev: ClockEvent) -> None:
        # Everything counted so far belonged to the transferring agency; only the account of
        # it (lines, warnings) stays.
        lines, warnings = self.s.lines, self.s.warnings
        self.__init__(self.cal, self.policy, self.today)
        self.s.lines, self.s.warnings = lines, warnings
        whom = f"转送{ev.note}办理" if ev.note else "转送其他机关办理"
        self.line(f"{ev.on} {whom}；答复期限自接收机关确认收到申请之日起重新计算（第三十一条）")

    def _used_since(self, day: date) -> int:
        if self.seg_start is None or day <= self.seg_start:
            return 0
        return working_days_between(self.cal, self.seg_start, day)

    # --- today -------------------------------------------------------------------------------

    def finish(self) -> ClockState:
        s, today = self.s, self.today
        if s.state == State.CLOSED:
            if s.replied_on is None:
                s.due_on = None
            return s
        if self.seg_start is None:  # not yet received
            return s
        s.counting_from = self.seg_start
        if self.pause is not None and self.pause[0] == PAUSE_CONSULTATION:
            cap = s.consultation_reply_due_on
            if cap is not None and today > cap:
                self.warn(
                    f"征求意见期限已于 {cap} 届满，对方逾期未提出意见的，由行政机关依法决定"
                    f"（第三十二条）；{cap} 之后的时间计入答复期限。"
                )
                self.end_pause(cap)
        if self.pause is not None:
            reason, since = self.pause
            s.paused, s.pause_reason = True, reason
            s.due_on = None
            if reason != PAUSE_CORRECTION:
                s.days_left = self.remaining
                s.days_used = self.budget - self.remaining
                s.overdue = self.spent or self.remaining < 0
            self.line(f"截至 {today}，自 {since} 起暂停计时：{reason}")
            return s
        s.due_on = self.due()
        used = self._used_since(today)
        s.days_left = self.remaining - used
        s.days_used = self.budget - s.days_left
        s.overdue = s.due_on is not None and today > s.due_on
        s.due_soon = not s.overdue and self.policy.is_due_soon(s.days_left)
        if s.overdue:
            late = working_days_between(self.cal, s.due_on, today)
            self.line(f"截至 {today}，已超过答复期限 {s.due_on}（逾期 {late} 个工作日）")
        else:
            self.line(
                f"截至 {today}，已用 {s.days_used} 个工作日，剩余 {s.days_left} 个工作日"
                f"（至 {s.due_on}）"
            )
        return s


def derive(
    events: Sequence[ClockEvent],
    calendar: WorkdayCalendar,
    *,
    today: date,
    policy: ClockPolicy = DEFAULT_POLICY,
) -> ClockState:
    """Replay ``events`` (in order, dates never decreasing) and state the clock as of ``today``.

    Raises ClockError for histories that cannot happen: steps the workflow forbids, dates out
    of order or after ``today``, a second correction notice or extension. Doubtful but possible
    histories (late notices, long periods) become ``warnings`` instead.
    """
    clock = _Clock(calendar, policy, today)
    previous: date | None = None
    for number, ev in enumerate(events, 1):
        kind = Event(ev.kind)
        ev = ClockEvent(kind, ev.on, ev.working_days, ev.note)
        where = f"第 {number} 项（{ev.on} {kind.label}）"
        if previous is not None and ev.on < previous:
            raise ClockError(f"{where}早于前一项的日期 {previous}；请按发生的先后登记。")
        if ev.on > today:
            raise ClockError(f"{where}晚于今天 {today}，不能登记将来的事项。")
        try:
            state = next_state(clock.s.state, kind)
        except IllegalTransition as exc:
            raise ClockError(f"{where}：{exc}") from None
        try:
            clock.apply(ev)
        except ClockError as exc:
            raise ClockError(f"{where}：{exc}") from None
        clock.s.state = state
        previous = ev.on
    return clock.finish()


def check_append(
    events: Sequence[ClockEvent],
    new: ClockEvent,
    calendar: WorkdayCalendar,
    *,
    today: date,
    policy: ClockPolicy = DEFAULT_POLICY,
) -> ClockState:
    """The clock after ``new``, or ClockError if a clerk should not record it as it stands.

    Stricter than ``derive`` where the law leaves no room at the moment of recording: an
    extension beyond the statutory maximum, a correction notice without its period.
    """
    kind = Event(new.kind)
    if (
        kind == Event.APPROVE_EXTENSION
        and (new.working_days or 0) > policy.max_extension_working_days
    ):
        raise ClockError(
            f"延长的期限最长不得超过 {policy.max_extension_working_days} 个工作日（第三十三条第二款），"
            f"不能延长 {new.working_days} 个工作日。"
        )
    if kind == Event.REQUEST_CORRECTION and new.working_days is None:
        raise ClockError("请填写补正期限（工作日数）：补正通知应当说明合理的补正期限（第三十条）。")
    return derive([*events, new], calendar, today=today, policy=policy)
