"""PDF and image files for redaction: pages rendered with PDFium, areas burned in with Pillow.

This is the file-handling side of ``requests.domain.redaction`` (which holds the grounds, the
:class:`Area` and its coordinate convention, what counts as personal data and the reply letter's
summary): opening a PDF, reading its characters with their boxes, rasterising pages, and building
the released copy from pictures of the pages so nothing under a box can be copied out of it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from .domain.redaction import (
    MAX_DPI,
    MIN_DPI,
    Area,
    Char,
    RedactionError,
    area_note,
    check_areas,
    personal_data_in,
)

# Room around a proposed box: anti-aliased glyph edges reach a little past the font's box.
_PAD = 1.0


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


def _page_chars(page: pdfium.PdfPage) -> list[Char]:
    textpage = page.get_textpage()
    try:
        t = _display_transform(page)
        chars: list[Char] = []
        line = 0
        for i in range(textpage.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
            c = chr(code) if 0 < code < 0x110000 else "\ufffd"
            generated = bool(pdfium_c.FPDFText_IsGenerated(textpage.raw, i))
            if c == "\r":
                continue
            if c == "\n":
                chars.append(Char("\n", line, None))
                line += 1
                continue
            box = None
            if not generated and not c.isspace():
                left, bottom, right, top = textpage.get_charbox(i, loose=True)
                xs, ys = zip(_apply(t, left, bottom), _apply(t, right, top), strict=True)
                box = (min(xs), min(ys), max(xs), max(ys))
            chars.append(Char(" " if generated else c, line, box))
        return chars
    finally:
        textpage.close()


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
            for kind, text, indices in personal_data_in(chars, landlines=landlines):
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
                        areas.append(
                            Area(number, x0, y0, x1, y1, "third_party", area_note(kind, text))
                        )
            page.close()
    finally:
        doc.close()
    return areas


# -- burning in --------------------------------------------------------------------------------


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
        check_areas(areas, sizes, "点")
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
    check_areas(areas, [image.size], "像素")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha and fmt == "PNG" else "RGB")
    _paint(image, ((a.x0, a.y0, a.x1, a.y1) for a in areas))
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.save(buffer, "JPEG", quality=92)
    else:
        image.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()
