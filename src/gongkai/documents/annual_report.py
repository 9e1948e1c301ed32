"""The annual report (政府信息公开工作年度报告) in the national format: DOCX, PDF, HTML, XLSX.

The three statistics tables are described once, as grids of cells with their row and column
spans as the official 2021 Word template draws them (and the 2019 template, which differs only
in section 二's columns and in （六） being one row); every output format renders those grids,
so the Word file, the PDF, the web page and the spreadsheet cannot disagree about the layout.
Plain Python over ``Report``: no database, no Django.
"""

from __future__ import annotations

import html
import io
from collections.abc import Mapping
from dataclasses import dataclass

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, Twips
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from gongkai.annual_report.report import Cell as Value
from gongkai.annual_report.report import Report
from gongkai.annual_report.tables import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    APPEAL_PARTS,
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    OUTCOME_ROWS,
    PROACTIVE_ROWS,
    REQUEST_ROWS,
)
from gongkai.table_files import append_row, inert

from .fonts import cjk_font_name

SECTION_TITLES = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "appeals": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
PLACEHOLDERS = {
    "overview": "（文字描述）",
    "problems": "（文字描述）",
    "other": "（文字描述，收取信息处理费情况在此处报告。）",
}
NUMERALS = tuple(title[:2] for title in SECTION_TITLES.values())
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS_HEAD = "三、本年度办理结果"


@dataclass(frozen=True)
class GridCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    numeric: bool = False
    align: str = "center"  # left for the long row labels, as the template sets them
    path: str = ""  # a value cell's dotted path (requests.results_total.total), for pages


@dataclass(frozen=True)
class Grid:
    """A table as rows of origin cells (like HTML), with column widths in twips."""

    key: str
    widths: tuple[int, ...]
    rows: tuple[tuple[GridCell, ...], ...]

    def placed(self) -> list[tuple[int, int, GridCell]]:
        """(row, column, cell) of every origin cell, columns skipping spanned positions."""
        taken: set[tuple[int, int]] = set()
        out = []
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                out.append((r, c, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan
        return out


def fmt(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def _value(report: Report, section: str, row: str, column: str, span: int = 1) -> GridCell:
    table = getattr(report, section) or {}
    return GridCell(
        fmt((table.get(row) or {}).get(column)),
        colspan=span,
        numeric=True,
        path=f"{section}.{row}.{column}",
    )


def _spans(n: int, room: int = 3) -> list[int]:
    # Section 二's value columns share three grid columns; the last one takes what is left.
    return [1] * (n - 1) + [room - (n - 1)] if n else []


def proactive_grid(report: Report) -> Grid:
    rows: list[tuple[GridCell, ...]] = []
    article = None
    for key, spec in PROACTIVE_ROWS[report.template].items():
        head, _, name = spec.label.rpartition(" ")
        spans = _spans(len(spec.columns))
        if head != article:
            article = head
            rows.append((GridCell(head, colspan=4, header=True),))
            rows.append(
                (
                    GridCell("信息内容", header=True),
                    *(
                        GridCell(label, colspan=span, header=True)
                        for label, span in zip(spec.columns.values(), spans, strict=True)
                    ),
                )
            )
        cells = [
            _value(report, "proactive", key, col, span)
            for col, span in zip(spec.columns, spans, strict=True)
        ]
        rows.append((GridCell(name, header=True), *cells))
    return Grid("proactive", (2435, 2435, 2435, 2435), tuple(rows))


def _outcome_label(template: str, row: str) -> tuple[str, str]:
    """（三）不予公开 1.属于国家秘密 → (group, item); rows without items give (label, "")."""
    label = REQUEST_ROWS[template][row].removeprefix(RESULTS_HEAD).strip()
    group, _, item = label.partition(" ")
    return group, item


def requests_grid(report: Report) -> Grid:
    template = report.template
    values = lambda row: tuple(_value(report, "requests", row, c) for c in APPLICANT_COLUMNS)  # noqa: E731
    org = len(APPLICANT_PARTS) - 1
    rows: list[tuple[GridCell, ...]] = [
        (
            GridCell(BALANCE_NOTE, colspan=3, rowspan=3, header=True, align="left"),
            GridCell("申请人情况", colspan=len(APPLICANT_COLUMNS), header=True),
        ),
        (
            GridCell(APPLICANT_COLUMNS["natural_person"], rowspan=2, header=True),
            GridCell("法人或其他组织", colspan=org, header=True),
            GridCell(APPLICANT_COLUMNS["total"], rowspan=2, header=True),
        ),
        tuple(GridCell(APPLICANT_COLUMNS[c], header=True) for c in APPLICANT_PARTS[1:]),
    ]
    for row in ("received_this_year", "carried_from_last_year"):
        rows.append(
            (
                GridCell(REQUEST_ROWS[template][row], colspan=3, header=True, align="left"),
                *values(row),
            )
        )
    result_rows = [*OUTCOME_ROWS[template], "results_total"]
    groups: dict[str, list[str]] = {}
    for row in result_rows:
        groups.setdefault(_outcome_label(template, row)[0], []).append(row)
    first = True
    for group, members in groups.items():
        for i, row in enumerate(members):
            lead = []
            if first:
                lead.append(GridCell(RESULTS_HEAD, rowspan=len(result_rows), header=True))
                first = False
            item = _outcome_label(template, row)[1]
            if not item:
                lead.append(GridCell(group, colspan=2, header=True, align="left"))
            else:
                if i == 0:
                    lead.append(GridCell(group, rowspan=len(members), header=True))
                lead.append(GridCell(item, header=True, align="left"))
            rows.append((*lead, *values(row)))
    rows.append(
        (
            GridCell(
                REQUEST_ROWS[template]["carried_to_next_year"], colspan=3, header=True, align="left"
            ),
            *values("carried_to_next_year"),
        )
    )
    return Grid("requests", (754, 921, 3271, *([685] * len(APPLICANT_COLUMNS))), tuple(rows))


def appeals_grid(report: Report) -> Grid:
    n = len(APPEAL_COLUMNS)
    groups = list(APPEAL_GROUPS)
    labels = [GridCell(APPEAL_COLUMNS[c], header=True) for c in APPEAL_COLUMNS]
    rows = (
        (
            GridCell("行政复议", colspan=n, header=True),
            GridCell("行政诉讼", colspan=2 * n, header=True),
        ),
        (
            *(GridCell(APPEAL_COLUMNS[c], rowspan=2, header=True) for c in APPEAL_COLUMNS),
            GridCell("未经复议直接起诉", colspan=n, header=True),
            GridCell("复议后起诉", colspan=n, header=True),
        ),
        (*labels, *labels),
        tuple(_value(report, "appeals", g, c) for g in groups for c in APPEAL_COLUMNS),
    )
    assert len(APPEAL_PARTS) + 1 == n
    return Grid("appeals", tuple([649] * 7 + [650] * 8), rows)


def grids(report: Report) -> dict[str, Grid]:
    if report.template not in ("2019", "2021"):
        raise ValueError("只能按 2019 或 2021 格式输出年度报告")
    return {
        "proactive": proactive_grid(report),
        "requests": requests_grid(report),
        "appeals": appeals_grid(report),
    }


def _texts(narrative: Mapping[str, str] | None) -> dict[str, str]:
    return {key: (narrative or {}).get(key) or text for key, text in PLACEHOLDERS.items()}


def _title(report: Report) -> str:
    return report.title or f"{report.agency}{report.year}年政府信息公开工作年度报告"


def outline(report: Report, narrative: Mapping[str, str] | None):
    """The document in order: ("heading", text), ("text", text) and ("table", Grid)."""
    texts, tables = _texts(narrative), grids(report)
    for key, heading in SECTION_TITLES.items():
        yield "heading", heading
        if key in tables:
            yield "table", tables[key]
        else:
            for paragraph in texts[key].split("\n"):
                yield "text", paragraph


# --- DOCX -------------------------------------------------------------------------------------


def _docx_table(doc, grid: Grid) -> None:
    """The grid as a Word table, written row by row as the XML python-docx's merges would
    leave (Table.cell() and _Cell.merge() rebuild the whole grid on every call, which made a
    report's DOCX take seconds). Origin cells carry the width of their last column; the rows
    below a vertical span hold an empty continuation cell of the span's default width."""

    n = len(grid.widths)
    table = doc.add_table(rows=0, cols=n)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    default = int(table._tbl.tblGrid.gridCol_lst[0].get(qn("w:w")))
    origins = {(r, c): cell for r, c, cell in grid.placed()}
    continued = {
        (r + dr, c): cell.colspan
        for (r, c), cell in origins.items()
        for dr in range(1, cell.rowspan)
    }
    texts, rows = [], []
    for r in range(len(grid.rows)):
        tcs, c = [], 0
        while c < n:
            cell = origins.get((r, c))
            if cell is not None:
                span = f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else ""
                merge = '<w:vMerge w:val="restart"/>' if cell.rowspan > 1 else ""
                font = (
                    '<w:rFonts w:ascii="楷体" w:hAnsi="楷体" w:eastAsia="楷体"/>'
                    if cell.align == "left" and cell.text == BALANCE_NOTE
                    else ""
                )
                tcs.append(
                    f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{grid.widths[c + cell.colspan - 1]}"/>'
                    f'{span}{merge}<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr>'
                    f'<w:jc w:val="{cell.align}"/></w:pPr><w:r><w:rPr>{font}<w:sz w:val="20"/>'
                    "</w:rPr></w:r></w:p></w:tc>"
                )
                texts.append(cell.text)
                c += cell.colspan
            elif (r, c) in continued:
                width = continued[(r, c)]
                span = f'<w:gridSpan w:val="{width}"/>' if width > 1 else ""
                tcs.append(
                    f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{default * width}"/>{span}'
                    "<w:vMerge/></w:tcPr><w:p/></w:tc>"
                )
                c += width
            else:  # a position no cell covers stays an empty cell of its column's width
                tcs.append(
                    f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{grid.widths[c]}"/></w:tcPr>'
                    "<w:p/></w:tc>"
                )
                c += 1
        rows.append(f"<w:tr>{''.join(tcs)}</w:tr>")
    parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>")
    runs = parsed.findall(".//" + qn("w:r"))
    for run, text in zip(runs, texts, strict=True):
        run.text = text  # python-docx's run text: tabs, breaks and spaces as Word wants them
    for tr in list(parsed):
        table._tbl.append(tr)


def render_docx(report: Report, narrative: Mapping[str, str] | None = None) -> bytes:

    doc = Document()
    section = doc.sections[0]
    # The template's page: A4, 2.54 cm top and bottom, 3.17 cm left and right.
    section.page_width, section.page_height = Twips(11906), Twips(16838)
    section.top_margin = section.bottom_margin = Twips(1440)
    section.left_margin = section.right_margin = Twips(1800)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "宋体", Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")

    def paragraph(text, *, bold=False, size=None, align=None, indent=False, container=doc):
        p = container.add_paragraph()
        fmt_ = p.paragraph_format
        fmt_.space_before = fmt_.space_after = Pt(0)
        if indent:
            fmt_.first_line_indent = Pt(24)
        if align is not None:
            p.alignment = align
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        return p

    paragraph(_title(report), bold=True, size=18, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph("")
    for kind, item in outline(report, narrative):
        if kind == "heading":
            paragraph(item, bold=True, indent=True)
        elif kind == "text":
            paragraph(item, indent=True)
        else:
            _docx_table(doc, item)
            paragraph("")
    out = io.BytesIO()
    doc.core_properties.title = _title(report)
    doc.save(out)
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------------------


def render_pdf(report: Report, narrative: Mapping[str, str] | None = None) -> bytes:

    font = cjk_font_name()
    body = ParagraphStyle(
        "body", fontName=font, fontSize=12, leading=22, firstLineIndent=24, wordWrap="CJK"
    )
    heading = ParagraphStyle("heading", parent=body, keepWithNext=1)
    title = ParagraphStyle(
        "title",
        parent=body,
        fontSize=18,
        leading=30,
        alignment=TA_CENTER,
        firstLineIndent=0,
        spaceAfter=12,
    )
    cell_style = {
        "center": ParagraphStyle(
            "cell", fontName=font, fontSize=9, leading=12, alignment=TA_CENTER, wordWrap="CJK"
        ),
        "left": ParagraphStyle(
            "cell_left", fontName=font, fontSize=9, leading=12, alignment=TA_LEFT, wordWrap="CJK"
        ),
    }
    margin = 2.2 * cm
    frame_width = A4[0] - 2 * margin

    def esc(text: str) -> str:
        return html.escape(text, quote=False)

    def bold(text: str) -> str:
        # The CJK fonts found on a server have no bold face; reportlab's <b> would pick Helvetica.
        return f'<font name="{font}">{esc(text)}</font>'

    def table_for(grid: Grid) -> Table:
        n_rows, n_cols = len(grid.rows), len(grid.widths)
        data: list[list] = [[""] * n_cols for _ in range(n_rows)]
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.6, "black"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        for r, c, cell in grid.placed():
            data[r][c] = Paragraph(esc(cell.text), cell_style[cell.align])
            if cell.colspan > 1 or cell.rowspan > 1:
                commands.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
        scale = frame_width / sum(grid.widths)
        table = Table(
            data,
            colWidths=[w * scale for w in grid.widths],
            hAlign="CENTER",
            repeatRows=3 if grid.key == "requests" else 0,
        )
        table.setStyle(TableStyle(commands))
        return table

    story: list = [Paragraph(bold(_title(report)), title)]
    for kind, item in outline(report, narrative):
        if kind == "heading":
            story.append(Paragraph(bold(item), heading))
        elif kind == "text":
            story.append(Paragraph(esc(item), body))
        else:
            # A table and its section heading stay on one page, as in the printed template.
            story[-1] = KeepTogether([story[-1], Spacer(1, 4), table_for(item)])
            story.append(Spacer(1, 10))
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        topMargin=2.54 * cm,
        bottomMargin=2.54 * cm,
        leftMargin=margin,
        rightMargin=margin,
        title=_title(report),
        author=report.agency,
    ).build(story)
    return out.getvalue()


# --- HTML -------------------------------------------------------------------------------------

_CSS = """
body{font-family:"SimSun","Songti SC","Noto Serif CJK SC","Source Han Serif SC",serif;
 max-width:52em;margin:2em auto;padding:0 1em;line-height:1.8;color:#000;background:#fff}
h1{font-size:1.5em;text-align:center;margin:1em 0}
h2{font-size:1em;font-weight:bold;margin:1.2em 0 .4em;text-indent:2em}
p{text-indent:2em;margin:0}
.table-wrap{overflow-x:auto;margin:.6em 0 1.2em}
table{border-collapse:collapse;margin:0 auto;font-size:.83em;line-height:1.4}
th,td{border:1px solid #000;padding:.25em .35em;text-align:center;vertical-align:middle}
th{font-weight:normal}
th.left{text-align:left}
th.note{font-family:"KaiTi","STKaiti","Kaiti SC",serif}
td{min-width:2.5em;font-variant-numeric:tabular-nums}
@media print{body{margin:0;max-width:none}.table-wrap{overflow:visible}}
"""


def render_html(report: Report, narrative: Mapping[str, str] | None = None) -> bytes:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(_title(report))}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(_title(report))}</h1>",
    ]
    captions = {k: SECTION_TITLES[k] for k in ("proactive", "requests", "appeals")}
    for kind, item in outline(report, narrative):
        if kind == "heading":
            parts.append(f"<h2>{esc(item)}</h2>")
        elif kind == "text":
            parts.append(f"<p>{esc(item)}</p>")
        else:
            grid: Grid = item
            parts.append(
                f'<div class="table-wrap"><table id="{grid.key}" aria-label="{esc(captions[grid.key])}">'
            )
            for row in grid.rows:
                cells = []
                for cell in row:
                    tag = "th" if cell.header else "td"
                    attrs = ""
                    if cell.colspan > 1:
                        attrs += f' colspan="{cell.colspan}"'
                    if cell.rowspan > 1:
                        attrs += f' rowspan="{cell.rowspan}"'
                    classes = ["left"] * (cell.align == "left") + ["note"] * (
                        cell.text == BALANCE_NOTE
                    )
                    if classes:
                        attrs += f' class="{" ".join(classes)}"'
                    cells.append(f"<{tag}{attrs}>{esc(cell.text)}</{tag}>")
                parts.append("<tr>" + "".join(cells) + "</tr>")
            parts.append("</table></div>")
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


# --- XLSX -------------------------------------------------------------------------------------

SHEET_NAMES = {"proactive": "二、主动公开", "requests": "三、依申请公开", "appeals": "四、复议诉讼"}


def render_xlsx(report: Report) -> bytes:
    """The three tables, one sheet each in the official layout, and the findings."""

    book = Workbook()
    book.remove(book.active)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for key, grid in grids(report).items():
        sheet = book.create_sheet(SHEET_NAMES[key])
        title = inert(f"{_title(report)} — {SECTION_TITLES[key]}")
        sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=12)
        top = 3
        for r in range(len(grid.rows)):
            for c in range(len(grid.widths)):
                sheet.cell(row=top + r, column=c + 1).border = border
        for r, c, cell in grid.placed():
            target = sheet.cell(row=top + r, column=c + 1)
            number = _number(report, cell) if cell.numeric else None
            target.value = number if number is not None else inert(cell.text or None)
            target.alignment = Alignment(horizontal=cell.align, vertical="center", wrap_text=True)
            if cell.colspan > 1 or cell.rowspan > 1:
                sheet.merge_cells(
                    start_row=top + r,
                    start_column=c + 1,
                    end_row=top + r + cell.rowspan - 1,
                    end_column=c + cell.colspan,
                )
        for c, width in enumerate(grid.widths, 1):
            sheet.column_dimensions[get_column_letter(c)].width = max(6, width / 110)
    notes = book.create_sheet("校验结果")
    append_row(notes, ["规则", "级别", "说明", "单元格"])
    for finding in report.findings:
        append_row(
            notes, [finding.rule, finding.severity, finding.message, "、".join(finding.cells)]
        )
    notes.column_dimensions["C"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(report: Report, cell: GridCell) -> int | float | None:
    text = cell.text
    if not text:
        return None
    return float(text) if "." in text else int(text)
