"""PDF tables whose cells do not sit where the template puts them (issue 13).

Two real 2021-format district reports drew the merged label cell of rows such as （一）予以公开,
（二）部分公开 and （七）总计 as two cells, the second one empty. Read naively, that empty cell is
a blank in front of the values: every value moves one column right (办理结果总计's 自然人 under
商业企业) and the last is lost, and the sums then "repair" the row with shifted and inferred
findings the clerk has no reason to see.
"""

import parse_render as render
import pytest
from parse_checks import check

from gongkai.parsing import parse_bytes
from gongkai.parsing.readers import pdf as pdf_reader


def _split_label_cells(grid_of):
    """The requests table with each label cell that spans two columns drawn as two cells."""

    def grid(report):
        rows = []
        for row in grid_of(report):
            cells = []
            for text, rowspan, colspan in row:
                if colspan == 2 and rowspan == 1:
                    cells += [render.c(text), render.c("")]
                else:
                    cells.append(render.c(text, rowspan, colspan))
            rows.append(cells)
        return rows

    return grid


@pytest.mark.parametrize(("template", "year"), [("2019", 2020), ("2021", 2022)])
@pytest.mark.parametrize("ruled", [True, False])
def test_an_empty_cell_beside_the_label_moves_no_value(monkeypatch, template, year, ruled):
    monkeypatch.setattr(render, "requests_grid", _split_label_cells(render.requests_grid))
    report = render.make_report(template, year, seed=43)
    data = render.to_pdf(report, ruled=ruled)
    if ruled:
        rows = [r.cells for r in pdf_reader.read_pdf(data).rows if r.in_table]
        total = next(r for r in rows if any("总计" in (c or "") for c in r[:3]) and r[-1])
        assert "" in total[:3]  # the layout of the real reports: an empty cell before the values
    result = parse_bytes(data, "report.pdf")
    check(report, result)
    rules = {f["rule"] for f in result.report["findings"]}
    # Placed by the table's columns, not repaired by the sums.
    assert not rules & {"parse.shifted", "parse.inferred"}, rules


def test_values_that_break_the_sums_stay_put_and_are_reported():
    """A row that really is wrong is not shifted until it adds up: it keeps its columns and
    the broken sum is a finding."""
    report = render.make_report("2021", 2022, seed=45)
    report["requests"]["partially_disclosed"]["natural_person"] += 5  # the row no longer adds up
    result = parse_bytes(render.to_pdf(report), "report.pdf")
    got = result.report["requests"]["partially_disclosed"]
    assert got == report["requests"]["partially_disclosed"]
    cells = {c for f in result.report["findings"] for c in f["cells"]}
    assert any(c.startswith("requests.partially_disclosed.") for c in cells)
