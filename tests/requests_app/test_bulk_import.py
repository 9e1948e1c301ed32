"""The ledger import writes in bulk what one ``import_request`` per row would have written."""

import datetime as dt

from gongkai.accounts.system import SYSTEM
from gongkai.audit import verification
from gongkai.audit.models import AuditEntry, ChainHead
from gongkai.requests import actions
from gongkai.requests.actions.ledger import import_request, import_requests, request_fields
from gongkai.requests.domain.ledger import parse_request_rows
from gongkai.requests.models import ClockEventRecord, InfoRequest, Reply
from gongkai.table_files import read_table

TODAY = dt.date(2025, 12, 1)
# Open and closed, extended or not, across the Spring Festival and National Day breaks, an
# unknown column kept as a note and a row without an applicant's name.
LEDGER = """申请编号,收到日期,申请方式,申请人类型,申请人,申请内容,办理结果,答复日期,延期,备注
2025-001,2025-01-06,网络,商业企业,某某公司,企业补贴名单,部分公开,2025-01-20,否,
2025-002,2025-01-24,当面,自然人,李四,道路改造招标文件,予以公开,2025-03-20,是,春节前收到
2025-003,2025-03-03,电子邮件,自然人,王五,2025年预算,,,否,
2025-004,2025-09-26,信函,科研机构,,国庆前收到的申请,,,是,
2025-005,2025-09-29,传真,自然人,赵六,拆迁补偿方案,不予公开-保护第三方合法权益,2025-10-20,否,
2025-006,2025-11-03,网络,社会公益组织,某协会,河道整治,无法提供-本机关不掌握相关政府信息,2025-11-28,是,
"""


def _records(tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text(LEDGER, encoding="utf-8")
    records, errors = parse_request_rows(read_table(path))
    assert errors == []
    return records


def _written(agency) -> dict:
    """Everything an import wrote for ``agency``, by the ledger's 申请编号."""
    out = {}
    prefix = f"{agency.code}-"
    for req in InfoRequest.objects.filter(agency=agency):
        entry = AuditEntry.objects.get(object_type="requests.inforequest", object_id=str(req.pk))
        reply = Reply.objects.filter(request=req).values(
            "outcome", "replied_on", "body", "withheld", "letter_number", "delivered_on"
        )
        out[req.number.removeprefix(prefix)] = {
            "request": {
                name: getattr(req, name)
                for name in (
                    "state",
                    "channel",
                    "received_on",
                    "applicant_type",
                    "applicant_name",
                    "applicant_key",
                    "description",
                    "notes",
                    "outcome",
                    "closed_on",
                    "due_on",
                    "days_used",
                    "extended",
                    "version",
                    "handler_id",
                    "submitted_at",
                )
            },
            "clock": list(
                ClockEventRecord.objects.filter(request=req)
                .order_by("on", "id")
                .values_list("kind", "on", "working_days", "note", "actor_label")
            ),
            "reply": list(reply),
            "audit": (
                entry.action,
                entry.transition,
                entry.changes,
                entry.note,
                entry.actor_label,
                entry.object_repr.removeprefix(prefix),
                entry.agency_id == agency.pk,
            ),
        }
    return out


def test_the_bulk_import_writes_what_one_import_request_per_row_writes(
    office, tmp_path, django_capture_on_commit_callbacks
):
    records = _records(tmp_path)
    # The callbacks run as at commit: the anchor then names the head (verify needs it).
    with django_capture_on_commit_callbacks(execute=True):
        result = import_requests(
            actor=SYSTEM,
            agency=office["county"],
            records=records,
            errors=[],
            good_rows_only=False,
            today=TODAY,
        )
        for record in records:
            fields = request_fields(f"other-{record.id}", record)
            import_request(actor=SYSTEM, agency=office["other"], today=TODAY, **fields)
    assert (result.imported, result.errors) == (len(records), [])

    bulk, one_by_one = _written(office["county"]), _written(office["other"])
    assert bulk == one_by_one
    assert len(bulk) == 6
    # The rows took the steps their ledger line says, and the clock counted over the holidays.
    assert [k for k, *_ in bulk["2025-002"]["clock"]] == [
        "import",
        "request_extension",
        "approve_extension",
        "reply",
    ]
    assert bulk["2025-004"]["request"]["state"] == "processing"
    assert bulk["2025-004"]["request"]["extended"] is True
    assert bulk["2025-004"]["request"]["due_on"] is not None
    assert bulk["2025-002"]["request"]["notes"] == {"ledger": {"备注": "春节前收到"}}
    assert bulk["2025-005"]["reply"][0]["outcome"] == "withheld_third_party"
    assert verification.verify(save=False).ok


def test_the_chain_verifies_after_a_bulk_import_followed_by_normal_actions(
    office, tmp_path, registered, django_capture_on_commit_callbacks
):
    before = AuditEntry.objects.count()
    records = _records(tmp_path)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_requests(
            actor=office["clerk"],
            agency=office["county"],
            records=records,
            errors=[],
            good_rows_only=False,
            today=TODAY,
        )
    # One log line and one anchor for the whole import, not one per row.
    assert len(callbacks) == 2
    imported = AuditEntry.objects.filter(action="request.import").order_by("seq")
    seqs = list(imported.values_list("seq", flat=True))
    # One entry per row, in the ledger's order, right after what was there.
    assert seqs == list(range(before + 1, before + 1 + len(records)))
    assert [e.object_repr for e in imported] == [f"county-{r.id}" for r in records]
    assert {e.actor_id for e in imported} == {office["clerk"].pk}

    still_open = InfoRequest.objects.get(number="county-2025-003")
    with django_capture_on_commit_callbacks(execute=True):
        actions.transition(
            actor=office["clerk"],
            info_request=still_open,
            event="reply",
            on=dt.date(2025, 3, 20),
            outcome="disclosed",
            confirm_without_release=True,
        )
        registered()
    head = ChainHead.objects.get()
    last = AuditEntry.objects.order_by("-seq").first()
    assert (head.seq, head.hash) == (last.seq, last.hash)
    assert AuditEntry.objects.count() == last.seq
    assert verification.verify(save=False).ok
    # The imported request's clock, continued by a clerk's step, reads as one history.
    assert list(
        ClockEventRecord.objects.filter(request=still_open).values_list("kind", flat=True)
    ) == ["import", "reply"]


def test_a_bad_row_in_a_bulk_import_writes_nothing_or_only_the_good_rows(
    office, tmp_path, django_capture_on_commit_callbacks
):
    records = _records(tmp_path)
    # Already imported: the second run's rows all fail, and nothing new is written.
    import_requests(
        actor=SYSTEM,
        agency=office["county"],
        records=records[:2],
        errors=[],
        good_rows_only=False,
        today=TODAY,
    )
    entries = AuditEntry.objects.count()
    again = import_requests(
        actor=SYSTEM,
        agency=office["county"],
        records=records,
        errors=[],
        good_rows_only=False,
        today=TODAY,
    )
    assert again.imported == 0
    assert [(e.row, e.message) for e in again.errors] == [
        (2, "申请编号 2025-001 已导入过"),
        (3, "申请编号 2025-002 已导入过"),
    ]
    assert InfoRequest.objects.count() == 2 and AuditEntry.objects.count() == entries
    with django_capture_on_commit_callbacks(execute=True):
        good = import_requests(
            actor=SYSTEM,
            agency=office["county"],
            records=records,
            errors=[],
            good_rows_only=True,
            today=TODAY,
        )
    assert good.imported == 4 and len(good.errors) == 2
    assert InfoRequest.objects.count() == 6
    assert AuditEntry.objects.count() == entries + 4
    assert verification.verify(save=False).ok
