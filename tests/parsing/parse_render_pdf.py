"""Rendering a report model as a PDF the way agencies print them, for tests and the bench.

Options cover what the wild shows: ruled or unruled tables (columns aligned by position only),
the requests table broken across a page with its header repeated or not, page numbers in the
footer, and pages of narrative before and after the tables as real reports have.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from parse_render import Cell, expand, sections

_SENTENCES = (
    "本机关坚持以公开为常态、不公开为例外，持续深化政务公开标准化规范化建设。",
    "围绕优化营商环境、乡村振兴、民生保障等重点领域，及时准确发布政策文件和工作动态。",
    "严格落实政策解读与政策文件同步起草、同步审签、同步发布的要求，提升解读质量。",
    "进一步规范依申请公开办理流程，做到登记、审核、答复、归档全程留痕。",
    "加强政府网站和政务新媒体管理，定期开展内容检查，及时更新栏目信息。",
    "组织开展政务公开业务培训，提升工作人员依法公开的意识和能力。",
    "结合政府开放日活动，邀请群众代表走进机关，听取意见建议并认真研究吸纳。",
    "对照考核指标逐项梳理，查找薄弱环节，建立问题清单并明确整改时限。",
    "健全信息发布保密审查机制，坚持先审查后公开，确保公开内容准确规范。",
    "主动回应社会关切，对涉及群众切身利益的热点问题第一时间发布权威信息。",
)
_NARRATIVE_CHARS_PER_PAGE = 1400  # 12 pt body text on A4 with common margins

# Word and WPS embed a subset of the font they print with; reportlab's built-in STSong-Light is
# not embedded, and reading it makes pdfium look for a stand-in font on every page.
EMBEDDABLE = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def _font(embed: bool) -> str:
    from reportlab.pdfbase import pdfmetrics

    name = "WQY-ZenHei" if embed else "STSong-Light"
    if name not in pdfmetrics.getRegisteredFontNames():
        if embed:
            from reportlab.pdfbase.ttfonts import TTFont

            pdfmetrics.registerFont(TTFont(name, str(EMBEDDABLE), subfontIndex=0))
        else:
            from reportlab.pdfbase.cidfonts import UnicodeCIDFont

            pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


def narrative(pages: float, seed: int = 0) -> list[str]:
    """Paragraphs of plausible report prose filling about ``pages`` printed pages."""
    rng = random.Random(seed)
    out, size = [], 0
    while size < pages * _NARRATIVE_CHARS_PER_PAGE:
        paragraph = "".join(rng.choice(_SENTENCES) for _ in range(rng.randint(3, 6)))
        out.append(paragraph)
        size += len(paragraph)
    return out


def _spans(grid: list[list[Cell]]) -> list[tuple[int, int, int, int]]:
    """(row, column, rowspan, colspan) of each merged cell, placed as a renderer fills a grid."""
    occupied: set[tuple[int, int]] = set()
    spans = []
    for r, row in enumerate(grid):
        col = 0
        for _text, rs, cs in row:
            while (r, col) in occupied:
                col += 1
            if rs > 1 or cs > 1:
                spans.append((r, col, rs, cs))
            occupied.update((r + dr, col + dc) for dr in range(rs) for dc in range(cs))
            col += cs
    return spans


def _part(data, spans, rows: list[int]):
    """The table made of the given rows, with the merged cells that lie inside them."""
    where = {r: i for i, r in enumerate(rows)}
    commands = []
    for r, c, rs, cs in spans:
        kept = [where[x] for x in range(r, r + rs) if x in where]
        if kept and (len(kept) > 1 or cs > 1) and kept == list(range(kept[0], kept[-1] + 1)):
            commands.append(("SPAN", (c, kept[0]), (c + cs - 1, kept[-1])))
    return [data[r] for r in rows], commands


def to_pdf(
    report: dict,
    *,
    page_break_rows: int | None = 12,
    ruled: bool = True,
    repeat_header: bool = False,
    narrative_pages: float = 0,
    page_numbers: bool = False,
    seed: int = 0,
    embed_font: bool = False,
    title_pt: float | None = None,
) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

    font = _font(embed_font and EMBEDDABLE.exists())
    body = ParagraphStyle("zh", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    prose = ParagraphStyle(
        "prose", parent=body, fontSize=12, leading=20, firstLineIndent=24, alignment=4
    )
    small = ParagraphStyle("cell", parent=body, fontSize=6, leading=7)
    # Printed titles are large and centred, so a long one wraps onto a second line.
    heading = ParagraphStyle(
        "title", parent=body, fontSize=title_pt or 9, leading=(title_pt or 9) * 1.4, alignment=1
    )
    story = []
    for kind, item in sections(report):
        if kind == "text":
            story.append(Paragraph(item, heading if item == report["title"] else body))  # type: ignore[arg-type]
            if narrative_pages and item in ("一、总体情况", "五、存在的主要问题及改进情况"):
                for paragraph in narrative(narrative_pages / 2, seed=seed + len(story)):
                    story.append(Paragraph(paragraph, prose))
            continue
        cells = expand(item)  # type: ignore[arg-type]
        data = [[Paragraph(x, small) if x else "" for x in row] for row in cells]
        spans = _spans(item)  # type: ignore[arg-type]
        width = len(cells[0])
        col_widths = [45, 45, 90] + [47] * 7 if width == 10 else [510 / width] * width
        style = [("FONT", (0, 0), (-1, -1), font, 6), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        if ruled:
            style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        parts = [list(range(len(data)))]
        if page_break_rows and width == 10:
            # Long tables break between pages, some with the header printed again.
            head = list(range(3)) if repeat_header else []
            parts = [
                list(range(page_break_rows)),
                head + list(range(page_break_rows, len(data))),
            ]
        for i, rows in enumerate(parts):
            if i:
                story.append(PageBreak())
            part, merged = _part(data, spans, rows)
            story.append(Table(part, colWidths=col_widths, style=style + merged))

    def footer(canvas, doc) -> None:
        if page_numbers:
            canvas.setFont(font, 10)
            canvas.drawCentredString(A4[0] / 2, 28, f"- {doc.page} -")

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=40, rightMargin=40).build(
        story, onFirstPage=footer, onLaterPages=footer
    )
    return buffer.getvalue()
