"""What a clerk adds to a built report: figures the platform cannot know, and the narrative,
with figures inserted from the tables so that the prose cannot disagree with them."""

from __future__ import annotations

import math
import re

from gongkai.annual_report.report import Report
from gongkai.annual_report.tables import APPEAL_GROUPS, PROACTIVE_ROWS
from gongkai.annual_report.validation import validate
from gongkai.errors import InvalidInput

from .build import not_recorded_note

# Section 二 rows that the catalog counts; every other proactive cell is entered by hand.
CATALOG_ROWS = ("regulations", "normative_documents")

NARRATIVE_SECTIONS = {
    "overview": "一、总体情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
# Governments also report their 工作考核、社会评议和责任追究结果 (Art. 50(4)); the 2021 format
# notice places it in 一、总体情况 under 监督保障, so it is written apart and printed there.
ASSESSMENT = ("assessment", "工作考核、社会评议和责任追究结果情况（列入“一、总体情况”）")


def sections_for(kind: str) -> dict[str, str]:
    return NARRATIVE_SECTIONS | (dict([ASSESSMENT]) if kind == "government" else {})


def printed(filled: dict[str, str]) -> dict[str, str]:
    """The sections as the report prints them: the assessment joined to the overview."""
    out = dict(filled)
    assessment = out.pop(ASSESSMENT[0], "")
    if assessment:
        out["overview"] = "\n".join(p for p in (out.get("overview", ""), assessment) if p)
    return out


def manual_cells(template: str) -> dict[str, str]:
    """Cells entered by hand for a template, with the label a clerk reads."""
    cells = {}
    for row, spec in PROACTIVE_ROWS[template].items():
        if row in CATALOG_ROWS:
            continue
        for column, label in spec.columns.items():
            cells[f"proactive.{row}.{column}"] = f"{spec.label} · {label}"
    return cells


class DraftError(InvalidInput, ValueError):
    code = "report_draft"
    message = "年度报告草稿的内容有误。"


# The bounds of a hand-entered figure. A count of decisions or items beyond a billion, or a sum
# of money beyond 1e12 万元 (a hundred times the national budget), is a typing slip or an
# export's overflow, never a figure of one office's year.
MAX_COUNT = 10**9
MAX_WAN_YUAN = 10**12
# Only the 2019 format's 本年增/减 may fall.
SIGNED_COLUMNS = ("change",)


def check_figure(path: str, value) -> int | float:
    """``value`` if it may stand in cell ``path``; DraftError says why not, without the label
    (the caller names the row or the cell)."""
    column = path.rsplit(".", 1)[-1]
    money = column == "amount_wan_yuan"
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise DraftError(f"“{value}”不是数字")
    if not money and value != int(value):
        raise DraftError(f"“{value}”应为整数")
    if value < 0 and column not in SIGNED_COLUMNS:
        raise DraftError(f"“{value}”不能为负数")
    bound = MAX_WAN_YUAN if money else MAX_COUNT
    if abs(value) >= bound:
        unit = "万元" if money else ""
        raise DraftError(f"“{value:g}”超出合理范围（应小于 {bound:,}{unit}），请核对")
    return value if money else int(value)


def _figure(report: Report, path: str) -> int:
    return int(report.value(path))


def placeholders(report: Report) -> dict[str, str]:
    """The figures a narrative may quote, by the name written in braces."""
    total = report.value("requests.results_total.total")
    disclosed = report.value("requests.disclosed.total") + report.value(
        "requests.partially_disclosed.total"
    )
    figures = {
        "本年新收申请": _figure(report, "requests.received_this_year.total"),
        "上年结转申请": _figure(report, "requests.carried_from_last_year.total"),
        "办结申请": _figure(report, "requests.results_total.total"),
        "予以公开": _figure(report, "requests.disclosed.total"),
        "部分公开": _figure(report, "requests.partially_disclosed.total"),
        "结转下年申请": _figure(report, "requests.carried_to_next_year.total"),
        "行政复议": _figure(report, "appeals.reconsideration.total"),
        "行政诉讼": _figure(report, "appeals.litigation_direct.total")
        + _figure(report, "appeals.litigation_after_reconsideration.total"),
        "复议诉讼纠错": sum(_figure(report, f"appeals.{g}.corrected") for g in APPEAL_GROUPS),
    }
    values = {name: str(value) for name, value in figures.items()}
    values["公开率"] = f"{disclosed / total:.1%}" if total else "—"
    return values


_BRACED = re.compile(r"\{([^{}]*)\}")


def fill(text: str, report: Report) -> str:
    known = placeholders(report)
    unknown = sorted({name for name in _BRACED.findall(text) if name not in known})
    if unknown:
        allowed = "、".join("{" + k + "}" for k in known)
        raise DraftError(
            f"正文中有无法识别的占位符：{'、'.join(unknown)}。可用的占位符：{allowed}。"
        )
    return _BRACED.sub(lambda m: known[m.group(1)], text)


def apply(
    report: Report,
    *,
    manual: dict,
    narrative: dict,
    previous: Report | None = None,
    carried_again: dict | None = None,
) -> tuple[Report, dict[str, str]]:
    """The report with hand-entered figures set and validated again (with last year's report,
    when there is one, for the cross-year rules, and the requests carried again after a
    reopening, ``reopened.carried_again``), and the filled narrative."""
    allowed = manual_cells(report.template)
    result = Report.from_dict(report.to_dict())
    for path, entry in manual.items():
        if path not in allowed:
            raise DraftError(f"“{path}”不是需要手工填写的数字。")
        value = entry.get("value")
        if value is not None:
            try:
                value = check_figure(path, value)
            except DraftError as exc:
                raise DraftError(f"“{allowed[path]}”：{exc}。") from None
        if value is not None and not entry.get("source", "").strip():
            raise DraftError(f"请注明“{allowed[path]}”的数据来源（如：行政审批系统统计）。")
        result.set(path, value)
    filled = {key: fill(text, result) for key, text in narrative.items() if text.strip()}
    prose = "\n".join(filled.values())
    # The builder's notes stay, except those about cells now filled in; the note on blank
    # figures is made again, so it names only those still blank.
    notes = [
        f
        for f in report.findings
        if f.rule.startswith("build.")
        and f.rule != "build.not_recorded"
        and not (f.cells and all(result.get(c) is not None for c in f.cells))
    ]
    blank = not_recorded_note(result)
    if blank:
        notes.append(blank)
    result.findings = [
        *notes,
        *validate(result, previous=previous, narrative=prose or None, carried_again=carried_again),
    ]
    return result, filled
