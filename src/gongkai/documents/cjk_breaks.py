"""Chinese line-breaking rules (禁则) for reportlab's CJK wrapping.

reportlab keeps a character from starting a line only if it is in its table of Japanese
punctuation, which lacks the full-width comma and the other Chinese closing marks, so a letter
could put "，" at the start of a line. GB/T 15834's closing punctuation is added to that table
(reportlab then hangs the mark at the end of the line above, as Chinese typesetting does).
"""

from __future__ import annotations

from reportlab.lib import textsplit
from reportlab.platypus import paragraph

CHINESE_CANNOT_START = "，。、；：？！）》」』】〕〉”’…—·％"


def install() -> None:
    # One paragraph of one style wraps in textsplit, a mixed one in paragraph: both read the
    # table from their own module.
    for module in (textsplit, paragraph):
        missing = "".join(c for c in CHINESE_CANNOT_START if c not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START = module.ALL_CANNOT_START + missing


install()
