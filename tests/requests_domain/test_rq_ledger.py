"""The request ledger: reading CSV and .xlsx, row-by-row errors, and the year's table."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual_report.tables import (
    APPLICANT_PARTS,
    OTHER_PARTS,
    OUTCOME_ROWS,
    REQUEST_ROWS,
)
from gongkai.requests.domain.ledger import RequestRecord, parse_request_rows, tabulate
from gongkai.table_files import TableError, read_table

HEADERS_ZH = [
    "申请编号",
    "收到日期",
    "申请方式",
    "申请人类型",
    "申请人",
    "申请内容",
    "办理结果",
    "答复日期",
    "延期",
]


def zh(*values) -> dict:
    return dict(zip(HEADERS_ZH, values, strict=True))


def test_chinese_rows_become_records():
    rows = [
        zh(
            "2025-001",
            "2025-09-26",
            "网上",
            "自然人",
            "张三",
            "某路拓宽批复",
            "部分公开",
            "2025-10-28",
            "否",
        ),
        zh("2025-002", "2025/10/9", "信函", "商业企业", "某公司", "招标文件", "", "", ""),
    ]
    records, errors = parse_request_rows(rows)
    assert errors == []
    first, second = records
    assert (first.row, first.id, first.received, first.channel) == (
        2,
        "2025-001",
        date(2025, 9, 26),
        "网络",
    )
    assert (first.applicant_type, first.outcome, first.replied, first.extended) == (
        "natural_person",
        "partially_disclosed",
        date(2025, 10, 28),
        False,
    )
    assert second.outcome is None and second.replied is None and second.extended is None
    assert second.applicant_type == "commercial_enterprise"


def test_english_headers_date_cells_and_unknown_columns():
    rows = [
        {
            "id": "A1",
            "received": datetime(2025, 1, 6, 0, 0),
            "applicant_type": "legal_service_org",
            "outcome": "withheld_third_party",
            "replied": date(2025, 2, 1),
            "Extended": "是",
            "经办人": "李四",
            "备注": "",
        }
    ]
    records, errors = parse_request_rows(rows)
    assert errors == []
    assert records[0].received == date(2025, 1, 6) and records[0].extended is True
    assert records[0].notes == {"经办人": "李四"}


def test_every_bad_field_is_reported_with_its_row():
    rows = [
        zh("1", "2025-13-01", "微信", "个人", "", "", "不予公开", "", "也许"),
        zh("", "2025-01-05", "", "自然人", "", "", "", "2025-01-20", ""),
        zh("3", "2025-02-05", "", "自然人", "", "", "予以公开", "2025-02-01", ""),
        zh("4", "2025-02-05", "", "自然人", "", "", "予以公开", "", ""),
        zh("3", "2025-03-05", "", "自然人", "", "", "", "", ""),
    ]
    records, errors = parse_request_rows(rows)
    assert records == []
    got = {(e.row, e.field) for e in errors}
    assert {
        (2, "收到日期"),
        (2, "申请方式"),
        (2, "申请人类型"),
        (2, "办理结果"),
        (2, "延期"),
        (3, "申请编号"),
        (3, "办理结果"),
        (4, "答复日期"),
        (5, "答复日期"),
        (6, "申请编号"),
    } <= got
    text = "\n".join(str(e) for e in errors)
    assert "第 2 行“收到日期”：无法识别的日期“2025-13-01”" in text
    assert "可填写：予以公开、部分公开" in text
    assert "第 6 行“申请编号”：“3”与第 4 行重复" in text
    assert "答复日期 2025-02-01 早于收到日期 2025-02-05" in text


def test_good_rows_survive_bad_ones_and_blank_rows_are_skipped():
    rows = [
        zh("1", "2025-01-05", "", "自然人", "", "", "", "", ""),
        zh("", "", "", "", "", "", "", "", ""),
        zh("2", "yesterday", "", "自然人", "", "", "", "", ""),
    ]
    records, errors = parse_request_rows(rows)
    assert [r.id for r in records] == ["1"]
    assert [(e.row, e.field) for e in errors] == [(4, "收到日期")]


def test_missing_required_columns_stop_at_the_header():
    records, errors = parse_request_rows([{"编号": "1", "日期": "2025-01-01"}])
    assert records == []
    assert len(errors) == 1 and errors[0].row == 1
    assert "“申请编号”、“收到日期”、“申请人类型”" in errors[0].message


def rec(id_, received, kind="natural_person", outcome=None, replied=None) -> RequestRecord:
    return RequestRecord(0, id_, received, kind, outcome=outcome, replied=replied)


LEDGER = [
    rec("A", date(2024, 12, 20), outcome="disclosed", replied=date(2025, 1, 10)),
    rec("B", date(2024, 11, 1), outcome="disclosed", replied=date(2024, 12, 1)),
    rec("C", date(2025, 3, 1), "commercial_enterprise"),
    rec("D", date(2025, 12, 25), outcome="withheld_third_party", replied=date(2026, 1, 5)),
    rec("E", date(2025, 5, 5), "legal_service_org", "other_unpaid_fee", date(2025, 5, 20)),
    rec("F", date(2026, 1, 2)),
    rec("G", date(2023, 6, 1)),
    rec("H", date(2025, 1, 1), outcome="not_processed_duplicate", replied=date(2025, 12, 31)),
]


def test_tabulate_2025():
    t = tabulate(LEDGER, 2025)
    assert list(t) == list(REQUEST_ROWS["2021"])
    assert t["received_this_year"] == {
        "natural_person": 2,  # D, H
        "commercial_enterprise": 1,  # C
        "research_institution": 0,
        "social_welfare_org": 0,
        "legal_service_org": 1,  # E
        "other_org": 0,
        "total": 4,
    }
    assert t["carried_from_last_year"]["natural_person"] == 2  # A, G
    assert t["disclosed"]["natural_person"] == 1  # A
    assert t["not_processed_duplicate"]["natural_person"] == 1  # H, replied on 31 December
    assert t["other_unpaid_fee"]["legal_service_org"] == 1
    assert t["other"]["legal_service_org"] == 1
    assert t["results_total"]["total"] == 3
    assert t["carried_to_next_year"]["natural_person"] == 2  # D, G
    assert t["carried_to_next_year"]["commercial_enterprise"] == 1  # C
    assert t["withheld_third_party"]["total"] == 0  # D replied in 2026


def test_tabulate_2019_template_folds_other_rows():
    t = tabulate(LEDGER, 2020, template="2019")
    assert list(t) == list(REQUEST_ROWS["2019"]) and "other_unpaid_fee" not in t
    t = tabulate(LEDGER, 2025, template="2019")
    assert t["other"]["legal_service_org"] == 1
    with pytest.raises(ValueError, match="2019 或 2021"):
        tabulate(LEDGER, 2025, template="legacy")


outcome_keys = st.sampled_from(OUTCOME_ROWS["2021"])


@st.composite
def ledgers(draw) -> list[RequestRecord]:
    records = []
    for i in range(draw(st.integers(0, 40))):
        received = draw(st.dates(date(2022, 6, 1), date(2026, 6, 30)))
        kind = draw(st.sampled_from(APPLICANT_PARTS))
        if draw(st.booleans()):
            replied = received + timedelta(days=draw(st.integers(0, 400)))
            records.append(rec(str(i), received, kind, draw(outcome_keys), replied))
        else:
            records.append(rec(str(i), received, kind))
    return records


@settings(max_examples=150, deadline=None)
@given(ledgers(), st.integers(2023, 2025), st.sampled_from(["2019", "2021"]))
def test_the_tables_rules_hold_by_construction(records, year, template):
    t = tabulate(records, year, template=template)
    for col in [*APPLICANT_PARTS, "total"]:
        assert (
            t["received_this_year"][col] + t["carried_from_last_year"][col]
            == t["results_total"][col] + t["carried_to_next_year"][col]
        )
        assert t["results_total"][col] == sum(t[r][col] for r in OUTCOME_ROWS[template])
        if template == "2021":
            assert t["other"][col] == sum(t[r][col] for r in OTHER_PARTS)
    for cells in t.values():
        assert cells["total"] == sum(cells[c] for c in APPLICANT_PARTS)
    assert t["received_this_year"]["total"] == sum(r.received.year == year for r in records)


@settings(max_examples=50, deadline=None)
@given(ledgers(), st.integers(2023, 2025))
def test_carry_chain_between_years(records, year):
    assert (
        tabulate(records, year)["carried_from_last_year"]
        == tabulate(records, year - 1)["carried_to_next_year"]
    )


# --- files -----------------------------------------------------------------------------------

CSV_TEXT = (
    "申请编号,收到日期,申请人类型,办理结果,答复日期,备注\n"
    "1,2025-09-26,自然人,重复申请,2025-10-10,电话联系过\n"
    "2,2025-10-09,其他,,,\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_each_encoding(tmp_path, encoding):
    path = tmp_path / "ledger.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    rows = read_table(path)
    assert rows[0]["申请编号"] == "1" and rows[0]["备注"] == "电话联系过"
    records, errors = parse_request_rows(rows)
    assert errors == []
    assert records[0].outcome == "not_processed_duplicate" and records[0].notes == {
        "备注": "电话联系过"
    }
    assert records[1].applicant_type == "other_org"
    assert read_table(CSV_TEXT.encode(encoding), "upload.csv") == rows


def test_tab_separated_text():
    rows = read_table(CSV_TEXT.replace(",", "\t").encode(), "ledger.txt")
    assert rows[1]["申请人类型"] == "其他"


def test_xlsx_with_date_cells(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["申请编号", "收到日期", "申请人类型", "办理结果", "答复日期", None])
    ws.append(
        ["X-1", datetime(2025, 9, 26), "科研机构", "予以公开", datetime(2025, 10, 30), "附注"]
    )
    ws.append([None, None, None, None, None, None])
    path = tmp_path / "ledger.xlsx"
    wb.save(path)
    rows = read_table(path)
    assert len(rows) == 1  # a blank row after the last record is not read
    records, errors = parse_request_rows(rows)
    assert errors == []
    assert records[0].received == date(2025, 9, 26)
    assert records[0].applicant_type == "research_institution"
    assert records[0].notes == {"第6列": "附注"}
    assert read_table(path.read_bytes(), "upload.XLSX") == rows


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.csv", "文件是空的"),
        (b"PK\x03\x04garbage", "a.xlsx", "无法打开 .xlsx"),
        (b"\xd0\xcf\x11\xe0", "a.xls", "另存为 .xlsx 或 CSV"),
        (b"%PDF-1.4", "a.pdf", "不支持 .pdf"),
    ],
)
def test_unreadable_files_say_what_to_do(data, name, message):
    with pytest.raises(TableError, match=message):
        read_table(data, name)


def test_missing_file(tmp_path):
    with pytest.raises(TableError, match="找不到文件"):
        read_table(tmp_path / "nope.csv")
