"""Redaction for partial disclosure (Art. 37): what to black out, burning it in, and saying why.

Coordinates: an :class:`Area` is in PDF points (1/72 inch) on the page *as displayed* — after
the page's /Rotate and relative to its crop box — with the origin at the **top-left** corner, x
growing to the right and y growing downwards. That is how a person sees the page in a viewer and
how browsers lay out an overlay, so the areas a handler draws and the areas proposed here mean
the same thing. Pages are numbered from 1. For images (:func:`redact_image`) the unit is the
pixel of the image as displayed (EXIF orientation applied), page 1 only.

Burning in means the released copy is made only of pictures of the pages: the text layer, fonts,
annotations, attachments, metadata and scripts of the original are not carried over, so nothing
under a black box (or anywhere else) can be copied out of it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from .personal_data import find_personal_data, mask_identity, mask_phone

# Ordered as the report's 不予公开 rows (Art. 14–16); keys match the outcomes withheld_<ground>.
GROUNDS: dict[str, str] = {
    "state_secret": "国家秘密（第十四条）",
    "prohibited_by_law": "法律、行政法规禁止公开（第十四条）",
    "security_stability": "危及“三安全一稳定”（第十四条）",
    "third_party": "第三方合法权益、个人隐私（第十五条）",
    "internal_affairs": "内部事务信息（第十六条第一款）",
    "process_info": "过程性信息（第十六条第二款）",
    "enforcement_file": "行政执法案卷（第十六条第二款）",
}

# The sentence of a reply letter giving the reason, in the words of the article.
_WHY: dict[str, str] = {
    "state_secret": "属于依法确定为国家秘密的政府信息（第十四条）",
    "prohibited_by_law": "属于法律、行政法规禁止公开的政府信息（第十四条）",
    "security_stability": "公开后可能危及国家安全、公共安全、经济安全、社会稳定（第十四条）",
    "third_party": "涉及第三方合法权益、个人隐私（第十五条）",
    "internal_affairs": "属于行政机关内部事务信息（第十六条第一款）",
    "process_info": "属于过程性信息（第十六条第二款）",
    "enforcement_file": "属于行政执法案卷信息（第十六条第二款）",
}

_KIND_LABELS = {"identity_number": "身份证号码", "mobile": "手机号码", "landline": "固定电话号码"}

# Room around a proposed box: anti-aliased glyph edges reach a little past the font's box.
_PAD = 1.0
MIN_DPI, MAX_DPI = 72, 600


class RedactionError(ValueError):
    """Input that cannot be redacted as asked; the message is Chinese, for the handler."""


def _number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RedactionError(f"遮盖区域的坐标 {name} 必须是有限的数值，收到“{value!r}”")
    return float(value)


@dataclass(frozen=True)
class Area:
    """A rectangle to black out; see the module docstring for the coordinate convention."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    ground: str
    note: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.page, bool) or not isinstance(self.page, int) or self.page < 1:
            raise RedactionError(f"页码必须是从 1 开始的整数，收到“{self.page!r}”")
        for name in ("x0", "y0", "x1", "y1"):
            object.__setattr__(self, name, _number(getattr(self, name), name))
        if self.x0 < 0 or self.y0 < 0:
            raise RedactionError(f"第 {self.page} 页的遮盖区域超出页面：坐标不能为负数")
        if not (self.x0 < self.x1 and self.y0 < self.y1):
            raise RedactionError(
                f"第 {self.page} 页的遮盖区域无效：须 x0 < x1 且 y0 < y1"
                f"（收到 {self.x0:g}, {self.y0:g}, {self.x1:g}, {self.y1:g}）"
            )
        if self.ground not in GROUNDS:
            valid = "、".join(f"{k}（{v}）" for k, v in GROUNDS.items())
            raise RedactionError(f"未知的不予公开理由“{self.ground}”。可选：{valid}")

    @property
    def ground_label(self) -> str:
        return GROUNDS[self.ground]


# -- opening -----------------------------------------------------------------------------------


def _open_pdf(pdf_bytes: bytes) -> pdfium.PdfDocument:
    if not isinstance(pdf_bytes, bytes | bytearray) or not pdf_bytes:
        raise RedactionError("没有收到 PDF 文件内容")
    # The header may follow up to 1 KB of other bytes (PDF 32000-1, annex H).
    if b"%PDF-" not in bytes(pdf_bytes[:1024]):
        raise RedactionError("文件不是 PDF 格式，或已损坏")
    try:
        doc = pdfium.PdfDocument(bytes(pdf_bytes))
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise RedactionError("PDF 已加密，需要密码才能打开；请先取得未加密的文件") from e
        raise RedactionError("PDF 文件已损坏或格式不受支持，无法打开") from e
    if len(doc) == 0:
        doc.close()
        raise RedactionError("PDF 文件没有任何页面")
    return doc


def _display_size(page: pdfium.PdfPage) -> tuple[float, float]:
    """Width and height as displayed (PDFium applies /Rotate to these, and renders so)."""
    return page.get_size()


def page_sizes(pdf_bytes: bytes) -> list[tuple[float, float]]:
    """Each page's displayed width and height in points: the space areas are drawn in."""
    doc = _open_pdf(pdf_bytes)
    try:
        return [_display_size(doc[i]) for i in range(len(doc))]
    finally:
        doc.close()


def render_page(pdf_bytes: bytes, page: int, *, dpi: int = 100) -> bytes:
    """One page (1-based) as displayed, as PNG, for the handler to mark areas on."""
    doc = _open_pdf(pdf_bytes)
    try:
        if not 1 <= page <= len(doc):
            raise RedactionError(f"第 {page} 页不存在：文件共 {len(doc)} 页")
        image = doc[page - 1].render(scale=dpi / 72).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        doc.close()


def _display_transform(page: pdfium.PdfPage) -> tuple[float, ...]:
    """The affine map (ox, oy, ax, ay, bx, by) from PDF user space to display points.

    X = ox + ax·x + bx·y, Y = oy + ay·x + by·y. First to the top-left of the visible box (crop box
    within media box, which is what PDFium renders), then turned clockwise by /Rotate.
    Computed here because FPDF_PageToDevice answers in whole pixels and, asked for rotated
    pages, gave boxes that did not line up with the rendering.
    """
    cx0, cy0, cx1, cy1 = page.get_bbox()
    w, h = cx1 - cx0, cy1 - cy0
    return {
        0: (-cx0, cy1, 1.0, 0.0, 0.0, -1.0),
        90: (h - cy1, -cx0, 0.0, 1.0, 1.0, 0.0),
        180: (w + cx0, h - cy1, -1.0, 0.0, 0.0, 1.0),
        270: (cy1, w + cx0, 0.0, -1.0, -1.0, 0.0),
    }[page.get_rotation() % 360]


def _apply(t: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    ox, oy, ax, ay, bx, by = t
    return ox + ax * x + bx * y, oy + ay * x + by * y


# -- proposing ---------------------------------------------------------------------------------


@dataclass
class _Char:
    text: str
    line: int
    box: tuple[float, float, float, float] | None  # display points; None for generated chars


def _page_chars(page: pdfium.PdfPage) -> list[_Char]:
    textpage = page.get_textpage()
    try:
        t = _display_transform(page)
        chars: list[_Char] = []
        line = 0
        for i in range(textpage.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
            c = chr(code) if 0 < code < 0x110000 else "\ufffd"
            generated = bool(pdfium_c.FPDFText_IsGenerated(textpage.raw, i))
            if c == "\r":
                continue
            if c == "\n":
                chars.append(_Char("\n", line, None))
                line += 1
                continue
            box = None
            if not generated and not c.isspace():
                left, bottom, right, top = textpage.get_charbox(i, loose=True)
                xs, ys = zip(_apply(t, left, bottom), _apply(t, right, top), strict=True)
                box = (min(xs), min(ys), max(xs), max(ys))
            chars.append(_Char(" " if generated else c, line, box))
        return chars
    finally:
        textpage.close()


def _matches(chars: list[_Char], *, landlines: bool):
    """Personal data in the page text, as (kind, matched text, char indices).

    Read twice: once line by line with PDFium's inferred spaces (so neighbouring numbers stay
    apart), then with line breaks and inferred spaces removed, for a number wrapped onto the next
    line or spaced out by justification; the second reading only adds what the first missed.
    """
    found: list[tuple[str, str, list[int]]] = []
    taken: set[int] = set()
    readings = (
        list(range(len(chars))),
        [i for i, c in enumerate(chars) if c.box is not None or c.text not in " \n"],
    )
    for keep in readings:
        text = "".join(chars[i].text for i in keep)
        for m in find_personal_data(text, landlines=landlines):
            indices = [keep[j] for j in range(m.start, m.end)]
            if taken.isdisjoint(indices):
                found.append((m.kind, m.text, indices))
                taken.update(indices)
    return found


def _note(kind: str, text: str) -> str:
    plain = "".join(text.split())
    masked = mask_identity(plain) if kind == "identity_number" else mask_phone(plain)
    return f"{_KIND_LABELS.get(kind, kind)}（{masked}）"


def propose_areas(pdf_bytes: bytes, *, landlines: bool = False) -> list[Area]:
    """Boxes over identity numbers and mobile numbers in the PDF's text layer, ground third_party.

    A proposal for a person to confirm, never a decision. One box per match and line (a number
    wrapped across lines gets a box on each). Landlines are left out by default because the ones
    in official documents are usually the office's own published contact numbers. Scanned pages
    have no text layer and yield nothing: they need a person (or OCR) to find what to cover.
    """
    doc = _open_pdf(pdf_bytes)
    areas: list[Area] = []
    try:
        for number in range(1, len(doc) + 1):
            page = doc[number - 1]
            width, height = _display_size(page)
            chars = _page_chars(page)
            for kind, text, indices in _matches(chars, landlines=landlines):
                by_line: dict[int, list[tuple[float, float, float, float]]] = {}
                for i in indices:
                    if chars[i].box is not None:
                        by_line.setdefault(chars[i].line, []).append(chars[i].box)
                for boxes in by_line.values():
                    # Rounded outwards to 0.01 pt: shorter to store, never smaller.
                    x0 = max(0.0, math.floor((min(b[0] for b in boxes) - _PAD) * 100) / 100)
                    y0 = max(0.0, math.floor((min(b[1] for b in boxes) - _PAD) * 100) / 100)
                    x1 = min(width, math.ceil((max(b[2] for b in boxes) + _PAD) * 100) / 100)
                    y1 = min(height, math.ceil((max(b[3] for b in boxes) + _PAD) * 100) / 100)
                    if x0 < x1 and y0 < y1:
                        areas.append(Area(number, x0, y0, x1, y1, "third_party", _note(kind, text)))
            page.close()
    finally:
        doc.close()
    return areas


# -- burning in --------------------------------------------------------------------------------


def _check_areas(areas: Iterable[Area], sizes: Sequence[tuple[float, float]], unit: str) -> None:
    for area in areas:
        if not isinstance(area, Area):
            raise RedactionError(f"遮盖区域必须是 Area，收到 {type(area).__name__}")
        if area.page > len(sizes):
            raise RedactionError(
                f"遮盖区域的页码 {area.page} 超出范围：文件共 {len(sizes)} 页"
                if len(sizes) > 1 or unit == "点"
                else f"遮盖区域的页码 {area.page} 超出范围：图片只有第 1 页"
            )
        width, height = sizes[area.page - 1]
        # Half a unit of slack: boxes drawn in a browser land on fractional coordinates.
        if area.x1 > width + 0.5 or area.y1 > height + 0.5:
            raise RedactionError(
                f"第 {area.page} 页的遮盖区域超出页面：区域到 ({area.x1:g}, {area.y1:g})，"
                f"页面只有 {width:g} × {height:g} {unit}"
            )


def _paint(image: Image.Image, boxes: Iterable[tuple[float, float, float, float]]) -> None:
    draw = ImageDraw.Draw(image)
    black = (0, 0, 0, 255) if image.mode == "RGBA" else (0, 0, 0)
    for x0, y0, x1, y1 in boxes:
        # Outwards to whole pixels: a partly covered pixel would still show part of a stroke.
        left, top = max(0, math.floor(x0)), max(0, math.floor(y0))
        right = min(image.width, math.ceil(x1))
        bottom = min(image.height, math.ceil(y1))
        if left < right and top < bottom:
            draw.rectangle((left, top, right - 1, bottom - 1), fill=black)


def redact_pdf(pdf_bytes: bytes, areas: Sequence[Area], *, dpi: int = 150) -> bytes:
    """The copy to release: every page as an image at ``dpi`` with ``areas`` painted black.

    The output has no text layer at all — also on pages with no area — because a page kept as
    text beside pictured pages would make it easy to miss that something on it should have been
    covered, and a mixed file suggests the pictured pages still hide something. The images are
    stored losslessly (Flate), so black stays exactly black and text stays legible.
    """
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not MIN_DPI <= dpi <= MAX_DPI:
        raise RedactionError(f"分辨率须为 {MIN_DPI}–{MAX_DPI} dpi 的整数，收到“{dpi!r}”")
    areas = list(areas)
    source = _open_pdf(pdf_bytes)
    out = pdfium.PdfDocument.new()
    try:
        # Filled-in form fields are part of what the page shows, so they are pictured too.
        source.init_forms()
        sizes = []
        for i in range(len(source)):
            page = source[i]
            sizes.append(_display_size(page))
            page.close()
        _check_areas(areas, sizes, "点")
        scale = dpi / 72
        for number, (width, height) in enumerate(sizes, start=1):
            page = source[number - 1]
            try:
                image = page.render(scale=scale, may_draw_forms=True).to_pil().convert("RGB")
            except pdfium.PdfiumError as e:
                raise RedactionError(f"第 {number} 页无法渲染，文件可能已损坏") from e
            finally:
                page.close()
            sx, sy = image.width / width, image.height / height
            _paint(
                image,
                ((a.x0 * sx, a.y0 * sy, a.x1 * sx, a.y1 * sy) for a in areas if a.page == number),
            )
            new_page = out.new_page(width, height)
            picture = pdfium.PdfImage.new(out)
            picture.set_bitmap(pdfium.PdfBitmap.from_pil(image))
            picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
            new_page.insert_obj(picture)
            new_page.gen_content()
            new_page.close()
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()
    finally:
        out.close()
        source.close()


_IMAGE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG"}  # MPO: phone JPEGs with extras


def redact_image(image_bytes: bytes, areas: Sequence[Area]) -> bytes:
    """A PNG or JPEG attachment with ``areas`` (page 1, in pixels) painted black, same format.

    The EXIF orientation is applied first, since that is the picture the handler saw in the
    browser, and all metadata is dropped: EXIF can carry GPS positions and a thumbnail of the
    unredacted picture.
    """
    if not isinstance(image_bytes, bytes | bytearray) or not image_bytes:
        raise RedactionError("没有收到图片内容")
    try:
        with Image.open(io.BytesIO(bytes(image_bytes))) as original:
            fmt = _IMAGE_FORMATS.get(original.format or "")
            if fmt is None:
                raise RedactionError(
                    f"只支持 PNG、JPEG 图片，收到 {original.format or '未知'} 格式"
                )
            original.load()
            image = ImageOps.exif_transpose(original)
    except (UnidentifiedImageError, OSError, SyntaxError) as e:
        raise RedactionError("图片无法识别或已损坏") from e
    areas = list(areas)
    _check_areas(areas, [image.size], "像素")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha and fmt == "PNG" else "RGB")
    _paint(image, ((a.x0, a.y0, a.x1, a.y1) for a in areas))
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, "JPEG", quality=92)
    else:
        image.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


# -- the reply letter ---------------------------------------------------------------------------


def _pages_text(pages: Sequence[int]) -> str:
    """``[2, 3]`` → ``2、3``; runs of three or more are shortened: ``[1, 2, 3, 7]`` → ``1—3、7``."""
    parts: list[str] = []
    run: list[int] = []
    for p in [*sorted(set(pages)), None]:
        if run and (p is None or p != run[-1] + 1):
            parts.append(f"{run[0]}—{run[-1]}" if len(run) >= 3 else "、".join(map(str, run)))
            run = []
        if p is not None:
            run.append(p)
    return "、".join(parts)


def withheld_summary(areas: Sequence[Area]) -> list[dict[str, str]]:
    """One line per ground, in the order of GROUNDS, for the reasons part of the reply letter.

    ``{"ground": "third_party", "what": "第 2、3 页中 4 处",
    "why": "涉及第三方合法权益、个人隐私（第十五条）"}``
    """
    by_ground: dict[str, list[Area]] = {}
    for area in areas:
        if not isinstance(area, Area):
            raise RedactionError(f"遮盖区域必须是 Area，收到 {type(area).__name__}")
        by_ground.setdefault(area.ground, []).append(area)
    return [
        {
            "ground": ground,
            "what": f"第 {_pages_text([a.page for a in found])} 页中 {len(found)} 处",
            "why": _WHY[ground],
        }
        for ground in GROUNDS
        if (found := by_ground.get(ground))
    ]
