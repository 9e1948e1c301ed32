import datetime as dt

import pytest

from gongkai.audit.log import entries_for
from gongkai.organisations.policy import Denied
from gongkai.requests import actions
from gongkai.requests.domain.workflow import Event, State
from gongkai.requests.models import ClockEventRecord, InfoRequest

D = dt.date
TODAY = D(2025, 12, 31)


def step(req, actor, event, on, today=TODAY, **kw):
    req.refresh_from_db()
    return actions.transition(
        actor=actor,
        info_request=req,
        event=event,
        on=on,
        expected_version=req.version,
        today=today,
        **kw,
    )


@pytest.mark.django_db
def test_intake_across_national_day_gives_the_statutory_due_date(registered):
    req = registered(received_on=D(2025, 9, 26))
    assert req.state == State.PROCESSING
    # 20 working days counted from 2025-09-29, skipping 国庆节/中秋节 1–8 Oct and counting the
    # adjusted working day 11 Oct.
    assert req.due_on == D(2025, 10, 30)
    assert req.number == "county-2025-0001"
    assert ClockEventRecord.objects.filter(request=req).count() == 1


@pytest.mark.django_db
def test_each_step_is_audited_with_its_transition(registered, office):
    req = registered()
    # Recorded on the day: the clock is paused while the third party may still answer.
    step(
        req,
        office["clerk"],
        Event.START_CONSULTATION,
        D(2025, 10, 9),
        today=D(2025, 10, 9),
        note="征求第三方意见",
    )
    entry = entries_for(req).filter(action="request.transition").order_by("seq").last()
    assert entry.transition == "start_consultation"
    assert entry.changes["state"] == ["processing", "in_consultation"]
    assert entry.changes["due_on"][0] == "2025-10-30" and entry.changes["due_on"][1] is None


@pytest.mark.django_db
def test_consultation_time_does_not_count(registered, office):
    req = registered(received_on=D(2025, 9, 26))
    step(req, office["clerk"], Event.START_CONSULTATION, D(2025, 10, 9))
    req = step(req, office["clerk"], Event.END_CONSULTATION, D(2025, 10, 23))
    assert req.state == State.PROCESSING
    # Received Fri 26 Sep; 28 Sep (a Sunday worked), 29, 30 Sep and 9 Oct count before the
    # consultation: 4 used, 16 left. From 24 Oct: 24 | 27 28 29 30 31 | 3 4 5 6 7 | 10 11 12
    # 13 14 Nov is the 16th (without the pause it would have been 30 Oct).
    assert req.due_on == D(2025, 11, 14)


@pytest.mark.django_db
def test_extension_needs_the_heads_approval(registered, office):
    req = registered()
    step(req, office["clerk"], Event.REQUEST_EXTENSION, D(2025, 10, 20), note="涉及档案检索")
    with pytest.raises(Denied):
        step(req, office["clerk"], Event.APPROVE_EXTENSION, D(2025, 10, 21), working_days=20)
    req = step(req, office["head"], Event.APPROVE_EXTENSION, D(2025, 10, 21), working_days=20)
    assert req.extended and req.due_on == D(2025, 11, 27)
    with pytest.raises(actions.InvalidStep):
        step(req, office["clerk"], Event.REQUEST_EXTENSION, D(2025, 10, 22), note="再次延期")


@pytest.mark.django_db
def test_extension_beyond_twenty_days_is_refused(registered, office):
    req = registered()
    step(req, office["clerk"], Event.REQUEST_EXTENSION, D(2025, 10, 20), note="量大")
    with pytest.raises(actions.InvalidStep) as exc:
        step(req, office["head"], Event.APPROVE_EXTENSION, D(2025, 10, 21), working_days=30)
    assert "20 个工作日" in str(exc.value)


@pytest.mark.django_db
def test_correction_restarts_the_clock(registered, office):
    req = registered(received_on=D(2025, 9, 26))
    step(
        req,
        office["clerk"],
        Event.REQUEST_CORRECTION,
        D(2025, 9, 29),
        working_days=15,
        note="请写明文号",
    )
    req = step(req, office["clerk"], Event.RECEIVE_CORRECTION, D(2025, 10, 13))
    assert req.due_on == D(2025, 11, 10)


@pytest.mark.django_db
def test_lapse_of_correction_closes_with_its_report_outcome(registered, office):
    req = registered()
    step(
        req,
        office["clerk"],
        Event.REQUEST_CORRECTION,
        D(2025, 9, 29),
        working_days=5,
        note="请补正",
    )
    req = step(req, office["clerk"], Event.CORRECTION_LAPSED, D(2025, 10, 20))
    assert req.state == State.CLOSED and req.outcome == "other_no_correction"
    assert req.closed_on == D(2025, 10, 20) and req.due_on is None


@pytest.mark.django_db
def test_reply_closes_the_request_and_keeps_the_letter(registered, office):
    req = registered()
    req = step(req, office["clerk"], Event.REPLY, D(2025, 10, 20), outcome="withheld_third_party")
    assert req.state == State.CLOSED
    assert req.reply.outcome == "withheld_third_party"
    with pytest.raises(actions.InvalidStep):
        step(req, office["clerk"], Event.REPLY, D(2025, 10, 21), outcome="disclosed")


@pytest.mark.django_db
def test_a_reply_needs_an_outcome(registered, office):
    req = registered()
    with pytest.raises(actions.InvalidStep):
        step(req, office["clerk"], Event.REPLY, D(2025, 10, 20), outcome=None)


@pytest.mark.django_db
def test_illegal_steps_are_impossible_not_just_hidden(registered, office):
    req = registered()
    with pytest.raises(actions.InvalidStep) as exc:
        step(req, office["clerk"], Event.FEE_PAID, D(2025, 10, 9))
    assert str(exc.value) == (
        "申请当前为“办理中”，不能“收到信息处理费”。此时可以：发出补正通知、书面征求意见、"
        "发出收费通知、提请延长答复期限、确定延后答复的期限、作出答复、申请人撤回申请、转送其他机关办理。"
    )
    req.refresh_from_db()
    assert req.state == State.PROCESSING


@pytest.mark.django_db
def test_a_second_editor_is_told_and_nothing_is_overwritten(registered, office):
    req = registered()
    stale_version = req.version
    step(req, office["clerk"], Event.START_CONSULTATION, D(2025, 10, 9))
    with pytest.raises(actions.StaleEdit):
        actions.transition(
            actor=office["clerk"],
            info_request=req,
            event=Event.REPLY,
            on=D(2025, 10, 10),
            outcome="disclosed",
            expected_version=stale_version,
            today=TODAY,
        )
    req.refresh_from_db()
    assert req.state == State.IN_CONSULTATION


@pytest.mark.django_db
def test_handlers_of_another_agency_cannot_act(registered, office):
    req = registered()
    with pytest.raises(Denied):
        step(req, office["otherclerk"], Event.START_CONSULTATION, D(2025, 10, 9))
    with pytest.raises(Denied):
        step(req, office["supervisor"], Event.START_CONSULTATION, D(2025, 10, 9))


@pytest.mark.django_db
def test_dates_in_the_future_are_refused(registered, office):
    req = registered()
    with pytest.raises(actions.InvalidStep):
        step(req, office["clerk"], Event.START_CONSULTATION, TODAY + dt.timedelta(days=1))


@pytest.mark.django_db
def test_online_submission_waits_for_confirmation(office, applicant_data):
    req, code = actions.submit_online(
        agency=office["county"], data=applicant_data(channel="online")
    )
    assert req.state == State.SUBMITTED and req.due_on is None and req.received_on is None
    assert actions.verify_tracking_code(req, code.lower())
    assert not actions.verify_tracking_code(req, "WRONGCODE1")
    req = step(req, office["clerk"], Event.CONFIRM_RECEIPT, D(2025, 9, 26))
    assert req.received_on == D(2025, 9, 26) and req.due_on == D(2025, 10, 30)
    entry = entries_for(req).order_by("seq").first()
    assert entry.actor_label.startswith("公众")


@pytest.mark.django_db
def test_registration_numbers_are_sequential_per_agency_and_year(registered):
    numbers = [registered().number for _ in range(3)]
    assert numbers == ["county-2025-0001", "county-2025-0002", "county-2025-0003"]
    assert InfoRequest.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_registration_numbers_stay_sequential_when_clerks_register_at_once(registered):
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        # The in-memory test database shares one cache between threads, which refuses a second
        # writer at once instead of waiting; a file database (production) takes them in turn.
        pytest.skip("concurrent writers need PostgreSQL or a file database")
    clerks = 4
    start = threading.Barrier(clerks)
    numbers, failures = [], []

    def register():
        try:
            start.wait()
            numbers.append(registered().number)
        except Exception as exc:  # reported below: a thread's exception is otherwise lost
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(clerks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(numbers) == [f"county-2025-{n:04d}" for n in range(1, clerks + 1)]
    assert InfoRequest.objects.count() == clerks


@pytest.mark.django_db
def test_art35_sets_a_later_date_without_using_the_extension(registered, office):
    req = registered(received_on=D(2025, 9, 26))
    req = step(
        req,
        office["clerk"],
        Event.SET_LATER_DATE,
        D(2025, 10, 9),
        working_days=10,
        note="申请 120 项信息，理由合理，需分批提供",
    )
    assert req.due_on == D(2025, 11, 13)
    # The one extension of Art. 33 is still available.
    step(req, office["clerk"], Event.REQUEST_EXTENSION, D(2025, 10, 20), note="仍需调档")
    req = step(req, office["head"], Event.APPROVE_EXTENSION, D(2025, 10, 21), working_days=20)
    assert req.due_on == D(2025, 12, 11)


@pytest.mark.django_db
def test_a_request_across_the_2026_spring_festival(registered, office):
    # 2026 notice: 15–23 Feb off; Sat 14 Feb and Sat 28 Feb are working days. Counted by hand:
    # 11,12,13,14 | 24,25,26,27,28 | 2,3,4,5,6 | 9,10,11,12,13 | 16 March is the 20th.
    req = registered(received_on=D(2026, 2, 10))
    assert req.due_on == D(2026, 3, 16)
    lines = " ".join(actions.clock_state(req, today=D(2026, 3, 1)).lines)
    assert "2026-03-16" in lines
    # A correction notice on the 7th working day after receipt is in time (Art. 30) …
    req = step(
        req,
        office["clerk"],
        Event.REQUEST_CORRECTION,
        D(2026, 2, 24),
        working_days=10,
        note="请写明年份",
        today=D(2026, 3, 1),
    )
    # … and the corrected request restarts the 20 days from its own receipt (Fri 27 Feb):
    # Sat 28 Feb (a working day) is the 1st, so 26 March is the 20th.
    req = step(req, office["clerk"], Event.RECEIVE_CORRECTION, D(2026, 2, 27), today=D(2026, 3, 1))
    assert req.due_on == D(2026, 3, 26)
