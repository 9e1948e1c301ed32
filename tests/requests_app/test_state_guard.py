"""A request's state changes through the workflow's table and nowhere else."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.requests import actions
from gongkai.requests.actions.ledger import import_requests
from gongkai.requests.domain.ledger import RequestRecord, parse_request_rows
from gongkai.requests.models import ClockEventRecord, InfoRequest
from gongkai.state_guard import StateWriteRefused
from gongkai.table_files import read_table

LEDGER = """申请编号,收到日期,申请方式,申请人类型,申请人,申请内容,办理结果,答复日期,延期
2025-001,2025-01-06,网络,商业企业,某某公司,企业补贴名单,部分公开,2025-01-20,否
2025-002,2025-02-10,当面,自然人,李四,道路改造招标文件,予以公开,2025-03-20,是
2025-003,2025-03-03,电子邮件,自然人,王五,2025年预算,,,否
"""


def test_update_of_the_state_is_refused(registered):
    req = registered()
    with pytest.raises(StateWriteRefused, match="只能由其工作流的动作改变"):
        InfoRequest.objects.filter(pk=req.pk).update(state="closed")
    with pytest.raises(StateWriteRefused):
        InfoRequest.objects.bulk_update([req], ["state"])
    # Other columns are not the table's: they update as before.
    assert InfoRequest.objects.filter(pk=req.pk).update(description="改写") == 1
    assert InfoRequest.objects.get(pk=req.pk).state == "processing"


def test_saving_a_changed_state_outside_the_actions_is_refused(registered):
    req = registered()
    req.state = "closed"
    with pytest.raises(StateWriteRefused):
        req.save()
    loaded = InfoRequest.objects.get(pk=req.pk)
    loaded.state = "closed"
    with pytest.raises(StateWriteRefused):
        loaded.save(update_fields=["state"])
    loaded.state = "processing"
    loaded.description = "保存其他字段"
    loaded.save()  # the state as read: allowed
    assert InfoRequest.objects.get(pk=req.pk).description == "保存其他字段"


def test_the_old_import_path_creating_a_closed_request_is_refused(office):
    with pytest.raises(StateWriteRefused, match="新建"):
        InfoRequest.objects.create(
            agency=office["county"],
            number="county-legacy",
            tracking_code_hash="x" * 64,
            state="closed",
            submitted_at=timezone.now(),
            received_on=dt.date(2025, 1, 6),
            applicant_type="natural_person",
            applicant_name="某人",
            description="某文件",
            outcome="disclosed",
            closed_on=dt.date(2025, 1, 20),
        )
    assert not InfoRequest.objects.exists()


def test_a_state_read_again_or_loaded_late_is_the_one_compared(registered, office):
    req = registered()
    stale = InfoRequest.objects.get(pk=req.pk)
    actions.transition(
        actor=office["clerk"],
        info_request=req,
        event="reply",
        on=req.received_on,
        outcome="disclosed",
    )
    stale.refresh_from_db()
    stale.description = "答复后补记"
    stale.save()  # its state is what the database holds: nothing to refuse
    late = InfoRequest.objects.only("pk", "description").get(pk=req.pk)
    assert late.state == "closed"  # loaded on first use
    late.state = "processing"
    with pytest.raises(StateWriteRefused):
        late.save()


def test_the_action_still_moves_the_state(registered, office):
    req = registered()
    actions.transition(
        actor=office["clerk"],
        info_request=req,
        event="reply",
        on=req.received_on,
        outcome="disclosed",
    )
    assert InfoRequest.objects.get(pk=req.pk).state == "closed"


def test_the_ledger_import_takes_each_row_through_the_table(office, tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text(LEDGER, encoding="utf-8")
    records, errors = parse_request_rows(read_table(path))
    result = import_requests(
        actor=office["clerk"],
        agency=office["county"],
        records=records,
        errors=errors,
        good_rows_only=False,
        today=dt.date(2025, 12, 1),
    )
    assert (result.imported, result.errors) == (3, [])
    by_number = {r.number: r for r in InfoRequest.objects.all()}
    kinds = {
        number: list(
            ClockEventRecord.objects.filter(request=req)
            .order_by("id")
            .values_list("kind", flat=True)
        )
        for number, req in by_number.items()
    }
    assert kinds == {
        "county-2025-001": ["import", "reply"],
        "county-2025-002": ["import", "request_extension", "approve_extension", "reply"],
        "county-2025-003": ["import"],
    }
    assert by_number["county-2025-002"].extended and by_number["county-2025-002"].state == "closed"
    assert by_number["county-2025-003"].state == "processing"
    # One audit row per request, naming the import as its transition.
    rows = AuditEntry.objects.filter(action="request.import")
    assert sorted(rows.values_list("transition", flat=True)) == ["import"] * 3
    assert {int(e.object_id) for e in rows} == {r.pk for r in by_number.values()}


def test_an_imported_row_the_clock_refuses_is_reported_and_nothing_is_kept(office):
    # Records as another reader might hand them over, unchecked: the second was replied before
    # it was received. The table and the clock refuse it like a clerk's step.
    records = [
        RequestRecord(
            2,
            "A-1",
            dt.date(2025, 3, 10),
            "natural_person",
            outcome="disclosed",
            replied=dt.date(2025, 3, 12),
        ),
        RequestRecord(
            3,
            "A-2",
            dt.date(2025, 3, 10),
            "natural_person",
            outcome="disclosed",
            replied=dt.date(2025, 3, 1),
        ),
    ]
    result = import_requests(
        actor=office["clerk"],
        agency=office["county"],
        records=records,
        errors=[],
        good_rows_only=False,
        today=dt.date(2025, 12, 1),
    )
    assert result.imported == 0 and [e.row for e in result.errors] == [3]
    assert "早于前一项的日期" in result.errors[0].message
    assert not InfoRequest.objects.exists()
    partial = import_requests(
        actor=office["clerk"],
        agency=office["county"],
        records=records,
        errors=[],
        good_rows_only=True,
        today=dt.date(2025, 12, 1),
    )
    assert partial.imported == 1
    assert list(InfoRequest.objects.values_list("number", flat=True)) == ["county-A-1"]


def test_a_clerk_cannot_take_the_import_step(registered, office):
    req = registered()
    with pytest.raises(actions.InvalidStep, match="只能通过台账导入"):
        actions.transition(
            actor=office["clerk"], info_request=req, event="import", on=req.received_on
        )
