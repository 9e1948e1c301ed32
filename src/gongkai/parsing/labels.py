"""Finding a table row by its printed label, however the label came through.

Labels arrive numbered or not, in full or half width, split over lines, cut short by a PDF's
column, with OCR debris around them, and as 规范性文件 where the 2021 template says
行政规范性文件. Matching therefore compares the label's core (the words after its numbering)
by longest common run of characters rather than by equality.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from gongkai.parsing.document import normalise

_NUMBERING = re.compile(
    r"(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|(?<![\d.])\d{1,2}\.(?!\d))"
)
_REMARK = re.compile(r"\([^()]{5,}\)")
_NOISE = re.compile(r"[^\u4e00-\u9fff0-9a-zA-Z/]")
# Words every row of the requests table shares, and so do its section headings: they tell no
# row from another, and left in they make 收到和处理政府信息公开申请情况 look like a row.
_SHARED = re.compile(r"政府信息公开申请|政府信息公开|政府信息")


def _kind(numbering: str) -> str:
    if numbering.endswith("、"):
        return "chapter"
    return "group" if numbering.startswith("(") else "item"


def _kinds(label: str) -> list[str]:
    """The kinds of numbering in a label, in order: 一、 chapter, （一） group, 1. item."""
    return [_kind(m.group(0)) for m in _NUMBERING.finditer(normalise(label))]


def _leading_kind(text: str) -> str | None:
    m = _NUMBERING.match(normalise(text))
    return _kind(m.group(0)) if m else None


@lru_cache(maxsize=4096)
def core(label: str) -> str:
    """The distinctive words of an official label: after its last numbering, without remarks."""
    text = normalise(label)
    text = _REMARK.sub("", text)
    pieces = [p for p in _NUMBERING.split(text) if _NOISE.sub("", p)]
    return _SHARED.sub("", _NOISE.sub("", pieces[-1] if pieces else text))


@lru_cache(maxsize=8192)
def clean(text: str) -> str:
    """A printed label reduced to comparable characters (numbering and punctuation dropped)."""
    return _SHARED.sub("", _NOISE.sub("", _REMARK.sub("", _NUMBERING.sub("", normalise(text)))))


@lru_cache(maxsize=8192)
def _common_run(a: str, b: str) -> int:
    if not a or not b:
        return 0
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size


class LabelMatcher:
    """Matches row labels against an ordered list of keys, moving forward through the table."""

    def __init__(self, labels: dict[str, str]):
        self.keys = list(labels)
        self.cores = {k: core(v) for k, v in labels.items()}
        self.kinds = {k: _kinds(v)[-1:] for k, v in labels.items()}

    def score(self, key: str, text: str, kind: str | None = None) -> float:
        c = self.cores[key]
        run = _common_run(c, text)
        # Enough of the label to tell it from its neighbours, but not all of it: PDFs cut labels
        # short and OCR garbles a character or two (予以公开 → 以公开, 部分公开 → 邓分公开).
        need = min(len(c), max(3, min(8, -(-len(c) * 3 // 5))))
        if run < need:
            return 0.0
        if len(c) <= 3 and not (
            len(text) <= len(c) + 4 and (text.startswith(c) or text.endswith(c))
        ):
            # A short label like 其他 or 总计 must stand nearly alone: inside a wrapped
            # fragment such as 不计其他情形 it is part of another row's words.
            return 0.0
        if len(c) <= 3 and kind and self.kinds[key] and kind != self.kinds[key][0]:
            return 0.0  # （六）其他 is the group heading of （六）其他处理, not its row 3.其他
        return run + run / len(c)

    def match(self, candidates: list[str], start: int = 0) -> str | None:
        """The best key at or after position ``start`` for a row whose label cells are given.

        The most specific cell (the last) is tried first, then the cells joined, since a merged
        row header such as 三、本年度办理结果 carries nothing that tells rows apart.
        """
        texts = []
        if candidates:
            texts.append((clean(candidates[-1]), _leading_kind(candidates[-1])))
            if len(candidates) > 1:
                texts.append((clean("".join(candidates)), None))
        for text, kind in texts:
            if not text:
                continue
            best, best_score = None, 0.0
            for key in self.keys[start:]:
                s = self.score(key, text, kind)
                if s > best_score:
                    best, best_score = key, s
            if best is not None:
                return best
        return None
