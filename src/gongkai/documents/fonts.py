"""A Chinese font for PDFs, found on the machine, never downloaded.

A TrueType CJK font is embedded when one is installed (Debian: fonts-wqy-zenhei,
fonts-arphic-uming); otherwise the PDF uses Adobe's STSong-Light, which every PDF reader
supplies itself. Noto CJK ships as CFF-outlined OpenType, which reportlab cannot embed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

CANDIDATES = [
    ("WenQuanYiZenHei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("ARPLUMing", "/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("DroidSansFallback", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", None),
]


@cache
def cjk_font_name() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    for name, path, index in CANDIDATES:
        if Path(path).exists():
            try:
                kwargs = {"subfontIndex": index} if index is not None else {}
                pdfmetrics.registerFont(TTFont(name, path, **kwargs))
                return name
            except Exception:  # a broken or unsupported font file: try the next
                continue
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"
