"""Rows that lost a value in extraction, and rows whose cells shifted under the wrong header."""

import parse_render as render
from parse_checks import check

from gongkai.annual_report import tables
from gongkai.parsing import parse_bytes, parse_text


def _findings(result, rule):
    return [f for f in result.report["findings"] if f["rule"] == rule]


def test_2021_regulations_row_with_two_of_three_values_is_unknown_not_guessed():
    report = render.make_report("2021", 2022, seed=101)
    row = report["proactive"]["regulations"]
    text = render.to_text(report, "pipes")
    printed = f"规章 | {row['issued']} | {row['abolished']} | {row['in_force']} |"
    assert printed in text
    result = parse_text(text.replace(printed, f"规章 | {row['issued']} | {row['in_force']} |"))
    got = result.report["proactive"]["regulations"]
    assert got == {"issued": None, "abolished": None, "in_force": None}
    (unknown,) = _findings(result, "parse.unknown")
    assert unknown["severity"] == "warning"
    assert set(unknown["cells"]) == {f"proactive.regulations.{c}" for c in row}
    assert "无法确定" in unknown["message"] and str(row["in_force"]) in unknown["message"]
    # Everything else still reads to the cell.
    expected = {**report, "proactive": {**report["proactive"], "regulations": got}}
    check(expected, result)


def test_2019_signed_value_is_the_change_and_last_years_report_gives_the_items():
    report = render.make_report("2019", 2020, seed=102)
    row = report["proactive"]["administrative_license"]
    row["change"] = 3
    text = render.to_text(report, "pipes")
    printed = f"行政许可 | {row['prev_items']} | +3 | {row['decisions']} |"
    assert printed in text
    text = text.replace(printed, f"行政许可 | +3 | {row['decisions']} |")
    alone = parse_text(text)
    assert alone.report["proactive"]["administrative_license"] == {
        "prev_items": None,
        "change": 3,
        "decisions": row["decisions"],
    }
    assert _findings(alone, "parse.unknown")[0]["cells"] == [
        "proactive.administrative_license.prev_items"
    ]
    last = render.make_report("2019", 2019, seed=103)
    last["proactive"]["administrative_license"]["prev_items"] = row["prev_items"] - 2
    last["proactive"]["administrative_license"]["change"] = 2
    chained = parse_text(text, previous=last)
    assert chained.report["proactive"]["administrative_license"] == row
    (inferred,) = [
        f
        for f in _findings(chained, "parse.inferred")
        if "proactive.administrative_license.prev_items" in f["cells"]
    ]
    assert inferred["severity"] == "info" and not _findings(chained, "parse.unknown")


def test_shifted_total_under_commercial_enterprise_is_re_placed_by_the_sums():
    report = render.make_report("2021", 2022, seed=104)
    requests = report["requests"]
    row = requests["partially_disclosed"]
    for col in tables.APPLICANT_PARTS[1:]:
        for key in ("partially_disclosed", "results_total", "received_this_year"):
            requests[key]["total"] -= row[col] if key != "partially_disclosed" else 0
            if key != "partially_disclosed":
                requests[key][col] -= row[col]
        row[col] = None
    row["total"] = row["natural_person"]
    page = render.to_html(report).decode()
    at = page.index("部分公开")
    end = page.index("</tr>", at)
    cells = page[at:end].split("<td>")
    assert [c.startswith("<p>&nbsp;") for c in cells[-7:]] == [False] + [True] * 5 + [False]
    # The PDF this page was made from printed the total one column left, under 商业企业.
    shifted_cells = [cells[-7], cells[-7], *cells[-6:-1]]
    page = page[:at] + "<td>".join(cells[:-7] + shifted_cells) + page[end:]
    result = parse_bytes(page.encode(), "page.html")
    check(report, result)
    (shifted,) = _findings(result, "parse.shifted")
    assert "requests.partially_disclosed.total" in shifted["cells"]
