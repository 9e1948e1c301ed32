"""A Chinese font for PDFs, found on the machine, never downloaded.

Where to look is a setting: ``GONGKAI_FONT_PATHS`` lists font files and font folders (separated
by ``:`` or ``,``), searched in that order; without it, the places Debian, Ubuntu, Kylin and UOS
install their CJK fonts. The first TrueType font that reportlab can embed and that has Chinese
glyphs wins, so a PDF shows the same on every reader. Noto CJK ships as CFF-outlined OpenType,
which reportlab cannot embed, so OpenType files are not tried.

When none is found, production refuses to write a PDF with a Chinese message that says what
to install or set (``gongkai check --deploy`` says it first); demo and test fall back to Adobe's
STSong-Light, which PDF readers supply themselves, and log a warning.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from gongkai.errors import Unavailable

ENV_VAR = "GONGKAI_FONT_PATHS"

DEFAULT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # Debian, Ubuntu: fonts-wqy-zenhei
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",  # Kylin, openEuler: wqy-zenhei-fonts
    "/usr/share/fonts/truetype/arphic/uming.ttc",  # fonts-arphic-uming
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts",  # any other TrueType CJK font installed system-wide
)
# Within a folder, fonts an office would choose for official documents come first.
PREFERRED_STEMS = ("simfang", "fangsong", "simsun", "wqy-zenhei", "wqy-microhei", "uming", "ukai")
FALLBACK = "STSong-Light"
_CHINESE_PROBE = ord("中")
_MAX_FILES_PER_FOLDER = 2000

log = logging.getLogger(__name__)


class FontMissing(Unavailable, RuntimeError):
    """No embeddable Chinese font where the setting says to look."""

    code = "font_missing"
    message = "找不到可嵌入的中文字体，无法生成文档。请联系平台运维人员安装字体。"


@dataclass(frozen=True)
class FoundFont:
    name: str
    path: Path
    subfont_index: int | None


def search_paths() -> list[Path]:
    configured = os.environ.get(ENV_VAR, "").strip()
    if not configured:
        return [Path(p) for p in DEFAULT_PATHS]
    return [Path(p.strip()).expanduser() for p in re.split(r"[:,]", configured) if p.strip()]


def _candidates(paths: list[Path]):
    for path in paths:
        if path.is_file():
            yield path
        elif path.is_dir():
            files = []
            for root, _dirs, names in os.walk(path):
                files.extend(Path(root) / n for n in names if n.lower().endswith((".ttf", ".ttc")))
                if len(files) > _MAX_FILES_PER_FOLDER:
                    break

            def rank(f: Path) -> tuple[int, str]:
                stem = f.stem.lower()
                hits = [i for i, s in enumerate(PREFERRED_STEMS) if s in stem]
                return (hits[0] if hits else len(PREFERRED_STEMS), str(f))

            yield from sorted(files, key=rank)


def _register(path: Path) -> FoundFont | None:

    name = "CJK-" + re.sub(r"[^A-Za-z0-9]+", "-", path.stem)
    index = 0 if path.suffix.lower() == ".ttc" else None
    try:
        font = TTFont(name, str(path), **({"subfontIndex": index} if index is not None else {}))
    except Exception:  # CFF outlines, a broken or unsupported file: try the next one
        return None
    if _CHINESE_PROBE not in font.face.charToGlyph:
        return None
    pdfmetrics.registerFont(font)
    return FoundFont(name=name, path=path, subfont_index=index)


@cache
def find_cjk_font() -> FoundFont | None:
    seen: set[Path] = set()
    for candidate in _candidates(search_paths()):
        if candidate in seen:
            continue
        seen.add(candidate)
        found = _register(candidate)
        if found:
            return found
    return None


# GB/T 9704-2012: the title in 小标宋, the body in 仿宋. Where an office has installed them (or
# 宋体, the usual stand-in for the title), letters use them; otherwise the font above.
# AR PL UMing (Debian's fonts-arphic-uming) is a 明体, the nearest free 宋体.
SONG_STEMS = ("simsun", "nsimsun", "stsong", "宋体", "uming")
TITLE_STEMS = ("fzxbsjw", "fzxbs", "xiaobiaosong", "小标宋", *SONG_STEMS)
BODY_STEMS = ("simfang", "fangsong", "fzfsk", "fzfs", "stfangso", "仿宋", *SONG_STEMS)


def _find_styled(stems: tuple[str, ...]) -> FoundFont | None:
    def rank(path: Path) -> int:
        stem = path.stem.lower()
        return next((i for i, s in enumerate(stems) if s in stem), len(stems))

    matching = {c for c in _candidates(search_paths()) if rank(c) < len(stems)}
    for candidate in sorted(matching, key=lambda c: (rank(c), str(c))):
        found = _register(candidate)
        if found:
            return found
    return None


@cache
def letter_font_names() -> tuple[str, str]:
    """(title font, body font) for official letters: 小标宋 (else 宋体) and 仿宋 (else 宋体), where
    installed; the general CJK font for whichever is missing."""
    title = _find_styled(TITLE_STEMS)
    body = _find_styled(BODY_STEMS)
    general = cjk_font_name()
    return (title.name if title else general, body.name if body else general)


def missing_fonts_message() -> str | None:
    """None when a font is found; otherwise what to do, in Chinese."""
    if find_cjk_font():
        return None
    where = "、".join(str(p) for p in search_paths())
    return (
        "未找到可嵌入 PDF 的中文 TrueType 字体（已查找：" + where + "）。"
        "请安装中文字体（Debian、Ubuntu、麒麟、统信：apt-get install fonts-wqy-zenhei），"
        f"或用环境变量 {ENV_VAR} 指定字体文件或字体目录（.ttf/.ttc，如仿宋、宋体）。"
    )


@cache
def cjk_font_name() -> str:
    found = find_cjk_font()
    if found:
        return found.name
    message = missing_fonts_message()
    if os.environ.get("GONGKAI_ENV", "production").strip().lower() == "production":
        raise FontMissing(message)

    log.warning("%s 演示和测试模式改用不嵌入的 %s。", message, FALLBACK)
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return FALLBACK
