"""``gongkai parse``: formats, order, exit codes, parallel runs equal to serial ones."""

import csv
import io
import json

import parse_render as render
import pytest
from parse_scoring import FIXTURES_DIR

from gongkai.cli import main


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    report = render.make_report("2021", 2022, seed=3)
    (folder / "a.html").write_bytes(render.to_html(report))
    (folder / "sub" / "b.txt").write_text(render.to_text(report, "pipes"), encoding="utf-8")
    (folder / "c.docx").write_bytes(render.to_docx(report))
    (folder / "d.txt").write_bytes(b"")  # unreadable: empty
    (folder / "ignored.png").write_bytes(b"\x89PNG")
    return folder


def run(capsys, *argv):
    code = main(["parse", *map(str, argv)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_for_one_input(capsys):
    code, out, err = run(capsys, FIXTURES_DIR / "heshan-office-2019.txt")
    assert code == 0
    data = json.loads(out)
    assert data["agency"] == "鹤山市人民政府办公室" and "source" not in data
    assert "Traceback" not in err


def test_jsonl_order_errors_and_exit_code(capsys, batch):
    code, out, err = run(capsys, batch, "--format", "jsonl")
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["source"].split("/in/")[1] for r in records] == [
        "a.html",
        "c.docx",
        "d.txt",
        "sub/b.txt",
    ]
    assert records[2]["error"] == "文件是空的" and set(records[2]) == {"source", "error"}
    assert all(r["year"] == 2022 for i, r in enumerate(records) if i != 2)
    assert "d.txt" in err and "Traceback" not in err


def test_parallel_equals_serial(capsys, batch):
    _, serial, _ = run(capsys, batch, "-j", "1", "--format", "jsonl")
    _, parallel, _ = run(capsys, batch, "-j", "2", "--format", "jsonl")
    assert serial == parallel and serial.count("\n") == 4


def test_csv_and_xlsx(capsys, batch, tmp_path):
    code, out, _ = run(capsys, batch, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    header = rows[0]
    assert "requests.results_total.total" in header and header[-2:] == ["findings", "error"]
    assert len(rows) == 5
    column = header.index("requests.received_this_year.total")
    assert rows[1][column].isdigit()
    target = tmp_path / "out.xlsx"
    code, _, _ = run(capsys, batch, "--format", "xlsx", "-o", target)
    assert code == 1
    from openpyxl import load_workbook

    sheet = load_workbook(target).active
    assert sheet.max_row == 5 and sheet.cell(1, 1).value == "source"


def test_usage_errors(capsys, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(capsys, empty)[0] == 2
    assert run(capsys, FIXTURES_DIR, "--format", "xlsx")[0] == 2
    assert run(capsys, FIXTURES_DIR, "-j", "0")[0] == 2
    with pytest.raises(SystemExit) as info:
        main(["parse", "x.txt", "--format", "yaml"])
    assert info.value.code == 2


def test_previous_enables_cross_year_rules(capsys, tmp_path):
    last = render.make_report("2021", 2021, seed=1)
    this = render.make_report("2021", 2022, seed=2)
    (tmp_path / "prev").mkdir()
    (tmp_path / "prev" / "2021.txt").write_text(render.to_text(last, "pipes"), encoding="utf-8")
    (tmp_path / "now.txt").write_text(render.to_text(this, "pipes"), encoding="utf-8")
    _, alone, _ = run(capsys, tmp_path / "now.txt")
    code, chained, _ = run(capsys, tmp_path / "now.txt", "--previous", tmp_path / "prev")
    assert code == 0
    rules_alone = {f["rule"] for f in json.loads(alone)["findings"]}
    rules_chained = {f["rule"] for f in json.loads(chained)["findings"]}
    assert "requests.carry_chain" not in rules_alone
    assert "requests.carry_chain" in rules_chained


def test_reader_failures_are_one_chinese_line_and_a_non_zero_exit(capsys, tmp_path, monkeypatch):
    from test_parse_bad_inputs import PDF_WITH_A_BAD_KID

    from gongkai.parsing import reading

    bad = tmp_path / "bad.pdf"
    bad.write_bytes(PDF_WITH_A_BAD_KID)
    for argv in ([bad], [bad, "--explain"]):
        code, out, err = run(capsys, *argv)
        assert code == 1
        assert err == f"无法读取 {bad}：PDF 第 2 页已损坏，无法读取\n"
    # Any other failure of a reader: one line too, never 内部错误 or a traceback.
    monkeypatch.setattr(reading, "read_html", lambda data: 1 / 0)
    page = tmp_path / "report.html"
    page.write_bytes(render.to_html(render.make_report("2021", 2022, seed=3)))
    for argv in ([page], [page, "--explain"]):
        code, out, err = run(capsys, *argv)
        assert code == 1 and err.count("\n") == 1
        assert "文件内容异常，无法按网页读取（ZeroDivisionError）" in err
        assert "内部错误" not in err and "Traceback" not in err
