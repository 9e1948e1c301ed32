"""Scanned reports (PDF pages that are only pictures), read by OCR that runs offline.

County offices print, stamp and scan their reports. RapidOCR (the ``rapidocr-onnxruntime``
package, which ships its detection and recognition models) finds the words and their boxes on
each page rendered by pdfium; each word becomes one positioned piece of text with its
confidence, and from there the page is read exactly like a PDF with a text layer.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gongkai.parsing.readers.pdf_layout import Char

DPI = 200  # the tables' small print needs about this much to read digits reliably
# Digits OCR reads as letters when a cell holds a lone 0 or 1.
_DIGIT_LOOKALIKES = str.maketrans(
    {"o": "0", "O": "0", "D": "0", "。": "0", "○": "0", "〇": "0", "l": "1", "I": "1", "|": "1"}
)
_NUMERIC_LOOKALIKE = re.compile(r"^[\doOD。○〇lI|]+$")
INSTALL = "pip install rapidocr-onnxruntime"
_MAX_PIXELS = 12_000_000  # an A4 page at 200 dpi is under 4 million


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def recognise_page(page) -> list[tuple[list, str, float]]:
    """OCR's words on a pdfium page: (box corners in pixels at ``DPI``, text, confidence)."""
    import numpy as np

    width, height = page.get_size()
    # A page blown up to poster size would render to gigabytes: cap the picture, not the page.
    scale = min(DPI / 72, (_MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
    image = page.render(scale=scale).to_pil().convert("RGB")
    found, _ = _engine()(np.asarray(image), use_cls=False, text_score=0.3)
    back = DPI / 72 / scale  # boxes in pixels at DPI, whatever the picture's size
    return [
        ([[x * back, y * back] for x, y in box], text, float(score))
        for box, text, score in found or []
    ]


def words_to_chars(words: list[tuple[list, str, float]]) -> list[Char]:
    """Words as positioned text in PDF points, as the layout reader takes characters."""
    scale = DPI / 72
    chars = []
    for box, text, score in words:
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        text = text.strip()
        if not text:
            continue
        if _NUMERIC_LOOKALIKE.match(text) and (any(c.isdigit() for c in text) or len(text) == 1):
            text = text.translate(_DIGIT_LOOKALIKES)
        chars.append(
            Char(
                text,
                min(xs) / scale,
                max(xs) / scale,
                min(ys) / scale,
                max(ys) / scale,
                confidence=round(score, 3),
            )
        )
    return chars
