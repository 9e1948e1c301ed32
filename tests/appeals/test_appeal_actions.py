import datetime as dt

import pytest

from gongkai.appeals import actions
from gongkai.appeals.models import AppealCase
from gongkai.audit.models import AuditEntry
from gongkai.organisations.policy import Denied

TODAY = dt.date(2026, 3, 2)

D = dt.date


def test_create_and_close_are_audited(office, replied_request):
    req = replied_request()
    case = actions.create_case(
        actor=office["clerk"],
        agency=office["county"],
        kind="reconsideration",
        filed_on=D(2025, 4, 10),
        request=req,
        body="示范市人民政府",
        today=TODAY,
    )
    assert case.number == "2025-001" and case.is_pending
    second = actions.create_case(
        actor=office["clerk"],
        agency=office["county"],
        kind="litigation_direct",
        filed_on=D(2025, 5, 10),
        today=TODAY,
    )
    assert second.number == "2025-002"
    closed = actions.close_case(
        actor=office["clerk"], case=case, result="upheld", closed_on=D(2025, 6, 1), today=TODAY
    )
    assert closed.result == "upheld" and closed.closed_on == D(2025, 6, 1)
    entries = AuditEntry.objects.filter(object_type="appeals.appealcase", object_id=str(case.pk))
    assert [e.action for e in entries.order_by("seq")] == ["appeal.create", "appeal.close"]
    assert entries.get(action="appeal.close").changes["result"] == ["pending", "upheld"]
    req.refresh_from_db()
    assert req.state == "closed"  # upheld: the request stays as it was
    with pytest.raises(actions.InvalidCase, match="已经结案"):
        actions.close_case(
            actor=office["clerk"], case=closed, result="other", closed_on=D(2025, 6, 2), today=TODAY
        )


def test_a_corrected_decision_reopens_the_request_when_it_says_so(office, replied_request):
    req = replied_request()
    case = actions.create_case(
        actor=office["clerk"],
        agency=office["county"],
        kind="reconsideration",
        filed_on=D(2025, 4, 10),
        request=req,
        today=TODAY,
    )
    close = dict(case=case, result="corrected", closed_on=D(2025, 6, 20), reopen_request=True)
    # Reopening is the head's decision: a handler cannot close a case that orders it.
    with pytest.raises(Denied, match="负责人"):
        actions.close_case(actor=office["clerk"], today=TODAY, **close)
    case.refresh_from_db()
    assert case.is_pending and req.earlier_replies.count() == 0
    actions.close_case(actor=office["head"], today=TODAY, **close)
    req.refresh_from_db()
    assert req.state == "processing" and req.outcome == "" and req.closed_on is None
    earlier = req.earlier_replies.get()
    assert earlier.outcome == "withheld_third_party" and earlier.superseded_on == D(2025, 6, 20)
    assert case.number in earlier.reason and earlier.superseded_by == office["head"]
    reopen = req.clock.get(kind="reopen")
    assert reopen.on == D(2025, 6, 20) and case.number in reopen.note
    assert AuditEntry.objects.filter(action="request.transition", transition="reopen").count() == 1


def test_a_corrected_decision_without_reopen_leaves_the_request(office, replied_request):
    req = replied_request()
    case = actions.create_case(
        actor=office["clerk"],
        agency=office["county"],
        kind="litigation_direct",
        filed_on=D(2025, 4, 10),
        request=req,
        today=TODAY,
    )
    actions.close_case(
        actor=office["clerk"], case=case, result="corrected", closed_on=D(2025, 6, 20), today=TODAY
    )
    req.refresh_from_db()
    assert req.state == "closed"


def test_reopen_failures_roll_the_closing_back(office, replied_request):
    unlinked = actions.create_case(
        actor=office["clerk"],
        agency=office["county"],
        kind="reconsideration",
        filed_on=D(2025, 4, 10),
        today=TODAY,
    )
    with pytest.raises(actions.InvalidCase, match="没有关联申请"):
        actions.close_case(
            actor=office["head"],
            case=unlinked,
            result="corrected",
            closed_on=D(2025, 6, 1),
            reopen_request=True,
            today=TODAY,
        )
    with pytest.raises(actions.InvalidCase, match="纠正"):
        actions.close_case(
            actor=office["head"],
            case=unlinked,
            result="upheld",
            closed_on=D(2025, 6, 1),
            reopen_request=True,
            today=TODAY,
        )
    # The request was reopened already by another decision: this closing must not half-happen.
    req = replied_request()
    first = actions.create_case(
        actor=office["clerk"],
        agency=office["county"],
        kind="reconsideration",
        filed_on=D(2025, 4, 1),
        request=req,
        today=TODAY,
    )
    second = actions.create_case(
        actor=office["clerk"],
        agency=office["county"],
        kind="litigation_direct",
        filed_on=D(2025, 4, 2),
        request=req,
        today=TODAY,
    )
    for case in (first, second):
        kwargs = dict(result="corrected", closed_on=D(2025, 6, 1), reopen_request=True)
        if case is second:
            with pytest.raises(actions.InvalidCase, match="尚未办结"):
                actions.close_case(actor=office["head"], case=case, today=TODAY, **kwargs)
        else:
            actions.close_case(actor=office["head"], case=case, today=TODAY, **kwargs)
    second.refresh_from_db()
    assert second.is_pending and second.closed_on is None
    assert not AuditEntry.objects.filter(action="appeal.close", object_id=str(second.pk)).exists()


def test_a_handler_of_another_agency_can_neither_create_nor_close(office, replied_request):
    req = replied_request()
    with pytest.raises(Denied):
        actions.create_case(
            actor=office["otherclerk"],
            agency=office["county"],
            kind="reconsideration",
            filed_on=D(2025, 4, 10),
            today=TODAY,
        )
    case = actions.create_case(
        actor=office["clerk"],
        agency=office["county"],
        kind="reconsideration",
        filed_on=D(2025, 4, 10),
        today=TODAY,
    )
    for who in ("otherclerk", "supervisor"):
        with pytest.raises(Denied):
            actions.close_case(
                actor=office[who], case=case, result="upheld", closed_on=D(2025, 5, 1), today=TODAY
            )
    # Nor link a request of the county to a case of their own agency.
    with pytest.raises(actions.InvalidCase, match="不是本机关的申请"):
        actions.create_case(
            actor=office["otherclerk"],
            agency=office["other"],
            kind="reconsideration",
            filed_on=D(2025, 4, 10),
            request=req,
            today=TODAY,
        )
    assert AppealCase.objects.count() == 1


def test_update_checks_dates_numbers_and_versions(office):
    case = actions.create_case(
        actor=office["clerk"],
        agency=office["county"],
        kind="reconsideration",
        filed_on=D(2025, 4, 10),
        number="示府复〔2025〕3号",
        today=TODAY,
    )
    other = actions.create_case(
        actor=office["clerk"],
        agency=office["county"],
        kind="reconsideration",
        filed_on=D(2025, 4, 11),
        today=TODAY,
    )
    updated = actions.update_case(
        actor=office["clerk"], case=case, today=TODAY, body="示范市人民政府", expected_version=1
    )
    assert updated.body == "示范市人民政府" and updated.version == 2
    with pytest.raises(actions.StaleEdit):
        actions.update_case(
            actor=office["clerk"], case=case, today=TODAY, notes="x", expected_version=1
        )
    with pytest.raises(actions.InvalidCase, match="已被其他案件使用"):
        actions.update_case(actor=office["clerk"], case=case, today=TODAY, number=other.number)
    with pytest.raises(actions.InvalidCase, match="晚于今天"):
        actions.update_case(actor=office["clerk"], case=case, today=TODAY, filed_on=D(2027, 1, 1))
    with pytest.raises(actions.InvalidCase, match="已经登记过"):
        actions.create_case(
            actor=office["clerk"],
            agency=office["county"],
            kind="reconsideration",
            filed_on=D(2025, 4, 10),
            number="示府复〔2025〕3号",
            today=TODAY,
        )
