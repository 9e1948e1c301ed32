"""Key figures of a report under the 2008 Regulations, read from its prose.

The prose states many figures of one kind; the parser must take the year's, not a part's:
- 主动公开: the year's total is never smaller than a category of it (全年主动公开 2949 条, 其中规范
  性文件 188 条), so the largest figure not introduced by 其中 is the total;
- 收到申请: 受理申请 also counts 行政审批 and 政务服务 applications (共受理申请 121510 件); a count
  in a sentence about those, that does not say 信息公开, is not one of disclosure requests.
The other keys keep the domain's choice (the first said as a total).
"""

from __future__ import annotations

import re

# Figures' positions are in the text as the domain normalises it.
from gongkai.parsing.model import key_figures, stated_figures
from gongkai.parsing.model import normalise_prose as normalise

_SENTENCE = re.compile(r"[。；;！!？?\n]")
_PART = re.compile(r"其中|包括|含")
_OTHER_APPLICATIONS = re.compile(
    r"行政审批|审批|政务服务|行政许可|便民服务|办件|办结|服务中心|热线"
)
_DISCLOSURE = re.compile(r"信息公开|依申请")


def _sentence(text: str, start: int, end: int) -> tuple[str, str]:
    """The words of the figure's sentence before it, and the whole sentence."""
    begin = max((m.end() for m in _SENTENCE.finditer(text, 0, start)), default=0)
    stop = _SENTENCE.search(text, end)
    return text[begin:start], text[begin : stop.start() if stop else len(text)]


def prose_figures(text: str) -> dict[str, float | None]:
    normalised = normalise(text)
    chosen = {k: f.value for k, f in key_figures(text).items()}
    proactive, requests = [], []
    for figure in stated_figures(text):
        before, sentence = _sentence(normalised, figure.start, figure.end)
        clause = re.split(r"[，,]", before)[-1]
        if figure.key == "proactive_total" and not _PART.search(clause + figure.phrase):
            proactive.append(figure.value)
        if figure.key == "requests_received":
            about_other = _OTHER_APPLICATIONS.search(sentence)
            if not about_other or _DISCLOSURE.search(clause + figure.phrase):
                requests.append(figure.value)
    if proactive:
        chosen["proactive_total"] = max(proactive)
    if "requests_received" in chosen:
        chosen["requests_received"] = requests[0] if requests else None
    return chosen
