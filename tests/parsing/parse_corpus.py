"""Cells right per kind of input, on reports rendered here and converted through real tools.

Run: ``.venv/bin/python tests/parsing/parse_corpus.py [REPORTS_PER_KIND]`` (default 6). Prints,
per kind, the share of all cells and of non-zero cells read right, and the agency right; kinds
whose converter is not installed (LibreOffice, markitdown, OCR) are said to be skipped.
"""

from __future__ import annotations

import sys
import time

import parse_convert
import parse_render as render
from parse_scoring import score

from gongkai.parsing import UnreadableReport, parse_bytes, parse_text
from gongkai.parsing.readers import ocr

TITLES = [  # (title line as sites print it, the agency it names)
    ("标题:平潭县人民政府{y}年政府信息公开工作年度报告", "平潭县人民政府"),
    ("#沭阳县人民政府{y}年政府信息公开工作年度报告", "沭阳县人民政府"),
    ("上海市人民政府办公厅\n{y}年政府信息公开工作年度报告", "上海市人民政府办公厅"),
    ("苏州工业园区管委会{y}年度政府信息公开工作\n年度报告", "苏州工业园区管委会"),
    (
        "洪泽区人民政府{y}年政府信息公开工作年度报告\n本报告由淮安市洪泽区人民政府办公室编制。",
        "洪泽区人民政府",
    ),
]


def _with_title(text: str, report: dict, i: int) -> tuple[str, str]:
    line, agency = TITLES[i % len(TITLES)]
    return line.format(y=report["year"]) + "\n" + text.split("\n", 1)[1], agency


def _soffice(data, suffix, target):
    return parse_convert.libreoffice_convert(data, suffix, target)


KINDS = {
    "text (lines/pipes/tabs)": lambda r, i: render.to_text(r, ("lines", "pipes", "tabs")[i % 3]),
    "crawler text, cells run together": lambda r, i: render.to_crawler_text(r),
    "html": lambda r, i: render.to_html(r),
    "docx": lambda r, i: render.to_docx(r),
    "xlsx": lambda r, i: render.to_xlsx(r),
    "pdf ruled": lambda r, i: render.to_pdf(r, narrative_pages=2, page_numbers=True),
    "pdf unruled": lambda r, i: render.to_pdf(r, ruled=False, repeat_header=True),
    "markdown (markitdown of pdf)": lambda r, i: parse_convert.to_markdown(
        render.to_pdf(r, embed_font=True, ruled=i % 2 == 0)
    ),
    "markdown (row-group tables)": lambda r, i: parse_convert.row_groups_markdown(
        r, appeals=("groups", "cut")[i % 2]
    ),
    "pdf from libreoffice (docx)": lambda r, i: _soffice(render.to_docx(r), ".docx", "pdf"),
    "markdown of libreoffice pdf": lambda r, i: parse_convert.to_markdown(
        _soffice(render.to_docx(r), ".docx", "pdf")
    ),
    "doc / wps (libreoffice)": lambda r, i: _soffice(render.to_docx(r), ".docx", "doc"),
    "xls / et (libreoffice)": lambda r, i: _soffice(render.to_xlsx(r), ".xlsx", "xls"),
    "scanned pdf (ocr)": lambda r, i: parse_convert.scanned(render.to_pdf(r, embed_font=True)),
}
NEEDS = {
    "markdown (markitdown of pdf)": "markitdown",
    "markdown of libreoffice pdf": "markitdown+soffice",
    "pdf from libreoffice (docx)": "soffice",
    "doc / wps (libreoffice)": "soffice",
    "xls / et (libreoffice)": "soffice",
    "scanned pdf (ocr)": "ocr",
}


def _have(need: str) -> bool:
    import importlib.util

    checks = {
        "markitdown": importlib.util.find_spec("markitdown") is not None,
        "soffice": parse_convert.soffice() is not None,
        "ocr": ocr.available(),
    }
    return all(checks[n] for n in need.split("+"))


def main() -> None:
    per_kind = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    print(
        f"{'kind':34} {'reports':>7} {'cells right':>12} {'non-zero right':>15} {'agency':>7} {'s/report':>9}"
    )
    totals = [0, 0, 0, 0]
    for kind, make in KINDS.items():
        if kind in NEEDS and not _have(NEEDS[kind]):
            print(f"{kind:34} skipped: {NEEDS[kind]} not installed")
            continue
        cells = right = nonzero = nonzero_right = agencies = 0
        elapsed = 0.0
        for i in range(per_kind):
            template, year = (("2021", 2022), ("2019", 2020))[i % 2]
            report = render.make_report(template, year, seed=1000 + i)
            data = make(report, i)
            agency = report["agency"]
            if isinstance(data, str):
                data, agency = _with_title(data, report, i)
            start = time.perf_counter()
            try:
                result = (
                    parse_text(data) if isinstance(data, str) else parse_bytes(data, "report")
                ).report
            except UnreadableReport:
                result = {}
            elapsed += time.perf_counter() - start
            agencies += result.get("agency") == agency
            s = score({**report, "agency": agency, "expected_findings": []}, result)
            wrong = {w.split(":")[0] for w in s.wrong}
            for section in ("proactive", "requests", "appeals"):
                for row, columns in report[section].items():
                    for column, value in columns.items():
                        path = f"{section}.{row}.{column}"
                        cells += 1
                        right += path not in wrong
                        if value:
                            nonzero += 1
                            nonzero_right += path not in wrong
        totals = [
            totals[0] + cells,
            totals[1] + right,
            totals[2] + nonzero,
            totals[3] + nonzero_right,
        ]
        print(
            f"{kind:34} {per_kind:7d} {100 * right / cells:11.1f}% {100 * nonzero_right / nonzero:14.1f}%"
            f" {agencies:3d}/{per_kind:<3d} {elapsed / per_kind:9.3f}"
        )
    print(
        f"{'all kinds':34} {'':7} {100 * totals[1] / totals[0]:11.1f}% {100 * totals[3] / totals[2]:14.1f}%"
    )


if __name__ == "__main__":
    main()
