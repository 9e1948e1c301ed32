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


def installed_font_path() -> Path | None:
    """The first embeddable CJK font installed on this machine, if any."""
    return next((Path(path) for _, path, _ in CANDIDATES if Path(path).exists()), None)


def missing_fonts_message() -> str | None:
    """None when a CJK font can be embedded; otherwise what to install (for check --deploy)."""
    if installed_font_path() is not None:
        return None
    paths = "、".join(path for _, path, _ in CANDIDATES)
    return (
        "未找到可嵌入 PDF 的中文字体（已查找：" + paths + "）。答复书和年度报告 PDF 将只引用"
        "阅读器自带的字体，在没有中文字体的电脑上可能显示为空白或乱码。请安装 fonts-wqy-zenhei"
        "（Debian/Ubuntu：apt-get install fonts-wqy-zenhei）或 fonts-arphic-uming。"
    )
