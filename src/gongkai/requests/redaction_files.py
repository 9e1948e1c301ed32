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
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Limits:
    """What one release file may make the server hold (settings GONGKAI_RELEASE_MAX_*).

    A page image is at most ``page_pixels``: an RGB bitmap of 25 million pixels is 75 MB, and
    PDFium, Pillow and the output each hold a copy while a page is burnt in. A4 at 150 dpi is
    2.2 million pixels, A0 at 72 dpi 8 million; a 14,400 pt square page (the PDF maximum) would be
    900 million at 150 dpi, 2.7 GB for one page of a 1 KB file. Pages are rendered at a lower
    resolution when that keeps them under the bound, and refused when even the lowest one
    (:data:`MIN_DPI`) would not.
    """

    pages: int = 500
    page_pixels: int = 25_000_000


DEFAULT_LIMITS = Limits()


def _megapixels(pixels: float) -> str:
    return f"{pixels / 1_000_000:,.0f} 百万像素"


def _scale(width: float, height: float, dpi: int, limits: Limits) -> float:
    """PDFium's scale (pixels per point) for ``dpi``, lowered so the page fits the bound."""
    scale = min(dpi / 72, math.sqrt(limits.page_pixels / (max(width, 1.0) * max(height, 1.0))))
    # PDFium rounds the bitmap's sides up to whole pixels.
    while scale > 0 and math.ceil(width * scale) * math.ceil(height * scale) > limits.page_pixels:
        scale *= 0.999
    return scale


def _check_page(number: int, width: float, height: float, limits: Limits) -> None:
    """Refuse a page that is not a page: no size, or over the bound even at :data:`MIN_DPI`."""
    if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
        raise RedactionError(f"第 {number} 页没有有效的页面尺寸，文件可能已损坏")
    if width * height > limits.page_pixels * (72 / MIN_DPI) ** 2:
        cm = 2.54 / 72
        raise RedactionError(
            f"第 {number} 页幅面过大（{width * cm:,.0f}×{height * cm:,.0f} 厘米），"
            f"按 {MIN_DPI} dpi 生成图像也超过 {_megapixels(limits.page_pixels)}的上限；"
            "请把该页缩放到常用纸张大小后重新上传"
        )


# -- opening -----------------------------------------------------------------------------------


def _open_pdf(pdf_bytes: bytes, limits: Limits = DEFAULT_LIMITS) -> pdfium.PdfDocument:
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
    if len(doc) > limits.pages:
        count = len(doc)
        doc.close()
        raise RedactionError(
            f"PDF 共 {count:,} 页，超过每个文件 {limits.pages:,} 页的上限；请拆分后分别上传"
        )
    return doc


def _display_size(page: pdfium.PdfPage) -> tuple[float, float]:
    """Width and height as displayed (PDFium applies /Rotate to these, and renders so)."""
    return page.get_size()


def page_sizes(pdf_bytes: bytes, limits: Limits = DEFAULT_LIMITS) -> list[tuple[float, float]]:
    """Each page's displayed width and height in points: the space areas are drawn in.

    Refuses (RedactionError) a file with more pages than ``limits`` allow or with a page too
    large to picture, before any page is rendered: the upload calls this first.
    """
    doc = _open_pdf(pdf_bytes, limits)
    try:
        sizes = []
        for i in range(len(doc)):
            page = doc[i]
            sizes.append(_display_size(page))
            page.close()
            _check_page(i + 1, *sizes[-1], limits)
        return sizes
    finally:
        doc.close()


def render_page(
    pdf_bytes: bytes, page: int, *, dpi: int = 100, limits: Limits = DEFAULT_LIMITS
) -> bytes:
    """One page (1-based) as displayed, as PNG, for the handler to mark areas on.

    A page too large for ``dpi`` within the pixel bound is rendered smaller: the marking page
    scales the picture to the page's size in points anyway.
    """
    doc = _open_pdf(pdf_bytes, limits)
    try:
        if not 1 <= page <= len(doc):
            raise RedactionError(f"第 {page} 页不存在：文件共 {len(doc)} 页")
        pdf_page = doc[page - 1]
        width, height = _display_size(pdf_page)
        _check_page(page, width, height, limits)
        try:
            image = pdf_page.render(scale=_scale(width, height, dpi, limits)).to_pil()
        except pdfium.PdfiumError as e:
            raise RedactionError(f"第 {page} 页无法渲染，文件可能已损坏") from e
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


def propose_areas(
    pdf_bytes: bytes, *, landlines: bool = False, limits: Limits = DEFAULT_LIMITS
) -> list[Area]:
    """Boxes over identity numbers and mobile numbers in the PDF's text layer, ground third_party.

    A proposal for a person to confirm, never a decision. One box per match and line (a number
    wrapped across lines gets a box on each). Landlines are left out by default because the ones
    in official documents are usually the office's own published contact numbers. Scanned pages
    have no text layer and yield nothing: they need a person (or OCR) to find what to cover.
    """
    doc = _open_pdf(pdf_bytes, limits)
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


def redact_pdf(
    pdf_bytes: bytes, areas: Sequence[Area], *, dpi: int = 150, limits: Limits = DEFAULT_LIMITS
) -> bytes:
    """The copy to release: every page as an image at ``dpi`` with ``areas`` painted black.

    A page larger than ``limits.page_pixels`` at ``dpi`` is pictured at the resolution that
    fits (never below :data:`MIN_DPI`; such a page is refused before anything is rendered).

    The output has no text layer at all — also on pages with no area — because a page kept as
    text beside pictured pages would make it easy to miss that something on it should have been
    covered, and a mixed file suggests the pictured pages still hide something. The images are
    stored losslessly (Flate), so black stays exactly black and text stays legible.
    """
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not MIN_DPI <= dpi <= MAX_DPI:
        raise RedactionError(f"分辨率须为 {MIN_DPI}–{MAX_DPI} dpi 的整数，收到“{dpi!r}”")
    areas = list(areas)
    source = _open_pdf(pdf_bytes, limits)
    out = pdfium.PdfDocument.new()
    try:
        # Filled-in form fields are part of what the page shows, so they are pictured too.
        source.init_forms()
        sizes = []
        for i in range(len(source)):
            page = source[i]
            sizes.append(_display_size(page))
            page.close()
            _check_page(i + 1, *sizes[-1], limits)
        check_areas(areas, sizes, "点")
        for number, (width, height) in enumerate(sizes, start=1):
            page = source[number - 1]
            scale = _scale(width, height, dpi, limits)
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
            single = _pictured_page(image, width, height)
            try:
                out.import_pages(single)
            finally:
                single.close()
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()
    finally:
        out.close()
        source.close()


def _pictured_page(image: Image.Image, width: float, height: float) -> pdfium.PdfDocument:
    """A one-page document holding ``image`` over the whole page, saved and opened again.

    PDFium keeps an image object's raw bitmap until the document is saved: 6 MB per A4 page at
    150 dpi, 3 GB for 500 pages. Saved alone, the page holds its image compressed (Flate), and
    importing it copies the compressed stream, so the output grows by what it will weigh.
    """
    single = pdfium.PdfDocument.new()
    try:
        page = single.new_page(width, height)
        picture = pdfium.PdfImage.new(single)
        picture.set_bitmap(pdfium.PdfBitmap.from_pil(image))
        picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(picture)
        page.gen_content()
        page.close()
        buffer = io.BytesIO()
        single.save(buffer)
    finally:
        single.close()
    return pdfium.PdfDocument(buffer.getvalue())


_IMAGE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG"}  # MPO: phone JPEGs with extras


def _too_many_pixels(limits: Limits) -> RedactionError:
    return RedactionError(
        f"图片像素过多，超过 {_megapixels(limits.page_pixels)}的上限；请缩小后重新上传"
    )


def _open_image(image_bytes: bytes, limits: Limits) -> tuple[Image.Image, str]:
    """The image opened (header only, nothing decoded yet) and its format, PNG or JPEG.

    The size is checked before a pixel is decoded: a PNG of a few KB can declare 100,000 ×
    100,000 pixels. Pillow's own bound (``Image.MAX_IMAGE_PIXELS``, set from the same setting
    when the app loads) is the second line; its error is turned into the same reason.
    """
    if not isinstance(image_bytes, bytes | bytearray) or not image_bytes:
        raise RedactionError("没有收到图片内容")
    try:
        image = Image.open(io.BytesIO(bytes(image_bytes)))
    except Image.DecompressionBombError as e:
        raise _too_many_pixels(limits) from e
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise RedactionError("图片无法识别或已损坏") from e
    fmt = _IMAGE_FORMATS.get(image.format or "")
    if fmt is None:
        image.close()
        raise RedactionError(f"只支持 PNG、JPEG 图片，收到 {image.format or '未知'} 格式")
    width, height = image.size
    if width * height > limits.page_pixels:
        image.close()
        raise RedactionError(
            f"图片为 {width:,}×{height:,} 像素，超过 {_megapixels(limits.page_pixels)}的上限；"
            "请缩小后重新上传"
        )
    return image, fmt


def image_size(image_bytes: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[int, int]:
    """Width and height as the handler sees the picture (EXIF orientation applied), in pixels,
    read from the header; refuses what :func:`redact_image` would refuse for its size."""
    image, _fmt = _open_image(image_bytes, limits)
    with image:
        width, height = image.size
        try:
            orientation = image.getexif().get(0x0112, 1)
        except Exception:  # a damaged EXIF block: Pillow's parsers raise many kinds
            orientation = 1
    # Orientations 5–8 turn the picture a quarter (ExifTags.Base.Orientation).
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def redact_image(
    image_bytes: bytes, areas: Sequence[Area], *, limits: Limits = DEFAULT_LIMITS
) -> bytes:
    """A PNG or JPEG attachment with ``areas`` (page 1, in pixels) painted black, same format.

    The EXIF orientation is applied first, since that is the picture the handler saw in the
    browser, and all metadata is dropped: EXIF can carry GPS positions and a thumbnail of the
    unredacted picture.
    """
    original, fmt = _open_image(image_bytes, limits)
    try:
        with original:
            original.load()
            image = ImageOps.exif_transpose(original)
    except Image.DecompressionBombError as e:
        raise _too_many_pixels(limits) from e
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
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
