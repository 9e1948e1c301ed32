"""Redaction: proposing boxes over personal data, burning areas in, and the reply's summary."""

from __future__ import annotations

import io
from functools import cache

import pdfplumber
import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from gongkai.requests.domain.outcomes import OUTCOMES
from gongkai.requests.domain.personal_data import check_digit
from gongkai.requests.domain.redaction import GROUNDS, Area, RedactionError, withheld_summary
from gongkai.requests.redaction_files import (
    propose_areas,
    redact_image,
    redact_pdf,
)

W, H = 595.0, 842.0  # A4 in points
SIZE = 12
ID = "11010519491231002X"  # GB 11643's own example number
ID2 = "440106199001011237"[:17] + check_digit("44010619900101123")
MOBILE = "13812345678"
WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


@cache
def _fonts() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdfmetrics.registerFont(TTFont("WQY", WQY))


def make_pdf(pages, *, font="WQY", rotate=0, encrypt=None) -> bytes:
    """``pages``: per page a list of (x, baseline, text), baseline measured from the top."""
    _fonts()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(W, H), encrypt=encrypt)
    for lines in pages:
        if rotate:
            c.setPageRotation(rotate)
        c.setFont(font, SIZE)
        for x, baseline, text in lines:
            c.drawString(x, H - baseline, text)
        c.showPage()
    c.save()
    return buffer.getvalue()


def span(x: float, prefix: str, target: str, font: str = "WQY") -> tuple[float, float]:
    """Where ``target`` starts and ends when drawn after ``prefix`` from ``x``."""
    _fonts()
    start = x + pdfmetrics.stringWidth(prefix, font, SIZE)
    return start, start + pdfmetrics.stringWidth(target, font, SIZE)


def render(pdf: bytes, page: int = 1, dpi: int = 72) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[page - 1].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        doc.close()


def region(image: Image.Image, box, scale: float = 1.0, inset: float = 0.0) -> list[int]:
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    i = round(inset)
    crop = image.crop((x0 + i, y0 + i, x1 - i, y1 - i))
    return list(crop.tobytes())


def text_of(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "".join(
            (p.extract_text() or "") + "".join(c["text"] for c in p.chars) for p in doc.pages
        )


def pdfium_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


LETTER_PREFIX = "申请人身份证号码："
PHONE_PREFIX = "联系电话："


@cache
def letter() -> bytes:
    return make_pdf(
        [
            [
                (72, 100, f"{LETTER_PREFIX}{ID}"),
                (72, 130, f"{PHONE_PREFIX}{MOBILE}，地址：北京市西城区"),
                (72, 160, "本机关办公电话：010-66001234"),
                (72, 190, "错误号码：110105194912310021"),
            ],
            [(100, 300, f"第三人张某，身份证号{ID2}，手机 139 1234 5678。")],
        ]
    )


# -- propose_areas --------------------------------------------------------------------------------


def _covers(area: Area, start: float, end: float, baseline: float) -> None:
    """The box covers the glyphs from the ascender to below the baseline, and not much more."""
    assert area.x0 <= start + 0.5 and area.x1 >= end - 0.5
    assert area.x0 >= start - 3 and area.x1 <= end + 3
    assert area.y0 <= baseline - SIZE * 0.8 and area.y1 >= baseline + 1
    assert area.y1 - area.y0 < SIZE * 2


def test_proposes_identity_and_mobile_at_their_positions():
    areas = propose_areas(letter())
    first = [a for a in areas if a.page == 1]
    assert len(first) == 2
    _covers(first[0], *span(72, LETTER_PREFIX, ID), 100)
    _covers(first[1], *span(72, PHONE_PREFIX, MOBILE), 130)
    assert all(a.ground == "third_party" for a in areas)
    assert first[0].note == "身份证号码（1101**********002X）"
    assert first[1].note == "手机号码（138****5678）"


def test_second_page_and_spaced_mobile():
    areas = [a for a in propose_areas(letter()) if a.page == 2]
    assert [a.note.split("（")[0] for a in areas] == ["身份证号码", "手机号码"]
    _covers(areas[0], *span(100, "第三人张某，身份证号", ID2), 300)
    prefix = f"第三人张某，身份证号{ID2}，手机 "
    _covers(areas[1], *span(100, prefix, "139 1234 5678"), 300)


def test_office_landline_and_bad_check_digit_are_not_proposed():
    notes = " ".join(a.note for a in propose_areas(letter()))
    assert "6600" not in notes and "固定电话" not in notes
    assert not any(a.page == 1 and a.y0 > 150 for a in propose_areas(letter()))
    with_landlines = propose_areas(letter(), landlines=True)
    landline = [a for a in with_landlines if a.note.startswith("固定电话号码")]
    assert len(landline) == 1
    _covers(landline[0], *span(72, "本机关办公电话：", "010-66001234"), 160)


def test_notes_never_carry_the_full_number():
    for area in propose_areas(letter()):
        for number in (ID, ID2, MOBILE, "13912345678"):
            assert number not in area.note.replace(" ", "")


def test_number_wrapped_over_two_lines_gets_a_box_on_each():
    pdf = make_pdf([[(72, 100, f"身份证：{ID[:10]}"), (72, 115, f"{ID[10:]} 后文")]])
    areas = propose_areas(pdf)
    assert len(areas) == 2
    _covers(areas[0], *span(72, "身份证：", ID[:10]), 100)
    _covers(areas[1], *span(72, "", ID[10:]), 115)
    assert {a.note for a in areas} == {"身份证号码（1101**********002X）"}


def test_two_numbers_on_adjacent_lines_stay_apart():
    pdf = make_pdf([[(72, 100, f"甲 {MOBILE}"), (72, 115, "13987654321 乙")]])
    areas = propose_areas(pdf)
    assert [a.note for a in areas] == ["手机号码（138****5678）", "手机号码（139****4321）"]


def test_cid_font_without_embedding():
    pdf = make_pdf([[(72, 200, f"{LETTER_PREFIX}{ID}")]], font="STSong-Light")
    (area,) = propose_areas(pdf)
    _covers(area, *span(72, LETTER_PREFIX, ID, "STSong-Light"), 200)


def test_page_without_text_layer_proposes_nothing():
    assert propose_areas(make_pdf([[]])) == []


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_rotated_pages_use_display_coordinates(rotate):
    # reportlab turns the media box to landscape for 90 and 270; the text is drawn inside it.
    unrotated_height = W if rotate in (90, 270) else H
    pdf = make_pdf([[(72, 100 + H - unrotated_height, f"{LETTER_PREFIX}{ID}")]], rotate=rotate)
    (area,) = propose_areas(pdf)
    page = render(pdf)
    assert page.size == ((595, 842) if rotate in (90, 270) else (595, 842))
    assert min(region(page, (area.x0, area.y0, area.x1, area.y1))) < 100  # the digits are there
    redacted = render(redact_pdf(pdf, [area]))
    assert redacted.size == page.size
    assert max(region(redacted, (area.x0, area.y0, area.x1, area.y1), inset=1)) < 5
    assert min(redacted.tobytes()) == 0 and sum(v < 100 for v in page.tobytes()) > sum(
        v < 100 for v in region(page, (area.x0, area.y0, area.x1, area.y1))
    )


# -- redact_pdf --------------------------------------------------------------------------------


def test_redacted_copy_has_no_text_and_black_areas():
    source = letter()
    areas = propose_areas(source)
    out = redact_pdf(source, areas, dpi=100)
    assert text_of(out) == ""
    assert pdfium_text(out).strip() == ""
    assert ID.encode() not in out and b"/Font" not in out
    doc = pdfium.PdfDocument(out)
    assert len(doc) == 2 and doc.get_page_size(0) == pytest.approx((W, H), abs=0.01)
    doc.close()
    scale = 100 / 72
    for number in (1, 2):
        image = render(out, number, dpi=100)
        mine = [a for a in areas if a.page == number]
        for a in mine:
            assert max(region(image, (a.x0, a.y0, a.x1, a.y1), scale, inset=1)) == 0
        # The rest of the page is still there: text outside the areas, white margins.
        assert max(region(image, (300, 600, 500, 800), scale)) == 255
    page1 = render(out, 1, dpi=100)
    assert min(region(page1, (72, 88, 72 + 9 * SIZE, 102), scale)) < 100  # 申请人身份证号码


def test_page_without_areas_is_pictured_too():
    source = letter()
    out = redact_pdf(source, [Area(2, 10, 10, 20, 20, "internal_affairs")], dpi=72)
    assert text_of(out) == ""
    before, after = render(source), render(out)
    dark = sum(v < 128 for v in before.tobytes())
    assert dark > 200 and abs(sum(v < 128 for v in after.tobytes()) - dark) < dark * 0.2


def test_higher_dpi_gives_sharper_images_of_the_same_page_size():
    source = make_pdf([[(72, 100, "高分辨率")]])
    low, high = redact_pdf(source, [], dpi=72), redact_pdf(source, [], dpi=200)
    assert len(high) > len(low)
    for out in (low, high):
        doc = pdfium.PdfDocument(out)
        assert doc.get_page_size(0) == pytest.approx((W, H), abs=0.01)
        doc.close()


@cache
def one_page() -> bytes:
    return make_pdf([[(40, 60 + 30 * i, f"第{i}行 {MOBILE} 测试文字 ABC") for i in range(20)]])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.floats(0, W - 10), st.floats(0, H - 10), st.floats(4, 200), st.floats(4, 200)),
        max_size=4,
    )
)
def test_any_areas_leave_no_text_and_are_black(boxes):
    areas = [Area(1, x, y, min(W, x + w), min(H, y + h), "process_info") for x, y, w, h in boxes]
    out = redact_pdf(one_page(), areas, dpi=72)
    assert text_of(out) == ""
    image = render(out)
    for a in areas:
        assert max(region(image, (a.x0, a.y0, a.x1, a.y1), inset=1) or [0]) == 0


# -- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"page": 0}, "页码"),
        ({"page": 1.5}, "页码"),
        ({"x0": -1}, "超出页面"),
        ({"x0": 50, "x1": 40}, "x0 < x1"),
        ({"y0": 50, "y1": 50}, "y0 < y1"),
        ({"x1": float("nan")}, "有限的数值"),
        ({"x1": "10"}, "有限的数值"),
        ({"ground": "privacy"}, "未知的不予公开理由“privacy”"),
    ],
)
def test_bad_areas_are_refused_in_chinese(kwargs, message):
    values = {"page": 1, "x0": 10, "y0": 10, "x1": 100, "y1": 30, "ground": "third_party"}
    with pytest.raises(RedactionError, match=message):
        Area(**(values | kwargs))


def test_area_beyond_the_document():
    source = letter()
    with pytest.raises(RedactionError, match="页码 3 超出范围：文件共 2 页"):
        redact_pdf(source, [Area(3, 10, 10, 20, 20, "third_party")])
    with pytest.raises(RedactionError, match="第 1 页的遮盖区域超出页面"):
        redact_pdf(source, [Area(1, 500, 10, 600, 20, "third_party")])
    with pytest.raises(RedactionError, match="超出页面"):
        redact_pdf(source, [Area(2, 10, 800, 20, 900, "third_party")])
    # Half a point over the edge is a rounding matter, not an error.
    redact_pdf(source, [Area(1, 500, 10, W + 0.4, 20, "third_party")], dpi=72)


def test_encrypted_pdf_is_refused():
    encrypted = make_pdf([[(72, 100, ID)]], encrypt=pdfencrypt.StandardEncryption("user", "owner"))
    for call in (lambda: propose_areas(encrypted), lambda: redact_pdf(encrypted, [])):
        with pytest.raises(RedactionError, match="PDF 已加密"):
            call()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "没有收到"),
        (b"PK\x03\x04 a zip file", "不是 PDF"),
        (b"%PDF-1.4\n garbage that is no pdf", "已损坏"),
    ],
)
def test_broken_input_is_refused(data, message):
    with pytest.raises(RedactionError, match=message):
        redact_pdf(data, [])
    with pytest.raises(RedactionError, match=message):
        propose_areas(data)


def test_truncated_pdf_is_refused():
    source = letter()
    with pytest.raises(RedactionError):
        redact_pdf(source[: len(source) // 3], [])


@pytest.mark.parametrize("dpi", [0, 71, 601, 150.0, True])
def test_dpi_out_of_range(dpi):
    with pytest.raises(RedactionError, match="分辨率"):
        redact_pdf(letter(), [], dpi=dpi)


# -- redact_image --------------------------------------------------------------------------------


def _picture(fmt: str, size=(200, 100), mode="RGB", **save) -> bytes:
    image = Image.new(mode, size, "white" if mode != "RGBA" else (255, 255, 255, 0))
    for x in range(size[0]):
        for y in range(10, 20):
            image.putpixel((x, y), (200, 30, 30) if mode == "RGB" else (200, 30, 30, 255))
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_image_areas_are_black_and_format_kept(fmt):
    out = redact_image(_picture(fmt), [Area(1, 20, 5, 80.5, 40, "third_party")])
    image = Image.open(io.BytesIO(out))
    assert image.format == fmt and image.size == (200, 100)
    rgb = image.convert("RGB")
    inside = [rgb.getpixel((x, y)) for x in range(22, 79) for y in range(7, 38)]
    assert max(max(p) for p in inside) <= (0 if fmt == "PNG" else 12)
    assert rgb.getpixel((80, 20))[0] < 20  # the half-covered pixel column is covered
    assert min(rgb.getpixel((150, 60))) > 240 and rgb.getpixel((150, 15))[0] > 150


def test_transparent_png_gets_opaque_black():
    out = redact_image(_picture("PNG", mode="RGBA"), [Area(1, 0, 0, 50, 50, "third_party")])
    image = Image.open(io.BytesIO(out))
    assert image.mode == "RGBA" and image.getpixel((10, 10)) == (0, 0, 0, 255)
    assert image.getpixel((100, 80))[3] == 0


def test_jpeg_metadata_dropped_and_orientation_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "Phone maker"
    source = _picture("JPEG", exif=exif.tobytes())
    out = redact_image(source, [Area(1, 0, 0, 100, 10, "third_party")])
    image = Image.open(io.BytesIO(out))
    assert image.size == (100, 200)  # as displayed
    assert not image.getexif()
    assert max(image.convert("L").crop((0, 0, 100, 10)).tobytes()) <= 12


def test_image_validation():
    png = _picture("PNG")
    with pytest.raises(RedactionError, match="图片只有第 1 页"):
        redact_image(png, [Area(2, 0, 0, 10, 10, "third_party")])
    with pytest.raises(RedactionError, match="200 × 100 像素"):
        redact_image(png, [Area(1, 0, 0, 10, 150, "third_party")])
    with pytest.raises(RedactionError, match="只支持 PNG、JPEG"):
        redact_image(_picture("GIF", mode="RGB"), [])
    with pytest.raises(RedactionError, match="无法识别或已损坏"):
        redact_image(b"not an image", [])
    with pytest.raises(RedactionError, match="没有收到"):
        redact_image(b"", [])


# -- withheld_summary and grounds --------------------------------------------------------------


def test_summary_one_line_per_ground_in_order():
    areas = [
        Area(3, 1, 1, 2, 2, "third_party"),
        Area(2, 1, 1, 2, 2, "process_info"),
        Area(2, 1, 1, 2, 2, "third_party"),
        Area(2, 5, 5, 6, 6, "third_party"),
        Area(3, 5, 5, 6, 6, "third_party"),
    ]
    assert withheld_summary(areas) == [
        {
            "ground": "third_party",
            "what": "第 2、3 页中 4 处",
            "why": "涉及第三方合法权益、个人隐私（第十五条）",
        },
        {
            "ground": "process_info",
            "what": "第 2 页中 1 处",
            "why": "属于过程性信息（第十六条第二款）",
        },
    ]


def test_summary_shortens_runs_of_pages():
    pages = [1, 2, 3, 5, 7, 8, 9, 10]
    (line,) = withheld_summary([Area(p, 1, 1, 2, 2, "state_secret") for p in pages])
    assert line["what"] == "第 1—3、5、7—10 页中 8 处"
    assert withheld_summary([]) == []


def test_grounds_match_the_outcomes_and_their_articles():
    assert list(GROUNDS) == [
        k.removeprefix("withheld_")
        for k in OUTCOMES
        if k.startswith("withheld_") and k != "withheld_admin_query"
    ]
    for ground, label in GROUNDS.items():
        (article,) = OUTCOMES[f"withheld_{ground}"].provisions
        assert label.endswith(f"（{article}）")
        (line,) = withheld_summary([Area(1, 1, 1, 2, 2, ground)])
        assert line["why"].endswith(f"（{article}）")


def test_crop_box_offset_is_taken_into_account():
    _fonts()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(W, H))
    c.setCropBox((50, 100, 450, 700))
    c.setFont("WQY", SIZE)
    c.drawString(120, 500, f"{PHONE_PREFIX}{MOBILE}")
    c.showPage()
    c.save()
    pdf = buffer.getvalue()
    (area,) = propose_areas(pdf)
    start, end = span(120 - 50, PHONE_PREFIX, MOBILE)
    _covers(area, start, end, 700 - 500)
    image = render(redact_pdf(pdf, [area], dpi=72))
    assert image.size == (400, 600)
    assert max(region(image, (area.x0, area.y0, area.x1, area.y1), inset=1)) == 0
