"""Reading the three tables out of the row stream: 二 proactive, 三 requests, 四 appeals."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from gongkai.parsing.document import Row, Source, normalise
from gongkai.parsing.labels import LabelMatcher, clean, core
from gongkai.parsing.values import Value, parse_number, split_cell, unit_in_header

_SECTION_END = re.compile(r"^(?:[五六]、|存在的主要问题|其他需要报告)")
_APPEALS_START = re.compile(r"行政复议")
# Words of the requests table's column header, which a table broken across pages prints again.
_COLUMN_HEADER = re.compile(r"自然人|商业企业|科研机构|社会公益|法律服务|法人或其他组织|申请人情况")
_PROSE = 48  # a label cell this long is prose: the longest official row label has 39 characters


@dataclass
class Line:
    """One row of the document seen as a table row: its label cells and its values."""

    labels: list[str] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    source: Source | None = None

    @property
    def label(self) -> str:
        return "".join(self.labels)

    @property
    def prose(self) -> bool:
        return not self.values and any(len(x) >= _PROSE or "。" in x for x in self.labels)


def tokenise(row: Row, *, split_glued: bool) -> Line:
    line = Line(source=row.source)
    pending: list[Value] = []  # blanks not yet known to be cells rather than a header's corner
    for i, cell in enumerate(row.cells):
        if cell is None:
            continue
        where = (row.sources[i] if row.sources and i < len(row.sources) else None) or row.source
        value = parse_number(cell)
        if value is not None:
            value = replace(value, source=where)
            if value.blank and not line.values:
                pending.append(value)
            else:
                line.values.extend(pending)
                pending = []
                line.values.append(value)
            continue
        label, glued = split_cell(cell) if split_glued else (cell, [])
        glued = [replace(v, source=where) for v in glued]
        if line.values:
            # Values fused into one cell ("2 0") continue the row; words are debris after the
            # values, such as OCR noise: no information.
            if not label:
                line.values.extend(glued)
            continue
        pending = []
        if label:
            line.labels.append(label)
        line.values.extend(glued)
    line.values.extend(pending)
    return line


def fit(values: list[Value], width: int) -> list[Value]:
    """A row's first ``width`` values — unless it has more and the extra ones in front are
    blanks: those are empty cells on the label side (a merged label cell drawn as two, the
    second empty), and keeping them would push every value one column right, 总计's value
    under 商业企业 and the last one lost."""
    extra = len(values) - width
    if extra > 0 and all(v.blank for v in values[:extra]):
        return values[extra:]
    return list(values[:width])


def find_requests_start(lines: list[Line], matcher: LabelMatcher) -> int | None:
    for i, line in enumerate(lines):
        if line.labels and not line.prose and matcher.match(line.labels) == matcher.keys[0]:
            return i
    return None


def collect(
    lines: list[Line], matcher: LabelMatcher, start: int, width: int
) -> tuple[dict[str, list[Value]], int]:
    """Values per row key, walking forward from ``start``; and the index where the table ended."""
    out: dict[str, list[Value]] = {}
    current: str | None = None
    position = 0
    last = start
    for i in range(start, len(lines)):
        line = lines[i]
        label = line.label
        if label and _SECTION_END.match(label) and current == matcher.keys[-1]:
            break
        if line.prose:
            if current == matcher.keys[-1] and out.get(current):
                break
            continue
        if not line.values and _COLUMN_HEADER.search(label):
            continue
        key = matcher.match(line.labels, position) if line.labels else None
        if key is not None and key != current:
            current = key
            position = matcher.keys.index(key)
            out[key] = fit(line.values, width)
            last = i
            continue
        if key is None and line.labels and current == matcher.keys[-1]:
            break  # a heading after the last row: the table is over
        if current is None or not line.values:
            continue
        have = out[current]
        if key is None and _complements(have, line.values, width):
            # A row whose cells sit a little higher or lower than its others (a scan, a label
            # over two lines) came out as two lines with blanks where the other has values.
            out[current] = [
                a if not a.blank else b for a, b in zip(have, line.values, strict=False)
            ]
            last = i
            continue
        if (key == current or not have or not line.labels) and len(have) < width:
            have.extend(line.values[: width - len(have)])
            last = i
        elif current == matcher.keys[-1]:
            break
        # Otherwise the row is debris under a row that already has its values.
    return out, last


def _complements(have: list[Value], more: list[Value], width: int) -> bool:
    if len(have) != width or len(more) != width:
        return False
    return all(a.blank or b.blank for a, b in zip(have, more, strict=True)) and any(
        a.blank and not b.blank for a, b in zip(have, more, strict=True)
    )


def requests_table(
    lines: list[Line], labels: dict[str, str], width: int
) -> tuple[dict[str, list[Value]], int | None, int | None]:
    matcher = LabelMatcher(labels)
    start = find_requests_start(lines, matcher)
    if start is None:
        return {}, None, None
    values, end = collect(lines, matcher, start, width)
    return values, start, end


def requests_by_order(
    lines: list[Line], keys: list[str], start: int, width: int
) -> dict[str, list[Value]] | None:
    """The table's value rows taken in the template's row order, whatever their labels say.

    A converter that wraps labels into fragments of two characters ("7.属", "于行") leaves
    nothing to match, but it keeps one line per table row; when the value lines between the
    first row and section 四 are exactly as many as the template's rows, that order is theirs.
    """
    groups: list[list[Value]] = []
    for line in lines[start:]:
        if _APPEALS_START.search(line.label) or (line.label and _SECTION_END.match(line.label)):
            break
        if any(not v.blank for v in line.values):
            groups.append(fit(line.values, width))
    if len(groups) != len(keys):
        return None
    return dict(zip(keys, groups, strict=True))


def appeals_values(lines: list[Line], start: int, width: int) -> list[Value]:
    """The fifteen values of section 四, printed as one row under a three-row header."""
    begin = None
    for i in range(start, min(len(lines), start + 80)):
        if _APPEALS_START.search(lines[i].label):
            begin = i
            break
    if begin is None:
        return []
    values: list[Value] = []
    by_group: dict[int, list[Value]] = {}
    for line in lines[begin:]:
        label = line.label
        if label and _SECTION_END.match(label) and values:
            break
        if line.prose:
            continue
        group = _appeal_group(label) if line.values else None
        if group is not None and group not in by_group and len(line.values) == width // 3:
            by_group[group] = line.values
        values.extend(line.values)
        if len(values) >= width:
            break
    if len(by_group) == 3:
        # Printed one row per group, in whatever order the body chose.
        return [v for g in range(3) for v in by_group[g]]
    return values[:width]


def _appeal_group(label: str) -> int | None:
    """Which group of section 四 a row label names, when the table is printed one row per group."""
    flat = normalise(label)  # not clean(): it drops the bracketed 复议后起诉 as a remark
    if "复议后" in flat:
        return 2
    if "直接起诉" in flat or "未经复议" in flat:
        return 1
    if "行政复议" in flat and "诉讼" not in flat:
        return 0
    return None


@dataclass
class ProactiveCell:
    values: list[Value]
    header_unit: str | None


def proactive_table(
    lines: list[Line], rows: dict[str, str], stop: int | None
) -> dict[str, ProactiveCell]:
    """Section 二 rows by their short labels; each key is taken once, in any order."""
    cores = {k: core(label) for k, label in rows.items()}
    # 行政规范性文件 is often printed 规范性文件: match the shorter form too.
    variants = {k: {c, c.removeprefix("行政")} for k, c in cores.items()}
    start = None
    end = stop if stop is not None else len(lines)
    for i in range(end):
        if "第二十条" in lines[i].label:
            start = i
            break
    if start is None:
        # A converter that dropped the 第二十条 headings still keeps section 二's own.
        start = next((i for i in range(end) if "主动公开政府信息情况" in lines[i].label), None)
    if start is None:
        return {}
    out: dict[str, ProactiveCell] = {}
    header = ""
    current: str | None = None
    for line in lines[start:end]:
        label = clean(line.label)
        if "第二十条" in line.label:
            header, current = "", None
            continue
        key = None
        if label and len(label) <= 20:
            best = 0
            for k, forms in variants.items():
                for form in forms:
                    # Whole, or cut short by a narrow column (其他对外管理服务 / 事项).
                    size = len(form) if form in label else 0
                    if not size and len(label) >= 4 and form.startswith(label):
                        size = len(label)
                    if len(form) >= 2 and size > best and k not in out:
                        key, best = k, size
        if key is not None:
            current = key
            out[key] = ProactiveCell(list(line.values), unit_in_header(header + line.label))
            continue
        if line.labels and not line.values:
            header += line.label
            if current is not None and out[current].values:
                current = None
            continue
        if current is not None and line.values:
            out[current].values.extend(line.values)
    return out


# Rows of the statistics table appended to reports under the 2008 Regulations, by the words of
# their label; the first row that matches a field gives it.
_LEGACY_ROWS = (
    ("proactive_total", re.compile(r"主动公开(?:政府)?信息(?:总)?(?:数|条数)")),
    ("requests_received", re.compile(r"收到(?:政府信息公开)?申请(?:总)?数")),
    ("reconsideration_total", re.compile(r"行政复议(?:案件)?(?:数|数量)")),
    ("litigation_total", re.compile(r"行政诉讼(?:案件)?(?:数|数量)")),
    ("fees_yuan", re.compile(r"(?:收取|收费)(?:的)?(?:费用|金额)|费用总额")),
)
_UNITS = {"条", "件", "个", "项", "元", "万元"}


def legacy_table(lines: list[Line]) -> dict[str, float]:
    """Key figures from an appended 统计表 (label | unit | value); fees in 元."""
    out: dict[str, float] = {}
    for line in lines:
        if not line.labels or not line.values or line.prose or line.values[0].blank:
            continue
        labels = list(line.labels)
        unit = labels.pop() if len(labels) > 1 and labels[-1] in _UNITS else None
        label = normalise("".join(labels))
        if label.startswith("其中"):
            continue  # a part of the row above, not the total
        for key, pattern in _LEGACY_ROWS:
            if key in out or not pattern.search(label):
                continue
            value = line.values[0]
            number = value.number or 0.0
            if key == "fees_yuan":
                unit = value.unit or unit or unit_in_header(label) or "元"
                number *= {"万元": 10000.0, "亿元": 100000000.0}.get(unit, 1.0)
            out[key] = number
            break
    return out
