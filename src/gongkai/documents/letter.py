"""An official letter (告知书/答复书) in the layout of GB/T 9704-2012 on A4: issuing body and title
centred in 小标宋 (or 宋体), the document number, the addressee, the body in 仿宋 3号 (16 pt) on
a 28.9 pt line (22 lines of 28 characters), the table of withheld items before the remedies
paragraph, and the signature and date on the right, never on a page of their own.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .fonts import letter_font_names

BODY_PT, LINE_PT, TITLE_PT = 16, 28.9, 22


@dataclass(frozen=True)
class Letter:
    issuer: str
    title: str
    number: str
    addressee: str
    paragraphs: list[str]
    signed_on: dt.date
    withheld: list[tuple[str, str]] = field(default_factory=list)  # (what, why)
    # Paragraphs after the withheld-items table: the remedies (救济途径) and what follows them.
    closing: list[str] = field(default_factory=list)


def chinese_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def render_docx(letter: Letter) -> bytes:

    doc = Document()
    section = doc.sections[0]
    # python-docx's default page is US Letter; official documents are A4 with GB/T 9704 margins.
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    style = doc.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(BODY_PT)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")

    def add(text, *, align=None, bold=False, size=None, indent=False, font=None, keep=False):
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if font:
            run.font.name = font
            run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
        if align:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
        p.paragraph_format.line_spacing = Pt(LINE_PT)
        p.paragraph_format.keep_with_next = keep
        return p

    add(letter.issuer, align=WD_ALIGN_PARAGRAPH.CENTER, size=TITLE_PT, font="方正小标宋简体")
    add(letter.title, align=WD_ALIGN_PARAGRAPH.CENTER, size=TITLE_PT, font="方正小标宋简体")
    add(letter.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    add(f"{letter.addressee}：")
    body, closing = _split_for_signature(letter)
    for text in body:
        add(text, indent=True)
    if letter.withheld:
        add("不予公开的内容及理由：", indent=True, keep=True)
        table = doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "不予公开的内容", "理由及依据"
        for what, why in letter.withheld:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = what, why
    # The last paragraph, the blank line and the signature stay on one page (keep with next).
    for text in closing:
        add(text, indent=True, keep=text is closing[-1])
    add("", keep=True)
    add(letter.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, keep=True)
    add(chinese_date(letter.signed_on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _split_for_signature(letter: Letter) -> tuple[list[str], list[str]]:
    """(paragraphs before the withheld table, paragraphs after it); the last paragraph always
    goes after, so it can be kept with the signature."""
    closing = list(letter.closing)
    body = list(letter.paragraphs)
    if not closing and body:
        closing = [body.pop()]
    return body, closing


def render_pdf(letter: Letter) -> bytes:

    title_font, body_font = letter_font_names()
    # wordWrap="CJK" breaks anywhere but before closing punctuation (reportlab's 禁则 tables).
    body = ParagraphStyle(
        "body",
        fontName=body_font,
        fontSize=BODY_PT,
        leading=LINE_PT,
        firstLineIndent=2 * BODY_PT,
        wordWrap="CJK",
    )
    plain = ParagraphStyle("plain", parent=body, firstLineIndent=0)
    heading = ParagraphStyle(
        "heading",
        parent=plain,
        fontName=title_font,
        fontSize=TITLE_PT,
        leading=36,
        alignment=TA_CENTER,
    )
    centred = ParagraphStyle("centred", parent=plain, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=plain, alignment=TA_RIGHT)

    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    story = [
        Paragraph(esc(letter.issuer), heading),
        Paragraph(esc(letter.title), heading),
        Paragraph(esc(letter.number), centred),
        Spacer(1, 0.4 * cm),
        Paragraph(esc(f"{letter.addressee}："), plain),
    ]
    paragraphs, closing = _split_for_signature(letter)
    story += [Paragraph(esc(text), body) for text in paragraphs]
    if letter.withheld:
        cell = ParagraphStyle("cell", parent=plain, fontSize=12, leading=18)
        rows = [[Paragraph("不予公开的内容", cell), Paragraph("理由及依据", cell)]]
        rows += [[Paragraph(esc(w), cell), Paragraph(esc(r), cell)] for w, r in letter.withheld]
        table = Table(rows, colWidths=[6 * cm, 9.6 * cm], repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
        story += [
            Paragraph("不予公开的内容及理由：", body),
            table,
            Spacer(1, 0.3 * cm),
        ]
    story += [Paragraph(esc(text), body) for text in closing[:-1]]
    signature = [
        Spacer(1, LINE_PT),
        Paragraph(esc(letter.issuer), right),
        Paragraph(chinese_date(letter.signed_on), right),
    ]
    last = [Paragraph(esc(closing[-1]), body)] if closing else []
    story.append(KeepTogether([*last, *signature]))
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        topMargin=3.7 * cm,
        bottomMargin=3.5 * cm,
        leftMargin=2.8 * cm,
        rightMargin=2.6 * cm,
        title=letter.title,
        author=letter.issuer,
    ).build(story)
    return out.getvalue()
