"""Redaction for partial disclosure (Art. 37): what to black out, checking it, and saying why.

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

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gongkai.errors import InvalidInput

from .personal_data import KIND_LABELS, find_personal_data, mask_as

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

MIN_DPI, MAX_DPI = 72, 600


class RedactionError(InvalidInput, ValueError):
    """Input that cannot be redacted as asked; the message is Chinese, for the handler."""

    code = "redaction"
    message = "遮盖区域无效，请重新标注。"


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


# -- proposing (over the characters of a page, read elsewhere) ------------------------------


@dataclass
class Char:
    text: str
    line: int
    box: tuple[float, float, float, float] | None  # display points; None for generated chars


def personal_data_in(chars: list[Char], *, landlines: bool):
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


def area_note(kind: str, text: str) -> str:
    plain = "".join(text.split())
    return f"{KIND_LABELS.get(kind, kind)}（{mask_as(kind, plain)}）"


# -- checking --------------------------------------------------------------------------------


def check_areas(areas: Iterable[Area], sizes: Sequence[tuple[float, float]], unit: str) -> None:
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


# -- the reply letter ---------------------------------------------------------------------------


def pages_text(pages: Sequence[int]) -> str:
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
            "what": f"第 {pages_text([a.page for a in found])} 页中 {len(found)} 处",
            "why": _WHY[ground],
        }
        for ground in GROUNDS
        if (found := by_ground.get(ground))
    ]
