"""Every CSV and XLSX the platform writes keeps text that looks like a formula as text (issue 12,
"formula injection"): each export, fed the two payloads, is opened as a spreadsheet program
would open it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from gongkai.accounts.system import SYSTEM
from gongkai.table_files import (
    append_row,
    csv_text,
    inert,
    inert_row,
    read_table,
    restored,
)

HYPERLINK = '=HYPERLINK("http://evil.example/x","点击查看附件")'
DDE = "=cmd|' /C calc'!A0"
PAYLOADS = (HYPERLINK, DDE)


def assert_inert_xlsx(data: bytes, expected=PAYLOADS) -> None:
    """No cell of any sheet is a formula, and each payload is there as text after a quote."""
    book = load_workbook(io.BytesIO(data))
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    assert not cell.value.lstrip(" ").startswith(("=", "+", "-", "@", "\t"))
                values.append(cell.value)
    for payload in expected:
        assert any(isinstance(v, str) and v.startswith("'" + payload) for v in values), payload


def assert_inert_csv(text: str, expected=PAYLOADS) -> None:
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    for cell in cells:
        assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), cell
    for payload in expected:
        assert any(cell.startswith("'" + payload) for cell in cells), payload


# --- the helper -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [HYPERLINK, DDE, "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "  =1+1"],
)
def test_text_that_begins_like_a_formula_gets_a_quote_and_keeps_its_text(value):
    assert inert(value) == "'" + value
    assert restored(inert(value)) == value


@pytest.mark.parametrize(
    "value", [-5, 3.5, 0, None, dt.date(2025, 1, 2), "申请内容", "2025-001", "'已是文本", ""]
)
def test_numbers_dates_and_plain_text_stay_as_they_are(value):
    assert inert(value) == value
    assert restored(value) == value


def test_openpyxl_stores_the_quoted_value_as_a_string_and_numbers_as_numbers():
    for write_only in (False, True):
        book = Workbook(write_only=write_only)
        sheet = book.create_sheet("t") if write_only else book.active
        append_row(sheet, [HYPERLINK, -3, "-1+2", DDE])
        out = io.BytesIO()
        book.save(out)
        row = next(load_workbook(io.BytesIO(out.getvalue())).worksheets[0].iter_rows())
        assert [c.data_type for c in row] == ["s", "n", "s", "s"]
        assert [c.value for c in row] == ["'" + HYPERLINK, -3, "'-1+2", "'" + DDE]


def test_csv_text_and_reading_it_back_round_trip():
    text = csv_text(["名称", "内容"], [[HYPERLINK, DDE], inert_row(["普通", 5])])
    assert_inert_csv(text)
    rows = read_table(text.encode("utf-8"), "x.csv")
    assert rows[0] == {"名称": HYPERLINK, "内容": DDE}


# --- each export ----------------------------------------------------------------------------


def test_the_request_ledger_xlsx_and_csv(county, applicant):
    from gongkai.requests import actions
    from gongkai.requests.ledger_export import export_rows, write_csv, write_xlsx

    today = timezone.localdate()
    actions.register(
        actor=county["clerk"],
        agency=county["county"],
        received_on=today,
        today=today,
        data=applicant(
            applicant_type="commercial_enterprise",
            organisation_name=HYPERLINK,
            id_type="org_code",
            id_number="91350100M000100Y43",
            description=DDE,
        ),
    )
    rows = export_rows(county["county"], today.year)
    assert_inert_xlsx(write_xlsx(rows))
    assert_inert_csv(write_csv(rows).decode("utf-8-sig"))
    # What the platform exported imports back as it was.
    imported = read_table(write_xlsx(rows), "ledger.xlsx")
    assert {imported[0]["申请人"], imported[0]["申请内容"]} == set(PAYLOADS)


def test_the_catalog_export_xlsx_and_csv(county):
    from gongkai.catalog import actions
    from gongkai.catalog.export import export_rows, write_csv, write_xlsx
    from gongkai.catalog.models import Category

    actions.ensure_catalog(actor=SYSTEM, agency=county["county"])
    record = actions.create_draft(
        actor=county["publisher"],
        agency=county["county"],
        data={
            "title": HYPERLINK,
            "category": Category.objects.filter(agency=county["county"]).order_by("code").last(),
            "doc_type": "notice",
            "summary": DDE,
            "body": "<p>正文</p>",
            "formed_on": timezone.localdate() - dt.timedelta(days=3),
        },
    )
    actions.submit(actor=county["publisher"], record=record)
    actions.approve(actor=county["reviewer"], record=record, opinion="不涉密，同意公开。")
    actions.publish(actor=county["publisher"], record=record)
    rows = export_rows(county["county"])
    assert len(rows) == 1
    assert_inert_xlsx(write_xlsx(rows))
    assert_inert_csv(write_csv(rows).decode("utf-8-sig"))


def _kept_report(county, *, unit_name, narrative, year, agency=None, code):
    from gongkai.reports.builder import build_report
    from gongkai.reports.models import PublishedReport, Source

    report = build_report(county["county"], year, today=timezone.localdate())
    return PublishedReport.objects.create(
        agency=agency,
        unit_name=unit_name,
        within=county["city"],
        year=year,
        template=report.template,
        source=Source.UPLOADED,
        file_hash=code,
        data=report.to_dict(),
        narrative=narrative,
        submitted_at=timezone.now(),
    )


def test_the_comparison_xlsx(county, login):
    # An uploaded report names its unit and writes its prose as the file says.
    a = _kept_report(county, unit_name=HYPERLINK, narrative="一、总体情况", year=2024, code="a")
    b = _kept_report(
        county, unit_name="某单位", narrative=f"一、总体情况\n{DDE}", year=2025, code="b"
    )
    client = login(Client(), county["supervisor"])
    response = client.get(reverse("reports:compare") + f"?a={a.pk}&b={b.pk}&format=xlsx")
    assert response.status_code == 200
    assert_inert_xlsx(response.content)


def test_the_overview_xlsx(county, login):
    _kept_report(county, unit_name=HYPERLINK, narrative="", year=2025, code="a")
    _kept_report(county, unit_name=DDE, narrative="", year=2025, code="b")
    client = login(Client(), county["supervisor"])
    response = client.get(reverse("reports:overview") + "?year=2025&format=xlsx")
    assert response.status_code == 200
    assert_inert_xlsx(response.content)


def test_the_report_xlsx_of_a_report_that_names_itself_a_formula(county):
    from gongkai.annual_report.report import Finding, Report
    from gongkai.documents.annual_report import render_xlsx
    from gongkai.reports.builder import build_report

    data = build_report(county["county"], 2025, today=timezone.localdate()).to_dict()
    data["title"] = HYPERLINK
    report = Report.from_dict(data)
    report.findings.append(Finding(rule="x", severity="error", message=DDE))
    assert_inert_xlsx(render_xlsx(report))


def test_the_parse_command_csv_and_xlsx(tmp_path, capsys):
    from gongkai.cli.parse import _write

    records = [{"source": "a.html", "template": "2021", "year": 2025, "agency": HYPERLINK,
                "title": DDE, "findings": []}]  # fmt: skip
    _write(records, "xlsx", str(tmp_path / "out.xlsx"))
    assert_inert_xlsx((tmp_path / "out.xlsx").read_bytes())
    _write(records, "csv", None)
    assert_inert_csv(capsys.readouterr().out)
