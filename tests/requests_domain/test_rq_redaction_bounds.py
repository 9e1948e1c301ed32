"""Release files that would make the server hold gigabytes: huge pages, many pages, pixel bombs.

Each file here is a few hundred bytes written by hand; the bounds must refuse or shrink them
from the sizes their headers declare, before PDFium or Pillow allocate a bitmap.
"""

from __future__ import annotations

import io
import resource
import struct
import zlib

import pypdfium2 as pdfium
import pytest
from PIL import Image

from gongkai.requests.apps import bound_pillow
from gongkai.requests.domain.redaction import Area, RedactionError
from gongkai.requests.redaction_files import (
    DEFAULT_LIMITS,
    Limits,
    image_size,
    page_sizes,
    propose_areas,
    redact_image,
    redact_pdf,
    render_page,
)


def pdf_of(*sizes: tuple[float, float]) -> bytes:
    """A PDF with one empty page per (width, height) in points, xref and all, by hand."""
    count = len(sizes)
    kids = " ".join(f"{3 + i} 0 R" for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
    ]
    content = 3 + count
    for w, h in sizes:
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w} {h}] /Contents {content} 0 R >>".encode()
        )
    stream = b"0 0 1 rg 10 10 50 50 re f"  # a small blue square, so a page has something
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` × ``height`` pixels and holds one short row of them."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


HUGE = pdf_of((14400, 14400))  # the largest page PDF allows: 200 × 200 inches
A4 = (595, 842)


def test_the_largest_pdf_page_is_refused_before_anything_is_rendered():
    assert len(HUGE) < 1500
    before = peak_rss_mb()
    for call in (
        lambda: page_sizes(HUGE),
        lambda: render_page(HUGE, 1),
        lambda: redact_pdf(HUGE, []),
    ):
        with pytest.raises(RedactionError, match="第 1 页幅面过大（508×508 厘米）") as exc:
            call()
        assert "25 百万像素" in str(exc.value) and "72 dpi" in str(exc.value)
    # At 150 dpi the page would be a 2.7 GB bitmap; nothing near that was ever allocated.
    assert peak_rss_mb() - before < 200


def test_a_page_over_the_pixel_bound_is_pictured_smaller():
    limits = Limits(page_pixels=600_000)  # A4 at 72 dpi is 501,000 pixels, at 100 dpi 979,000
    pdf = pdf_of(A4)
    png = Image.open(io.BytesIO(render_page(pdf, 1, dpi=100, limits=limits)))
    assert png.width * png.height <= 600_000 and png.width >= 595
    assert abs(png.width / png.height - 595 / 842) < 0.01
    full = Image.open(io.BytesIO(render_page(pdf, 1, dpi=100)))
    assert full.size == (827, 1170)  # within the default bound: the resolution asked for

    out = pdfium.PdfDocument(
        redact_pdf(pdf, [Area(1, 0, 0, 100, 100, "third_party")], limits=limits)
    )
    try:
        page = out[0]
        assert page.get_size() == A4  # the page keeps its size; only its picture is coarser
        (picture,) = list(page.get_objects())
        width, height = picture.get_px_size()
        assert width * height <= 600_000 and width >= 595
    finally:
        out.close()


def test_a_page_too_large_even_at_72_dpi_is_refused_under_a_lower_bound():
    with pytest.raises(RedactionError, match="第 2 页幅面过大"):
        page_sizes(pdf_of(A4, (2000, 2000)), Limits(page_pixels=1_000_000))
    assert page_sizes(pdf_of(A4, (2000, 2000)), DEFAULT_LIMITS) == [A4, (2000, 2000)]


def test_pages_per_document_are_bounded():
    pdf = pdf_of(A4, A4, A4)
    for call in (
        lambda limits: page_sizes(pdf, limits),
        lambda limits: propose_areas(pdf, limits=limits),
        lambda limits: render_page(pdf, 1, limits=limits),
        lambda limits: redact_pdf(pdf, [], limits=limits),
    ):
        with pytest.raises(RedactionError, match="PDF 共 3 页，超过每个文件 2 页的上限"):
            call(Limits(pages=2))
    assert len(page_sizes(pdf, Limits(pages=3))) == 3


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_pixel_bomb_image_is_refused_from_its_header():
    bomb = png_header(6_000, 6_000)  # 108 MB as RGB, in under 100 bytes
    assert len(bomb) < 100
    before = peak_rss_mb()
    for call in (lambda: image_size(bomb), lambda: redact_image(bomb, [])):
        with pytest.raises(RedactionError, match="图片为 6,000×6,000 像素，超过 25 百万像素的上限"):
            call()
    # Far past the bound, Pillow itself refuses to open it: the same kind of reason.
    huge = png_header(100_000, 100_000)  # 30 GB
    for call in (lambda: image_size(huge), lambda: redact_image(huge, [])):
        with pytest.raises(RedactionError, match="图片像素过多，超过 25 百万像素的上限"):
            call()
    assert peak_rss_mb() - before < 200
    assert image_size(png_header(300, 200)) == (300, 200)


def test_pillows_bound_is_set_from_the_setting(settings):
    assert Image.MAX_IMAGE_PIXELS == DEFAULT_LIMITS.page_pixels  # set when the app loaded
    settings.GONGKAI_RELEASE_MAX_PAGE_PIXELS = 1_000
    try:
        bound_pillow()
        assert Image.MAX_IMAGE_PIXELS == 1_000
    finally:
        settings.GONGKAI_RELEASE_MAX_PAGE_PIXELS = DEFAULT_LIMITS.page_pixels
        bound_pillow()
    # Pillow refuses at open what exceeds twice its bound, whatever the platform's own check.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)
        with pytest.raises(RedactionError, match="图片像素过多"):
            redact_image(png_header(100, 100), [])


def test_image_size_is_as_displayed_after_the_exif_orientation():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(buffer, "JPEG", exif=exif.tobytes())
    assert image_size(buffer.getvalue()) == (100, 200)
