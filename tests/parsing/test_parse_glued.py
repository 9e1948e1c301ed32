"""Crawler text whose cells ran together: "801000081" is 80 1 0 0 0 0 81 by the table's rules."""

import parse_render as render
import pytest
from parse_checks import check

from gongkai.annual_report import tables
from gongkai.parsing import parse_text
from gongkai.parsing.glued import splits


def test_splits_keep_only_readings_whose_parts_add_up():
    assert splits("801000081", 7, 7) == [[80, 1, 0, 0, 0, 0, 81]]
    assert sorted(splits("110000011", 7, 7)) == [[1, 10, 0, 0, 0, 0, 11], [11, 0, 0, 0, 0, 0, 11]]
    assert splits("11000011", 7, 7) == []  # no reading adds up
    assert splits("120360000000000", 15, 5) == [[1, 2, 0, 3, 6] + [0] * 10]


@pytest.mark.parametrize(("template", "year", "seed"), [("2021", 2022, 201), ("2019", 2020, 202)])
def test_crawler_text_reads_to_the_cell(template, year, seed):
    report = render.make_report(template, year, seed=seed)
    text = render.to_crawler_text(report)
    row = report["requests"]["disclosed"]
    glued = "（一）予以公开" + "".join(render.fmt(row[c]) for c in tables.APPLICANT_COLUMNS)
    assert glued in text
    # Some sites put the numbers on a line of their own under the label.
    text = text.replace(glued, glued.replace("公开", "公开\n", 1))
    result = parse_text(text)
    check(report, result)
    assert not [f for f in result.report["findings"] if f["rule"] == "parse.ambiguous"]


def _set_rows(report: dict, rows: dict[str, list[int]]) -> None:
    requests = report["requests"]
    columns = list(tables.APPLICANT_COLUMNS)
    for key, values in rows.items():
        requests[key] = dict(zip(columns, values, strict=True))
    outcomes = tables.OUTCOME_ROWS[report["template"]]
    for c in columns:
        requests["results_total"][c] = sum(requests[k][c] for k in outcomes)
        requests["received_this_year"][c] = (
            requests["results_total"][c]
            + requests["carried_to_next_year"][c]
            - requests["carried_from_last_year"][c]
        )


def test_two_rows_that_can_trade_digits_are_ambiguous_not_guessed():
    report = render.make_report("2019", 2020, seed=203)
    _set_rows(
        report,
        {
            "withheld_state_secret": [1, 10, 0, 0, 0, 0, 11],
            "withheld_prohibited_by_law": [11, 0, 0, 0, 0, 0, 11],
        },
    )
    result = parse_text(render.to_crawler_text(report))
    got = result.report["requests"]
    ambiguous = [f for f in result.report["findings"] if f["rule"] == "parse.ambiguous"]
    cells = {c for f in ambiguous for c in f["cells"]}
    for key in ("withheld_state_secret", "withheld_prohibited_by_law"):
        assert f"requests.{key}.natural_person" in cells
        assert f"requests.{key}.commercial_enterprise" in cells
        assert got[key]["natural_person"] is None and got[key]["commercial_enterprise"] is None
        assert got[key]["total"] == 11  # every reading agrees on it
    assert all(f["severity"] == "warning" for f in ambiguous)
    assert "拆分" in ambiguous[0]["message"]
    # The rest of the table is read to the cell.
    expected = {**report, "requests": {**report["requests"]}}
    for key in ("withheld_state_secret", "withheld_prohibited_by_law"):
        expected["requests"][key] = got[key]
    from parse_scoring import score

    assert score({**expected, "expected_findings": []}, result.report).wrong == []
