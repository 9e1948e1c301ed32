import datetime as dt

import pytest

from gongkai.appeals.domain.cases import (
    AppealRecord,
    CaseError,
    check_closing,
    result_as_of,
    tabulate_appeals,
)
from gongkai.appeals.domain.ledger import parse_appeal_rows

D = dt.date


def case(kind, filed, result="pending", closed=None, id="x"):
    return AppealRecord(id=id, kind=kind, filed=filed, result=result, closed=closed)


def test_a_case_filed_in_y_and_decided_in_y_plus_1_is_pending_in_y():
    record = case("reconsideration", D(2025, 11, 20), "corrected", D(2026, 1, 15))
    assert result_as_of(record, D(2025, 12, 31)) == "pending"
    assert result_as_of(record, D(2026, 1, 15)) == "corrected"
    table_2025 = tabulate_appeals([record], 2025)
    assert table_2025["reconsideration"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 1,
    }
    # Counted by the year it was filed in: the next year's report does not take it again.
    assert tabulate_appeals([record], 2026)["reconsideration"]["total"] == 0


def test_year_counts_by_filing_date_and_groups_by_kind():
    records = [
        case("reconsideration", D(2024, 12, 31), "upheld", D(2025, 2, 1)),  # 2024's case
        case("reconsideration", D(2025, 1, 1), "upheld", D(2025, 3, 1)),
        case("reconsideration", D(2025, 6, 1), "other", D(2025, 12, 31)),
        case("litigation_direct", D(2025, 7, 1)),
        case("litigation_after_reconsideration", D(2025, 8, 1), "corrected", D(2025, 10, 1)),
        case("litigation_after_reconsideration", D(2025, 9, 1), "upheld", D(2025, 11, 1)),
    ]
    table = tabulate_appeals(records, 2025)
    assert table["reconsideration"] == {
        "upheld": 1,
        "corrected": 0,
        "other": 1,
        "pending": 0,
        "total": 2,
    }
    assert table["litigation_direct"]["pending"] == 1
    assert table["litigation_after_reconsideration"]["upheld"] == 1
    assert table["litigation_after_reconsideration"]["corrected"] == 1
    assert table["litigation_after_reconsideration"]["total"] == 2


@pytest.mark.parametrize(
    "result, closed, message",
    [
        ("pending", D(2025, 5, 1), "尚未审结"),
        ("upheld", None, "结案日期"),
        ("upheld", D(2025, 3, 31), "早于收案日期"),
        ("upheld", D(2026, 5, 1), "晚于今天"),
        ("won", D(2025, 5, 1), "未知的结果"),
    ],
)
def test_closing_rules_say_what_is_wrong(result, closed, message):
    with pytest.raises(CaseError, match=message):
        check_closing(filed=D(2025, 4, 1), result=result, closed=closed, today=D(2026, 1, 1))


def test_ledger_rows_accept_the_spellings_offices_use_and_report_every_bad_row():
    rows = [
        {"案件编号": "F1", "类型": "行政复议", "申请编号": "2025-001", "收案日期": "2025-04-01",
         "结果": "维持", "结案日期": "2025/6/1", "承办人": "王"},
        {"案件编号": "S1", "类型": "行政诉讼—直接起诉", "申请编号": "", "收案日期": "2025年5月6日",
         "结果": "", "结案日期": "", "承办人": ""},
        {"案件编号": "S2", "类型": "复议后起诉", "申请编号": "", "收案日期": "2025-05-07",
         "结果": "结果纠正", "结案日期": "2025-09-01", "承办人": ""},
        {"案件编号": "", "类型": "上访", "申请编号": "", "收案日期": "2025-13-01",
         "结果": "赢了", "结案日期": "", "承办人": ""},
        {"案件编号": "F1", "类型": "行政复议", "申请编号": "", "收案日期": "2025-04-01",
         "结果": "维持", "结案日期": "", "承办人": ""},
        {"案件编号": "F3", "类型": "行政复议", "申请编号": "", "收案日期": "2025-04-01",
         "结果": "其他", "结案日期": "2025-03-01", "承办人": ""},
        {"案件编号": "", "类型": "", "申请编号": "", "收案日期": "", "结果": "", "结案日期": "",
         "承办人": ""},
    ]  # fmt: skip
    records, errors = parse_appeal_rows(rows)
    assert [(r.id, r.kind, r.result) for r in records] == [
        ("F1", "reconsideration", "upheld"),
        ("S1", "litigation_direct", "pending"),
        ("S2", "litigation_after_reconsideration", "corrected"),
    ]
    assert records[0].notes == {"承办人": "王"} and records[0].closed == D(2025, 6, 1)
    assert records[1].filed == D(2025, 5, 6)
    by_row = {}
    for e in errors:
        by_row.setdefault(e.row, []).append(str(e))
    assert sorted(by_row) == [5, 6, 7]
    line5 = " ".join(by_row[5])
    assert "“案件编号”：必填" in line5 and "“上访”不是可用的类型" in line5
    assert "请写成 YYYY-MM-DD" in line5 and "“赢了”不是可用的结果" in line5
    assert "与第 2 行重复" in " ".join(by_row[6]) and "请填写结案日期" in " ".join(by_row[6])
    assert "早于收案日期" in " ".join(by_row[7])


def test_ledger_without_its_required_columns_is_refused_at_the_header():
    records, errors = parse_appeal_rows([{"编号": "1", "日期": "2025-01-01"}])
    assert records == []
    assert errors[0].row == 1 and "“案件编号”" in errors[0].message
    assert "“类型”" in errors[0].message and "“收案日期”" in errors[0].message


def test_english_headers_work_too():
    records, errors = parse_appeal_rows(
        [{"id": "A", "kind": "litigation_direct", "filed": "2025-02-03", "result": "upheld",
          "closed": "2025-04-01", "request_id": "7"}]
    )  # fmt: skip
    assert errors == [] and records[0].request_id == "7" and records[0].result == "upheld"
