"""Every cell says where it came from; ``gongkai parse --explain`` prints it."""

import parse_render as render
from parse_scoring import FIXTURES_DIR

from gongkai.cli import main
from gongkai.parsing import parse_bytes, parse_path


def test_pdf_cells_carry_page_and_position():
    report = render.make_report("2021", 2022, seed=131)
    result = parse_bytes(render.to_pdf(report, ruled=False), "r.pdf")
    where = result.provenance
    assert where["requests.disclosed.total"].startswith("第1页 x=")
    assert where["appeals.reconsideration.upheld"].startswith("第2页")
    # The same row's cells lie on one line, left to right.
    xs = [
        float(where[f"requests.disclosed.{c}"].split("x=")[1].split()[0])
        for c in ("natural_person", "commercial_enterprise", "total")
    ]
    assert xs == sorted(xs)


def test_text_cells_carry_their_line_and_inferred_ones_their_rule():
    result = parse_path(FIXTURES_DIR / "yunfu-office-2022.txt")
    where = result.provenance
    lines = (FIXTURES_DIR / "yunfu-office-2022.txt").read_text(encoding="utf-8").split("\n")
    line = int(where["requests.received_this_year.total"].split("第")[1].split("行")[0])
    assert "本年新收" in lines[line - 1]
    assert "推算" in where["requests.received_this_year.natural_person"]
    assert where["requests.other.total"].startswith("由（六）")
    filled = [p for p, v in _cells(result.report) if v is not None]
    assert all(p in where for p in filled)


def _cells(report):
    for section in ("proactive", "requests", "appeals"):
        for row, cells in report[section].items():
            for column, value in cells.items():
                yield f"{section}.{row}.{column}", value


def test_explain_prints_the_tables_with_provenance(capsys):
    code = main(["parse", "--explain", str(FIXTURES_DIR / "yunfu-office-2022.txt")])
    out = capsys.readouterr().out
    assert code == 0
    assert "机关：云浮市人民政府办公室" in out
    row = next(x for x in out.splitlines() if "一、本年新收申请·自然人" in x)
    assert row.startswith(" ！") and "= 19" in row and "推算" in row  # a doubtful cell is marked
    assert "parse.inferred" in out
    assert main(["parse", "--explain", str(FIXTURES_DIR)]) == 2
