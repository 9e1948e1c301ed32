"""An official letter (告知书/答复书) in the usual layout: issuing body and title centred, the
document number, the addressee, numbered paragraphs, the signature block and date on the right.
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
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .fonts import cjk_font_name


@dataclass(frozen=True)
class Letter:
    issuer: str
    title: str
    number: str
    addressee: str
    paragraphs: list[str]
    signed_on: dt.date
    withheld: list[tuple[str, str]] = field(default_factory=list)  # (what, why)


def chinese_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def render_docx(letter: Letter) -> bytes:

    doc = Document()
    section = doc.sections[0]
    # GB/T 9704 page margins for official documents.
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    style = doc.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")

    def add(text, *, align=None, bold=False, size=None, indent=False, font=None):
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
            p.paragraph_format.first_line_indent = Pt(32)
        p.paragraph_format.line_spacing = Pt(28)
        return p

    add(letter.issuer, align=WD_ALIGN_PARAGRAPH.CENTER, size=22, font="方正小标宋简体")
    add(letter.title, align=WD_ALIGN_PARAGRAPH.CENTER, size=22, font="方正小标宋简体")
    add(letter.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    add(f"{letter.addressee}：")
    for text in letter.paragraphs:
        add(text, indent=True)
    if letter.withheld:
        add("不予公开的内容及理由：", indent=True)
        table = doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "不予公开的内容", "理由及依据"
        for what, why in letter.withheld:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = what, why
    add("")
    add(letter.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    add(chinese_date(letter.signed_on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_pdf(letter: Letter) -> bytes:

    font = cjk_font_name()
    body = ParagraphStyle(
        "body", fontName=font, fontSize=14, leading=26, firstLineIndent=28, wordWrap="CJK"
    )
    plain = ParagraphStyle("plain", parent=body, firstLineIndent=0)
    heading = ParagraphStyle("heading", parent=plain, fontSize=20, leading=32, alignment=TA_CENTER)
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
    story += [Paragraph(esc(text), body) for text in letter.paragraphs]
    if letter.withheld:
        story.append(Paragraph("不予公开的内容及理由：", body))
        cell = ParagraphStyle("cell", parent=plain, fontSize=11, leading=16)
        rows = [[Paragraph("不予公开的内容", cell), Paragraph("理由及依据", cell)]]
        rows += [[Paragraph(esc(w), cell), Paragraph(esc(r), cell)] for w, r in letter.withheld]
        table = Table(rows, colWidths=[6 * cm, 9.5 * cm])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
        story.append(table)
    story += [
        Spacer(1, 1 * cm),
        Paragraph(esc(letter.issuer), right),
        Paragraph(chinese_date(letter.signed_on), right),
    ]
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
