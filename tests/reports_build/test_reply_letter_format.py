"""Reply letters in the layout of GB/T 9704-2012, checked on the rendered files."""

import datetime as dt
import io
import re

import pypdfium2 as pdfium
from docx import Document

from gongkai.documents.letter import Letter, render_docx, render_pdf

REMEDIES = (
    "如对本答复不服，可以自知道该行政行为之日起60日内向示范市人民政府申请行政复议，"
    "也可以自知道或者应当知道作出行政行为之日起6个月内向有管辖权的人民法院提起行政诉讼。"
)
# Long enough to wrap many times, with commas and full stops at every position of a line.
BODY = [
    "本机关于2026年11月2日收到您提出的政府信息公开申请。" + "经审查，现答复如下，" * 14,
    "您申请的信息中，部分内容涉及第三方的个人隐私，" * 6 + "依法不予公开。",
]


def _letter(**extra) -> Letter:
    data = dict(
        issuer="示范县人民政府",
        title="政府信息公开申请答复书",
        number="示范县人民政府依申复〔2026〕35号",
        addressee="张三",
        paragraphs=BODY,
        closing=[REMEDIES],
        signed_on=dt.date(2026, 11, 20),
        withheld=[("第三方的身份证号码和住址", "《条例》第十五条：涉及个人隐私")],
    )
    return Letter(**(data | extra))


def _pdf_lines(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    lines = []
    for page in doc:
        text = page.get_textpage().get_text_range()
        lines += [line.strip() for line in text.splitlines() if line.strip()]
    return lines


def test_the_docx_is_a4_with_the_official_margins_and_the_table_before_the_remedies():
    doc = Document(io.BytesIO(render_docx(_letter())))
    section = doc.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)  # A4
    assert round(section.top_margin.cm, 1) == 3.7 and round(section.left_margin.cm, 1) == 2.8
    body = doc.element.body
    order = [child.tag.rsplit("}", 1)[-1] for child in body.iterchildren()]
    texts = [p.text for p in doc.paragraphs]
    remedies_at = texts.index(REMEDIES)
    table_at = order.index("tbl")
    # Paragraph index among body children: the table comes right before the remedies.
    assert order[:table_at].count("p") == remedies_at
    last, blank, issuer = doc.paragraphs[remedies_at : remedies_at + 3]
    assert all(p.paragraph_format.keep_with_next for p in (last, blank, issuer))


def test_no_pdf_line_starts_with_closing_punctuation():
    lines = _pdf_lines(render_pdf(_letter()))
    assert len(lines) > 12  # the body did wrap
    assert [line for line in lines if re.match(r"^[，。、；：？！）》”’]", line)] == []


def test_the_signature_stays_with_the_last_paragraph_on_one_page():
    # Enough body to push the remedies to the foot of a page, whatever the fonts.
    for extra in range(0, 12):
        pdf = render_pdf(_letter(paragraphs=BODY + ["补充说明。" * 20] * extra))
        doc = pdfium.PdfDocument(pdf)
        pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
        (signed,) = [i for i, t in enumerate(pages) if "2026年11月20日" in t]
        flat = pages[signed].replace("\r", "").replace("\n", "")
        assert "提起行政诉讼" in flat, f"signature alone on page {signed + 1} ({extra} extra)"


def test_the_pdf_is_a4():
    doc = pdfium.PdfDocument(render_pdf(_letter()))
    width, height = doc[0].get_size()
    assert (round(width), round(height)) == (595, 842)


def test_the_letter_number_has_no_zero_padding():
    from types import SimpleNamespace

    from gongkai.requests.letters import letter_number

    agency = SimpleNamespace(short_name="示范县政府", name="示范县人民政府")
    req = SimpleNamespace(number="2026-0035", agency=agency)
    reply = SimpleNamespace(replied_on=dt.date(2026, 11, 20))
    assert letter_number(req, reply) == "示范县政府依申复〔2026〕35号"
