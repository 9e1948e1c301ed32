"""The consistency rules of annual-report.md, as findings a clerk can act on.

The request table is a grid held together by linear relations: every row sums across its
applicant columns (``requests.column_sum``) and every column obeys （七）= sum of outcomes
(``requests.results_sum``), （六）= its three rows (``requests.other_sum``, 2021) and
一 + 二 = （七）+ 四 (``requests.balance``). One wrong cell therefore breaks one row relation and
one or two column relations at once. Rather than report each broken relation, the validator first
looks for single cells that explain several broken relations with one and the same correction,
and names that cell alone; only what no single cell explains is reported relation by relation.
A balance failure that disappears once a cell already reported is corrected is not repeated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gongkai.annual_report.narrative import LEGACY_KEYS, key_figures
from gongkai.annual_report.regulation_makers import RULE as REGULATIONS_RULE
from gongkai.annual_report.regulation_makers import regulation_findings
from gongkai.annual_report.report import Finding, Number, Report
from gongkai.annual_report.tables import (
    APPEAL_GROUPS,
    APPEAL_PARTS,
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    OTHER_PARTS,
    OUTCOME_GROUPS,
    OUTCOME_ROWS,
    PROACTIVE_ROWS,
    REQUEST_ROWS,
    cell_paths,
    label_of,
)

EPSILON = 1e-9

RULES: dict[str, str] = {
    "requests.balance": "error",
    "requests.results_sum": "error",
    "requests.other_sum": "error",
    "requests.column_sum": "error",
    "appeals.group_sum": "error",
    "proactive.in_force_chain": "warning",
    "proactive.items_chain": "warning",
    "requests.carry_chain": "warning",
    "narrative.mismatch": "warning",
    REGULATIONS_RULE: "warning",
}

_BALANCE_ROWS = ("received_this_year", "carried_from_last_year", "results_total")
_BALANCE_ROWS_ALL = (*_BALANCE_ROWS, "carried_to_next_year")


def fmt(value: Number | None) -> str:
    """A value as a clerk reads it; a blank cell says so, since blank is where errors hide."""
    if value is None:
        return "0（空白）"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def _clean(value: float) -> Number:
    rounded = round(value, 9)
    return int(rounded) if float(rounded).is_integer() else rounded


@dataclass(frozen=True)
class _Relation:
    """Σ coefficient × cell = 0. ``aggregate`` is the cell the others add up to, if there is one."""

    rule: str
    terms: tuple[tuple[str, int], ...]
    aggregate: str | None

    def residual(self, report: Report, override: dict[str, Number] | None = None) -> float:
        override = override or {}
        return sum(
            coef * (override[path] if path in override else report.value(path))
            for path, coef in self.terms
        )


def _sum_relation(rule: str, aggregate: str, parts: Iterable[str]) -> _Relation:
    return _Relation(rule, ((aggregate, 1), *((p, -1) for p in parts)), aggregate)


def _other_printed(report: Report) -> bool:
    # The 2021 template prints no figures on the （六） header row; ``other`` is then derived.
    # A report that leaves it wholly blank has not stated it, so there is nothing to check.
    row = (report.requests or {}).get("other") or {}
    return any(v is not None for v in row.values())


def _relations(report: Report) -> list[_Relation]:
    template = report.template
    relations: list[_Relation] = []
    if report.requests is not None and template != "legacy":
        for row in REQUEST_ROWS[template]:
            relations.append(
                _sum_relation(
                    "requests.column_sum",
                    f"requests.{row}.total",
                    (f"requests.{row}.{c}" for c in APPLICANT_PARTS),
                )
            )
        for col in APPLICANT_COLUMNS:
            relations.append(
                _sum_relation(
                    "requests.results_sum",
                    f"requests.results_total.{col}",
                    (f"requests.{r}.{col}" for r in OUTCOME_ROWS[template]),
                )
            )
            if template == "2021" and _other_printed(report):
                relations.append(
                    _sum_relation(
                        "requests.other_sum",
                        f"requests.other.{col}",
                        (f"requests.{r}.{col}" for r in OTHER_PARTS),
                    )
                )
            relations.append(
                _Relation(
                    "requests.balance",
                    (
                        (f"requests.received_this_year.{col}", 1),
                        (f"requests.carried_from_last_year.{col}", 1),
                        (f"requests.results_total.{col}", -1),
                        (f"requests.carried_to_next_year.{col}", -1),
                    ),
                    None,
                )
            )
    if report.appeals is not None and template != "legacy":
        for group in APPEAL_GROUPS:
            relations.append(
                _sum_relation(
                    "appeals.group_sum",
                    f"appeals.{group}.total",
                    (f"appeals.{group}.{c}" for c in APPEAL_PARTS),
                )
            )
    return relations


# --- messages for one broken relation ------------------------------------------------------


def _column_of(path: str) -> str:
    return path.rsplit(".", 1)[1]


def _relation_finding(report: Report, rel: _Relation, residual: float) -> Finding:
    severity = RULES[rel.rule]
    if rel.aggregate is not None:
        found = report.get(rel.aggregate)
        expected = _clean(report.value(rel.aggregate) - residual)
        what = {
            "requests.column_sum": "本行各申请人类别之和",
            "requests.results_sum": "本列各办理结果（一）至（六）之和",
            "requests.other_sum": "其下三项之和",
            "appeals.group_sum": "结果维持、结果纠正、其他结果、尚未审结之和",
        }[rel.rule]
        where = {
            "requests.column_sum": "该行",
            "requests.results_sum": "该列",
            "requests.other_sum": "该列",
            "appeals.group_sum": "该组",
        }[rel.rule]
        message = (
            f"{label_of(rel.aggregate, short=True)}：应为{what} {fmt(expected)}，"
            f"表中为 {fmt(found)}。请核对{where}。"
        )
        return Finding(rel.rule, severity, message, [rel.aggregate])
    received, carried, results, carried_to = (p for p, _ in rel.terms)
    a, b = report.value(received), report.value(carried)
    c, d = report.value(results), report.value(carried_to)
    column = APPLICANT_COLUMNS[_column_of(received)]
    message = (
        f"三、收到和处理申请情况·{column}列：一、本年新收 {fmt(report.get(received))} 加"
        f" 二、上年结转 {fmt(report.get(carried))} 为 {fmt(_clean(a + b))}，"
        f"但（七）总计 {fmt(report.get(results))} 加 四、结转下年度 {fmt(report.get(carried_to))}"
        f" 为 {fmt(_clean(c + d))}；按“第一项加第二项之和，等于第三项加第四项之和”两者应相等。"
        "请核对这四格。"
    )
    return Finding(rel.rule, severity, message, [received, carried, results, carried_to])


_REASONS = {
    "requests.column_sum": "本行“总计 = 各申请人类别之和”",
    "requests.results_sum": "本列“（七）总计 = 各办理结果之和”",
    "requests.other_sum": "本列“（六）其他处理 = 其下三项之和”",
    "requests.balance": "本列“第一项加第二项之和，等于第三项加第四项之和”",
}
# When one cell explains several relations, the finding carries the rule in which that cell is
# the total; failing that, the relation a clerk checks first.
_AGGREGATE_PRIORITY = ("requests.results_sum", "requests.other_sum", "requests.column_sum")
_PART_PRIORITY = (
    "requests.balance",
    "requests.other_sum",
    "requests.results_sum",
    "requests.column_sum",
)


def _cell_finding(report: Report, path: str, delta: float, relations: list[_Relation]) -> Finding:
    rules = {r.rule for r in relations}
    as_total = {r.rule for r in relations if r.aggregate == path}
    if as_total:
        rule = next(r for r in _AGGREGATE_PRIORITY if r in as_total)
    else:
        rule = next(r for r in _PART_PRIORITY if r in rules)
    reasons = "、".join(dict.fromkeys(_REASONS[r.rule] for r in relations))
    expected = _clean(report.value(path) + delta)
    message = (
        f"{label_of(path, short=True)}：应为 {fmt(expected)}，表中为 {fmt(report.get(path))}"
        f"（{reasons}都要求如此）。请核对该格。"
    )
    return Finding(rule, RULES[rule], message, [path])


def _table_findings(report: Report) -> list[Finding]:
    relations = _relations(report)
    broken = {rel: res for rel in relations if abs(res := rel.residual(report)) > EPSILON}
    if not broken:
        return []

    by_cell: dict[str, list[tuple[_Relation, int]]] = defaultdict(list)
    for rel in relations:
        for path, coef in rel.terms:
            by_cell[path].append((rel, coef))

    # Cells every one of whose relations is broken, all by the amount one correction would mend.
    candidates: list[tuple[str, float, list[_Relation]]] = []
    for path, memberships in by_cell.items():
        if len(memberships) < 2 or any(rel not in broken for rel, _ in memberships):
            continue
        deltas = [-broken[rel] / coef for rel, coef in memberships]
        if max(deltas) - min(deltas) <= EPSILON:
            candidates.append((path, deltas[0], [rel for rel, _ in memberships]))
    candidates.sort(key=lambda c: -len(c[2]))

    findings: list[Finding] = []
    explained: set[_Relation] = set()
    for path, delta, rels in candidates:
        if explained.intersection(rels):
            continue
        explained.update(rels)
        findings.append(_cell_finding(report, path, delta, rels))

    remaining = [rel for rel in relations if rel in broken and rel not in explained]
    corrections: dict[str, Number] = {}
    by_aggregate: dict[str, Finding] = {}
    for rel in remaining:
        if rel.aggregate is None:
            continue
        finding = _relation_finding(report, rel, broken[rel])
        findings.append(finding)
        corrections[rel.aggregate] = _clean(report.value(rel.aggregate) - broken[rel])
        by_aggregate[rel.aggregate] = finding
    for rel in remaining:
        if rel.aggregate is not None:
            continue
        fixer = _balance_explained_by(report, rel, corrections)
        if fixer is None:
            findings.append(_relation_finding(report, rel, broken[rel]))
        else:
            by_aggregate[fixer].message += "改正后本列“一+二=（七）+四”也随之成立。"
    return findings


def _balance_explained_by(
    report: Report, rel: _Relation, corrections: dict[str, Number]
) -> str | None:
    """The already reported cell whose correction alone makes this balance hold, if any."""
    for path, _ in rel.terms:
        if path in corrections and abs(rel.residual(report, {path: corrections[path]})) <= EPSILON:
            return path
    return None


# --- year on year -------------------------------------------------------------------------


def _chain_findings(
    report: Report, previous: Report, carried_again: Mapping[str, Number]
) -> list[Finding]:
    if previous.year != report.year - 1:
        return []
    findings: list[Finding] = []
    if report.requests is not None and previous.requests is not None:
        wrong = []
        for col in APPLICANT_COLUMNS:
            path = f"requests.carried_from_last_year.{col}"
            expected = previous.value(f"requests.carried_to_next_year.{col}")
            expected += carried_again.get(col, 0)
            if abs(report.value(path) - expected) > EPSILON:
                wrong.append((path, expected))
        if wrong:
            details = "；".join(
                f"{APPLICANT_COLUMNS[_column_of(p)]} 应为 {fmt(e)}，表中为 {fmt(report.get(p))}"
                for p, e in wrong
            )
            again = carried_again.get("total", 0)
            plus = f"，加上往年已报办结、本年重新办理的 {fmt(again)} 件" if again else ""
            findings.append(
                Finding(
                    "requests.carry_chain",
                    RULES["requests.carry_chain"],
                    f"二、上年结转申请：应等于 {previous.year} 年报告的“四、结转下年度继续办理”"
                    f"{plus}——{details}。请核对本表或上年报告。",
                    [p for p, _ in wrong],
                )
            )
    both_have = report.proactive is not None and previous.proactive is not None
    if both_have and report.template == previous.template == "2021":
        for row in ("regulations", "normative_documents"):
            if row not in report.proactive or row not in previous.proactive:
                continue
            before = previous.value(f"proactive.{row}.in_force")
            issued = report.value(f"proactive.{row}.issued")
            abolished = report.value(f"proactive.{row}.abolished")
            path = f"proactive.{row}.in_force"
            expected = _clean(before + issued - abolished)
            if abs(report.value(path) - expected) > EPSILON:
                findings.append(
                    Finding(
                        "proactive.in_force_chain",
                        RULES["proactive.in_force_chain"],
                        f"{label_of(path, short=True)}：应为上年现行有效 {fmt(before)} 加本年制发"
                        f" {fmt(issued)} 减本年废止 {fmt(abolished)}，即 {fmt(expected)}，"
                        f"表中为 {fmt(report.get(path))}。请核对本表或 {previous.year} 年报告。",
                        [path],
                    )
                )
    if both_have and report.template == previous.template == "2019":
        for row, spec in PROACTIVE_ROWS["2019"].items():
            if "prev_items" not in spec.columns:
                continue
            if row not in report.proactive or row not in previous.proactive:
                continue
            path = f"proactive.{row}.prev_items"
            before = previous.value(path)
            change = previous.value(f"proactive.{row}.change")
            expected = _clean(before + change)
            if abs(report.value(path) - expected) > EPSILON:
                findings.append(
                    Finding(
                        "proactive.items_chain",
                        RULES["proactive.items_chain"],
                        f"{label_of(path, short=True)}：应为 {previous.year} 年报告的上一年项目数量"
                        f" {fmt(before)} 加其本年增/减 {fmt(change)}，即 {fmt(expected)}，"
                        f"表中为 {fmt(report.get(path))}。请核对本表或上年报告。",
                        [path],
                    )
                )
    return findings


# --- prose against tables -----------------------------------------------------------------


def _row_sum(report: Report, row: str) -> Number:
    return sum(report.value(f"requests.{row}.{c}") for c in APPLICANT_PARTS)


def _readings(report: Report, rows: Iterable[str]) -> set[Number]:
    """What a group of request rows adds up to, by the printed totals and by the columns: the
    prose is taken to agree when it matches either (a wrong printed total is reported already)."""
    rows = tuple(rows)
    printed = sum(report.value(f"requests.{r}.total") for r in rows)
    by_columns = sum(_row_sum(report, r) for r in rows)
    return {_clean(printed), _clean(by_columns)}


def _appeal_readings(report: Report, groups: Iterable[str]) -> set[Number]:
    groups = tuple(groups)
    printed = sum(report.value(f"appeals.{g}.total") for g in groups)
    by_parts = sum(report.value(f"appeals.{g}.{c}") for g in groups for c in APPEAL_PARTS)
    return {_clean(printed), _clean(by_parts)}


def _table_targets(report: Report) -> dict[str, tuple[str, set[Number], list[str]]]:
    """Narrative key → (what the table calls it, values that agree, cells to name)."""
    targets: dict[str, tuple[str, set[Number], list[str]]] = {}
    if report.requests is not None:
        received = _readings(report, ["received_this_year"])
        with_carried = _readings(report, ["received_this_year", "carried_from_last_year"])
        targets["requests_received"] = (
            "一、本年新收申请·总计",
            received | with_carried,  # prose often counts the carried-over requests in
            ["requests.received_this_year.total"],
        )
        targets["carried_over"] = (
            "二、上年结转申请·总计",
            _readings(report, ["carried_from_last_year"]),
            ["requests.carried_from_last_year.total"],
        )
        names = {
            "disclosed": "三、（一）予以公开",
            "partially_disclosed": "三、（二）部分公开",
            "withheld": "三、（三）不予公开各项",
            "unavailable": "三、（四）无法提供各项",
            "not_processed": "三、（五）不予处理各项",
        }
        for key, rows in OUTCOME_GROUPS.items():
            cells = [f"requests.{r}.total" for r in rows]
            targets[key] = (f"{names[key]}·总计", _readings(report, rows), cells)
        other_rows = OTHER_PARTS if report.template == "2021" else ("other",)
        other_values = _readings(report, other_rows)
        if report.template == "2021" and _other_printed(report):
            other_values |= _readings(report, ["other"])
        targets["other_processed"] = (
            "三、（六）其他处理·总计",
            other_values,
            ["requests.other.total"],
        )
    if report.appeals is not None:
        targets["reconsideration_total"] = (
            "四、行政复议·总计",
            _appeal_readings(report, ["reconsideration"]),
            ["appeals.reconsideration.total"],
        )
        litigation = ("litigation_direct", "litigation_after_reconsideration")
        targets["litigation_total"] = (
            "四、行政诉讼（未经复议直接起诉与复议后起诉）·总计之和",
            _appeal_readings(report, litigation),
            [f"appeals.{g}.total" for g in litigation],
        )
    return targets


def _narrative_findings(report: Report, narrative: str) -> list[Finding]:
    figures = key_figures(narrative)
    if report.template == "legacy":
        legacy = report.legacy or {}
        targets = {
            key: (label_of(f"legacy.{key}"), {legacy[key]}, [f"legacy.{key}"])
            for key in LEGACY_KEYS
            if legacy.get(key) is not None
        }
    else:
        targets = _table_targets(report)
    findings = []
    for key, figure in figures.items():
        if key not in targets:
            continue
        name, agreeing, cells = targets[key]
        if any(abs(figure.value - v) <= EPSILON for v in agreeing):
            continue
        shown = min(agreeing, key=lambda v: abs(v - figure.value))
        findings.append(
            Finding(
                "narrative.mismatch",
                RULES["narrative.mismatch"],
                f"报告正文称“{figure.phrase}”，但表中{name}为 {fmt(shown)}。请核对正文或表格。",
                [*cells, "narrative"],
            )
        )
    return findings


# --- entry point --------------------------------------------------------------------------


def validate(
    report: Report,
    *,
    previous: Report | None = None,
    narrative: str | None = None,
    level: str | None = None,
    kind: str | None = None,
    carried_again: Mapping[str, Number] | None = None,
) -> list[Finding]:
    """Every consistency finding on ``report``: errors and warnings, in printed-table order.

    ``previous`` is the same body's report on the year before (year-on-year rules run only when
    its year is exactly one less); ``narrative`` is the report's prose, for ``narrative.mismatch``;
    ``level`` and ``kind`` (the organisations context's words) say who reports, for
    ``proactive.regulations_level`` — without them the agency's name decides where it can.
    ``carried_again`` (per applicant column) counts requests an earlier report had as replied
    that were reopened this year: they are in this year's 二 but in no row of last year's 四.
    Blank cells count as 0 throughout.
    """
    findings = _table_findings(report)
    findings.extend(regulation_findings(report, level=level, kind=kind))
    if previous is not None:
        findings.extend(_chain_findings(report, previous, carried_again or {}))
    if narrative:
        findings.extend(_narrative_findings(report, narrative))
    order = {path: i for i, path in enumerate(cell_paths(report.template))}
    rank = {"error": 0, "warning": 1, "info": 2}
    return sorted(
        findings,
        key=lambda f: (
            rank[f.severity],
            min((order.get(c, len(order)) for c in f.cells), default=0),
        ),
    )
