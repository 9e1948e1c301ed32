"""The annual report's tables as data: keys, official Chinese labels and printed order.

This module is the one source of truth for which rows and columns each template has; the model,
the validator, the parser and the generator all read it instead of spelling keys themselves.
The keys are those of ``annual-report.schema.json``; labels follow the 2019 and 2021 format
notices of the State Council's open-government office.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

TEMPLATES: tuple[str, ...] = ("2019", "2021", "legacy")

SECTIONS: tuple[str, ...] = ("proactive", "requests", "appeals", "legacy")

# --- Section 三: requests -------------------------------------------------------------------

APPLICANT_COLUMNS: dict[str, str] = {
    "natural_person": "自然人",
    "commercial_enterprise": "商业企业",
    "research_institution": "科研机构",
    "social_welfare_org": "社会公益组织",
    "legal_service_org": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
# The six applicant columns whose sum is the 总计 column.
APPLICANT_PARTS: tuple[str, ...] = tuple(k for k in APPLICANT_COLUMNS if k != "total")

_COMMON_REQUEST_ROWS: dict[str, str] = {
    "received_this_year": "一、本年新收政府信息公开申请数量",
    "carried_from_last_year": "二、上年结转政府信息公开申请数量",
    "disclosed": "三、本年度办理结果 （一）予以公开",
    "partially_disclosed": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "withheld_state_secret": "（三）不予公开 1.属于国家秘密",
    "withheld_prohibited_by_law": "（三）不予公开 2.其他法律行政法规禁止公开",
    "withheld_security_stability": "（三）不予公开 3.危及“三安全一稳定”",
    "withheld_third_party": "（三）不予公开 4.保护第三方合法权益",
    "withheld_internal_affairs": "（三）不予公开 5.属于三类内部事务信息",
    "withheld_process_info": "（三）不予公开 6.属于四类过程性信息",
    "withheld_enforcement_file": "（三）不予公开 7.属于行政执法案卷",
    "withheld_admin_query": "（三）不予公开 8.属于行政查询事项",
    "unavailable_not_held": "（四）无法提供 1.本机关不掌握相关政府信息",
    "unavailable_needs_creation": "（四）无法提供 2.没有现成信息需要另行制作",
    "unavailable_still_unclear": "（四）无法提供 3.补正后申请内容仍不明确",
    "not_processed_petition": "（五）不予处理 1.信访举报投诉类申请",
    "not_processed_duplicate": "（五）不予处理 2.重复申请",
    "not_processed_publication": "（五）不予处理 3.要求提供公开出版物",
    "not_processed_excessive": "（五）不予处理 4.无正当理由大量反复申请",
    "not_processed_confirmation": "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    "other": "（六）其他处理",
}
_OTHER_2021: dict[str, str] = {
    "other_no_correction": "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_unpaid_fee": "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_misc": "（六）其他处理 3.其他",
}
_TAIL_ROWS: dict[str, str] = {
    "results_total": "（七）总计",
    "carried_to_next_year": "四、结转下年度继续办理",
}

REQUEST_ROWS: dict[str, dict[str, str]] = {
    "2019": {**_COMMON_REQUEST_ROWS, **_TAIL_ROWS},
    "2021": {**_COMMON_REQUEST_ROWS, **_OTHER_2021, **_TAIL_ROWS},
    "legacy": {},
}

# The three numbered rows of （六） in the 2021 template; ``other`` is their sum there.
OTHER_PARTS: tuple[str, ...] = tuple(_OTHER_2021)

# The rows whose sum is （七）总计. In 2021 the three numbered rows of （六） are what the
# template prints, so they (not the derived ``other`` row) enter the sum.
_OUTCOME_BASE: tuple[str, ...] = tuple(
    k
    for k in _COMMON_REQUEST_ROWS
    if k not in ("received_this_year", "carried_from_last_year", "other")
)
OUTCOME_ROWS: dict[str, tuple[str, ...]] = {
    "2019": (*_OUTCOME_BASE, "other"),
    "2021": (*_OUTCOME_BASE, *OTHER_PARTS),
    "legacy": (),
}

# Outcome groups as the prose names them (予以公开, 不予公开 …), for comparing narrative figures.
OUTCOME_GROUPS: dict[str, tuple[str, ...]] = {
    "disclosed": ("disclosed",),
    "partially_disclosed": ("partially_disclosed",),
    "withheld": tuple(k for k in _COMMON_REQUEST_ROWS if k.startswith("withheld_")),
    "unavailable": tuple(k for k in _COMMON_REQUEST_ROWS if k.startswith("unavailable_")),
    "not_processed": tuple(k for k in _COMMON_REQUEST_ROWS if k.startswith("not_processed_")),
}

# Short names used in messages, in the numbering a clerk sees on the printed table.
_REQUEST_SHORT: dict[str, str] = {
    "received_this_year": "一、本年新收申请",
    "carried_from_last_year": "二、上年结转申请",
    "disclosed": "三、（一）予以公开",
    "partially_disclosed": "三、（二）部分公开",
    "other": "三、（六）其他处理",
    "results_total": "三、（七）总计",
    "carried_to_next_year": "四、结转下年度继续办理",
}


def _short_request_row(row: str) -> str:
    if row in _REQUEST_SHORT:
        return _REQUEST_SHORT[row]
    label = REQUEST_ROWS["2021"][row]
    return "三、" + label.replace(" ", "")


# --- Section 二: proactive disclosure ------------------------------------------------------


class ProactiveRow(NamedTuple):
    """One row of section 二: its label, its columns in order, and units of money columns."""

    label: str
    columns: dict[str, str]
    units: dict[str, str]


_ART20_1_2019 = {
    "new_made": "本年新制作数量",
    "new_published": "本年新公开数量",
    "total_published": "对外公开总数量",
}
_ITEMS_2019 = {"prev_items": "上一年项目数量", "change": "本年增/减", "decisions": "处理决定数量"}
_ART20_1_2021 = {"issued": "本年制发件数", "abolished": "本年废止件数", "in_force": "现行有效件数"}
_DECISIONS_2021 = {"decisions": "本年处理决定数量"}

PROACTIVE_ROWS: dict[str, dict[str, ProactiveRow]] = {
    "2019": {
        "regulations": ProactiveRow("第二十条第（一）项 规章", _ART20_1_2019, {}),
        "normative_documents": ProactiveRow("第二十条第（一）项 规范性文件", _ART20_1_2019, {}),
        "administrative_license": ProactiveRow("第二十条第（五）项 行政许可", _ITEMS_2019, {}),
        "other_services": ProactiveRow("第二十条第（五）项 其他对外管理服务事项", _ITEMS_2019, {}),
        "administrative_penalty": ProactiveRow("第二十条第（六）项 行政处罚", _ITEMS_2019, {}),
        "administrative_coercion": ProactiveRow("第二十条第（六）项 行政强制", _ITEMS_2019, {}),
        "administrative_fees": ProactiveRow(
            "第二十条第（八）项 行政事业性收费",
            {"prev_items": "上一年项目数量", "change": "本年增/减"},
            {},
        ),
        "centralized_procurement": ProactiveRow(
            "第二十条第（九）项 政府集中采购",
            {"projects": "采购项目数量", "amount_wan_yuan": "采购总金额"},
            {"amount_wan_yuan": "万元"},
        ),
    },
    "2021": {
        "regulations": ProactiveRow("第二十条第（一）项 规章", _ART20_1_2021, {}),
        "normative_documents": ProactiveRow("第二十条第（一）项 行政规范性文件", _ART20_1_2021, {}),
        "administrative_license": ProactiveRow("第二十条第（五）项 行政许可", _DECISIONS_2021, {}),
        "administrative_penalty": ProactiveRow("第二十条第（六）项 行政处罚", _DECISIONS_2021, {}),
        "administrative_coercion": ProactiveRow("第二十条第（六）项 行政强制", _DECISIONS_2021, {}),
        "administrative_fees": ProactiveRow(
            "第二十条第（八）项 行政事业性收费",
            {"amount_wan_yuan": "本年收费金额（单位：万元）"},
            {"amount_wan_yuan": "万元"},
        ),
    },
    "legacy": {},
}

# --- Section 四: reconsideration and litigation --------------------------------------------

APPEAL_GROUPS: dict[str, str] = {
    "reconsideration": "行政复议",
    "litigation_direct": "行政诉讼·未经复议直接起诉",
    "litigation_after_reconsideration": "行政诉讼·复议后起诉",
}
APPEAL_COLUMNS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}
APPEAL_PARTS: tuple[str, ...] = tuple(k for k in APPEAL_COLUMNS if k != "total")

# --- Legacy reports ------------------------------------------------------------------------

LEGACY_FIELDS: dict[str, str] = {
    "proactive_total": "主动公开政府信息总条数",
    "requests_received": "收到政府信息公开申请总数（件）",
    "reconsideration_total": "因政府信息公开申请行政复议的案件数",
    "litigation_total": "因政府信息公开提起行政诉讼的案件数",
    "fees_yuan": "收取的费用总额（元）",
}

# --- Paths -----------------------------------------------------------------------------------


def section_rows(template: str, section: str) -> dict[str, dict[str, str]]:
    """Row key → ordered columns (key → label) of one section in one template."""
    if template not in TEMPLATES:
        raise ValueError(f"unknown template {template!r}")
    if section == "proactive":
        return {row: spec.columns for row, spec in PROACTIVE_ROWS[template].items()}
    if section == "requests":
        return {row: APPLICANT_COLUMNS for row in REQUEST_ROWS[template]}
    if section == "appeals":
        return {} if template == "legacy" else {g: APPEAL_COLUMNS for g in APPEAL_GROUPS}
    if section == "legacy":
        return {}
    raise ValueError(f"unknown section {section!r}")


def cell_paths(template: str) -> Iterator[str]:
    """Every dotted cell path of a template, in printed order."""
    for section in ("proactive", "requests", "appeals"):
        for row, columns in section_rows(template, section).items():
            for column in columns:
                yield f"{section}.{row}.{column}"
    if template == "legacy":
        for key in LEGACY_FIELDS:
            yield f"legacy.{key}"


def _proactive_row(row: str) -> ProactiveRow | None:
    return PROACTIVE_ROWS["2019"].get(row) or PROACTIVE_ROWS["2021"].get(row)


def _proactive_column_label(row: str, column: str) -> str:
    for template in ("2021", "2019"):
        spec = PROACTIVE_ROWS[template].get(row)
        if spec and column in spec.columns:
            return spec.columns[column]
    return column


def label_of(path: str, *, short: bool = False) -> str:
    """A Chinese description of a cell, e.g. ``三、（七）总计 · 自然人 列``.

    ``short=True`` gives the compact form used at the head of a message: ``三、（七）总计·自然人``.
    Unknown paths come back unchanged so a message never fails for want of a label.
    """
    if path == "narrative":
        return "报告正文"
    parts = path.split(".")
    if len(parts) == 2 and parts[0] == "legacy":
        return LEGACY_FIELDS.get(parts[1], path)
    if len(parts) != 3:
        return path
    section, row, column = parts
    if section == "requests" and row in REQUEST_ROWS["2021"] and column in APPLICANT_COLUMNS:
        row_label = _short_request_row(row)
        column_label = APPLICANT_COLUMNS[column]
        if short:
            return f"{row_label}·{column_label}"
        return f"{row_label} · {column_label} 列"
    if section == "appeals" and row in APPEAL_GROUPS and column in APPEAL_COLUMNS:
        if short:
            return f"四、{APPEAL_GROUPS[row]}·{APPEAL_COLUMNS[column]}"
        return f"四、{APPEAL_GROUPS[row]} · {APPEAL_COLUMNS[column]}"
    if section == "proactive" and (spec := _proactive_row(row)) is not None:
        row_label = spec.label.split(" ")[-1]
        column_label = _proactive_column_label(row, column)
        if short:
            return f"二、{row_label}·{column_label}"
        return f"二、{spec.label} · {column_label}"
    return path
