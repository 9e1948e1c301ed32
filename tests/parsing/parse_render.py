"""Rendering a report model into the formats reports are published in, for round-trip tests.

The layout follows the official templates: the same merged header cells, the same labels.
"""

from __future__ import annotations

import io
import random

from gongkai.annual_report import tables

Cell = tuple[str, int, int]  # text, rowspan, colspan


def c(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return (text, rowspan, colspan)


def fmt(value, *, signed: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    text = str(int(value))
    return f"+{text}" if signed and value > 0 else text


def make_report(template: str = "2021", year: int = 2022, seed: int = 1) -> dict:
    """A report whose tables satisfy every arithmetic rule, with varied, non-trivial values."""
    rng = random.Random(seed)
    parts = tables.APPLICANT_PARTS
    requests: dict = {}

    def row(maximum: int) -> dict:
        values = {p: rng.choice([0, 0, 1, 2, rng.randint(0, maximum)]) for p in parts}
        values["natural_person"] = rng.randint(1, maximum)
        values["total"] = sum(values.values())
        return values

    outcomes = tables.OUTCOME_ROWS[template]
    for key in outcomes:
        requests[key] = row(9)
    total = {p: sum(requests[k][p] for k in outcomes) for p in parts}
    total["total"] = sum(total.values())
    carried = {p: rng.randint(0, min(2, total[p])) for p in parts}
    carried["total"] = sum(carried.values())
    nxt = {p: rng.randint(0, 3) for p in parts}
    nxt["total"] = sum(nxt.values())
    received = {p: total[p] + nxt[p] - carried[p] for p in parts}
    received["total"] = sum(received.values())
    requests["received_this_year"] = received
    requests["carried_from_last_year"] = carried
    requests["results_total"] = total
    requests["carried_to_next_year"] = nxt
    if template == "2021":
        requests["other"] = {
            p: sum(requests[k][p] for k in tables.OTHER_PARTS) for p in tables.APPLICANT_COLUMNS
        }
    requests = {k: requests[k] for k in tables.REQUEST_ROWS[template]}
    appeals = {}
    for group in tables.APPEAL_GROUPS:
        g = {p: rng.randint(0, 4) for p in tables.APPEAL_PARTS}
        g["total"] = sum(g.values())
        appeals[group] = g
    proactive = {}
    for key, spec in tables.PROACTIVE_ROWS[template].items():
        values = {}
        for col in spec.columns:
            if col == "amount_wan_yuan":
                values[col] = round(rng.randint(1, 999999) / 100, 2)
            elif col == "change":
                values[col] = rng.randint(-5, 9)
            else:
                values[col] = rng.randint(0, 400)
        proactive[key] = values
    return {
        "template": template,
        "year": year,
        "agency": "测试市测试区人民政府办公室",
        "title": f"测试市测试区人民政府办公室{year}年政府信息公开工作年度报告",
        "proactive": proactive,
        "requests": requests,
        "appeals": appeals,
    }


def _section_heading(spec_label: str) -> str:
    return spec_label.split(" ")[0]


def proactive_grid(report: dict) -> list[list[Cell]]:
    specs = tables.PROACTIVE_ROWS[report["template"]]
    rows: list[list[Cell]] = []
    heading = None
    for key, spec in specs.items():
        head = _section_heading(spec.label)
        columns = list(spec.columns.values())
        if head != heading:
            heading = head
            rows.append([c(head, 1, 4)])
            header = [c("信息内容")] + [c(x) for x in columns]
            if len(columns) < 3:
                header[-1] = (header[-1][0], 1, 4 - len(columns))
            rows.append(header)
        values = report["proactive"][key]
        cells = [c(spec.label.split(" ")[-1])]
        for col in spec.columns:
            text = fmt(values[col], signed=col == "change")
            if col == "amount_wan_yuan" and text and "单位" not in spec.columns[col]:
                text += "万元"
            cells.append(c(text))
        if len(spec.columns) < 3:
            cells[-1] = (cells[-1][0], 1, 4 - len(spec.columns))
        rows.append(cells)
    return rows


def requests_grid(report: dict) -> list[list[Cell]]:
    template = report["template"]
    cols = list(tables.APPLICANT_COLUMNS)
    rows: list[list[Cell]] = [
        [
            c("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
            c("申请人情况", 1, 7),
        ],
        [c("自然人", 2), c("法人或其他组织", 1, 5), c("总计", 2)],
        [c("商业企业"), c("科研机构"), c("社会公益组织"), c("法律服务机构"), c("其他")],
    ]

    def values(key: str) -> list[Cell]:
        return [c(fmt(report["requests"][key][col])) for col in cols]

    keys = [k for k in tables.REQUEST_ROWS[template] if not (template == "2021" and k == "other")]
    outcome_keys = keys[2:-1]
    groups = {
        "withheld": "（三）不予公开",
        "unavailable": "（四）无法提供",
        "not_processed": "（五）不予处理",
    }
    for i, key in enumerate(keys):
        label = tables.REQUEST_ROWS[template][key]
        lead: list[Cell] = []
        if key in ("received_this_year", "carried_from_last_year", "carried_to_next_year"):
            lead = [c(label, 1, 3)]
        else:
            if key == outcome_keys[0]:
                lead.append(c("三、本年度办理结果", len(outcome_keys)))
            prefix = (
                key.split("_")[0]
                if key.startswith(("withheld", "unavailable"))
                else "_".join(key.split("_")[:2])
            )
            group = groups.get(prefix) or ("（六）其他处理" if key in tables.OTHER_PARTS else None)
            item = label.split(" ")[-1]
            if group:
                first = keys.index(key) == min(
                    j
                    for j, k in enumerate(keys)
                    if k.startswith(prefix)
                    or (group == "（六）其他处理" and k in tables.OTHER_PARTS)
                )
                if first:
                    size = sum(
                        1
                        for k in keys
                        if k.startswith(prefix)
                        or (group == "（六）其他处理" and k in tables.OTHER_PARTS)
                    )
                    lead.append(c(group, size))
                lead.append(c(item))
            else:
                lead.append(c(item.replace("三、本年度办理结果", "").strip(), 1, 2))
        del i
        rows.append(lead + values(key))
    return rows


def appeals_grid(report: dict) -> list[list[Cell]]:
    heads = list(tables.APPEAL_COLUMNS.values())
    rows = [
        [c("行政复议", 1, 5), c("行政诉讼", 1, 10)],
        [c(h, 2) for h in heads] + [c("未经复议直接起诉", 1, 5), c("复议后起诉", 1, 5)],
        [c(h) for h in heads * 2],
        [
            c(fmt(report["appeals"][g][k]))
            for g in tables.APPEAL_GROUPS
            for k in tables.APPEAL_COLUMNS
        ],
    ]
    return rows


INTRO = (
    "根据《中华人民共和国政府信息公开条例》规定，现公布本机关{year}年政府信息公开工作年度报告。"
    "本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
)


def sections(report: dict) -> list[tuple[str, object]]:
    """The report as headings, paragraphs and tables in printed order."""
    return [
        ("text", report["title"]),
        ("text", INTRO.format(year=report["year"])),
        ("text", "一、总体情况"),
        ("text", f"{report['year']}年，本机关认真贯彻落实条例，依法做好政府信息公开工作。"),
        ("text", "二、主动公开政府信息情况"),
        ("table", proactive_grid(report)),
        ("text", "三、收到和处理政府信息公开申请情况"),
        ("table", requests_grid(report)),
        ("text", "四、政府信息公开行政复议、行政诉讼情况"),
        ("table", appeals_grid(report)),
        ("text", "五、存在的主要问题及改进情况"),
        ("text", "主要问题是公开的及时性有待提高。下一步将加强培训。"),
        ("text", "六、其他需要报告的事项"),
        ("text", "本年度未收取信息处理费。"),
    ]


def expand(grid: list[list[Cell]]) -> list[list[str | None]]:
    from gongkai.parsing.readers.grid import expand as _expand

    return _expand(grid)


# --- text ------------------------------------------------------------------------------------


def to_text(report: dict, layout: str = "lines") -> str:
    """``lines``: one cell per line, blanks dropped; ``pipes``: ``a | b`` rows; ``tabs``: PDF-ish."""
    out = []
    for kind, item in sections(report):
        if kind == "text":
            out.append(item)
            continue
        for row in expand(item):  # type: ignore[arg-type]
            cells = [x for x in row if x is not None]
            if layout == "lines":
                out.extend(x for x in cells if x)
            elif layout == "pipes":
                out.append(" | ".join(cells) + " |")
            else:
                out.append("\t".join(cells))
        out.append("")
    return "\n".join(out) + "\n"


# --- HTML ------------------------------------------------------------------------------------


def _html_table(grid: list[list[Cell]]) -> str:
    rows = []
    for row in grid:
        cells = []
        for text, rs, cs in row:
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            body = text.replace("数量", "<br>数量", 1) if len(text) > 8 else text
            cells.append(f"<td{attrs}><p>{body or '&nbsp;'}</p></td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border="1" cellspacing="0"><tbody>' + "\n".join(rows) + "</tbody></table>"


def to_html(report: dict, charset: str = "utf-8", declare: bool = True) -> bytes:
    body = []
    for kind, item in sections(report):
        if kind == "text":
            body.append(f"<p>{item}</p>")
        else:
            body.append(_html_table(item))  # type: ignore[arg-type]
    meta = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        if declare
        else ""
    )
    page = f"""<!DOCTYPE html><html><head>{meta}<title>年报</title>
<script>var nav = "<table><tr><td>x</td></tr></table>";</script><style>td{{border:1px}}</style></head>
<body><div class="nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a>政民互动</a></div>
<table width="100%"><tr><td class="side"><ul><li>通知公告</li><li>政策解读</li></ul></td>
<td class="main"><div class="article">{"".join(body)}</div></td></tr></table>
<div class="footer">主办单位：测试市人民政府办公室 | 网站标识码 1234</div></body></html>"""
    return page.encode(charset)


# --- DOCX ------------------------------------------------------------------------------------


def to_docx(report: dict) -> bytes:
    import docx

    document = docx.Document()
    for kind, item in sections(report):
        if kind == "text":
            document.add_paragraph(item)
            continue
        grid = item
        width = max(sum(cs for _, _, cs in row) for row in grid)  # type: ignore[union-attr]
        table = document.add_table(rows=len(grid), cols=width)  # type: ignore[arg-type]
        occupied: set[tuple[int, int]] = set()
        for r, row in enumerate(grid):  # type: ignore[arg-type]
            col = 0
            for text, rs, cs in row:
                while (r, col) in occupied:
                    col += 1
                cell = table.cell(r, col)
                if rs > 1 or cs > 1:
                    cell = cell.merge(table.cell(r + rs - 1, col + cs - 1))
                cell.text = text
                for dr in range(rs):
                    for dc in range(cs):
                        occupied.add((r + dr, col + dc))
                col += cs
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PDF ------------------------------------------------------------------------------------


def to_pdf(report: dict, **options) -> bytes:
    """See :func:`parse_render_pdf.to_pdf`; kept here so callers need one module."""
    from parse_render_pdf import to_pdf as render_pdf

    return render_pdf(report, **options)


def to_crawler_text(report: dict) -> str:
    """Text as a crawler that strips tags without separators leaves it: each table row's label
    and numbers in one run ("（一）予以公开801000081"), section 二 kept apart by spaces."""
    out = []
    section = ""
    for line in to_text(report, "pipes").split("\n"):
        cells = [c.strip() for c in line.split("|")]
        cells = [c for c in cells if c]
        if line.startswith(("三、收到", "四、政府")):
            section = line[:2]
        numbers = [c for c in cells if c.lstrip("+-").replace(".", "", 1).isdigit()]
        labels = [c for c in cells if c not in numbers]
        if section and len(numbers) >= 7 and len(numbers) == len(cells) - len(labels):
            out.append("".join(labels[-1:]) + "".join(numbers))
        else:
            out.append(" ".join(cells))
    return "\n".join(out)


# --- XLSX ------------------------------------------------------------------------------------


def to_xlsx(report: dict) -> bytes:
    """The report as a spreadsheet: headings in the first column, tables with merged cells."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    row = 1
    for kind, item in sections(report):
        if kind == "text":
            sheet.cell(row, 1, item)
            row += 1
            continue
        occupied: set[tuple[int, int]] = set()
        for r, cells in enumerate(item):  # type: ignore[arg-type]
            col = 1
            for text, rs, cs in cells:
                while (r, col) in occupied:
                    col += 1
                value = (
                    int(text) if text.lstrip("-").isdigit() and not text.startswith("+") else text
                )
                sheet.cell(row + r, col, value if text != "" else None)
                if rs > 1 or cs > 1:
                    sheet.merge_cells(
                        start_row=row + r,
                        start_column=col,
                        end_row=row + r + rs - 1,
                        end_column=col + cs - 1,
                    )
                occupied.update((r + dr, col + dc) for dr in range(rs) for dc in range(cs))
                col += cs
        row += len(item) + 1  # type: ignore[arg-type]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
