"""Document types and validity (有效性) of rules and normative documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from gongkai.errors import InvalidInput


class DocType(StrEnum):
    REGULATION = "regulation"
    NORMATIVE = "normative"
    DOCUMENT = "document"
    INTERPRETATION = "interpretation"
    PLAN = "plan"
    NOTICE = "notice"
    NEWS = "news"
    BUDGET = "budget"
    ANNUAL_REPORT = "annual_report"
    OTHER = "other"

    @property
    def label(self) -> str:
        return DOC_TYPE_LABELS[self]


DOC_TYPE_LABELS = {
    DocType.REGULATION: "规章",
    DocType.NORMATIVE: "行政规范性文件",
    DocType.DOCUMENT: "其他文件",
    DocType.INTERPRETATION: "政策解读",
    DocType.PLAN: "规划计划",
    DocType.NOTICE: "通知公告",
    DocType.NEWS: "工作动态",
    DocType.BUDGET: "预算决算",
    DocType.ANNUAL_REPORT: "政府信息公开工作年度报告",
    DocType.OTHER: "其他",
}
# Only these carry a validity (有效/失效/废止); the annual report counts them.
WITH_VALIDITY = frozenset({DocType.REGULATION, DocType.NORMATIVE})


class Validity(StrEnum):
    EFFECTIVE = "effective"
    EXPIRED = "expired"
    REPEALED = "repealed"

    @property
    def label(self) -> str:
        return VALIDITY_LABELS[self]


VALIDITY_LABELS = {
    Validity.EFFECTIVE: "有效",
    Validity.EXPIRED: "失效",
    Validity.REPEALED: "废止",
}


class ValidityError(InvalidInput, ValueError):
    code = "catalog_validity"
    message = "有效性标注有误。"


@dataclass(frozen=True)
class ValidityInfo:
    validity: str  # "" for types without validity
    effective_from: date | None = None
    ended_on: date | None = None  # the day it expired or was repealed
    basis: str = ""  # the document that replaced or repealed it


def check_validity(doc_type: str, info: ValidityInfo, *, today: date) -> None:
    """Raise ValidityError saying what to fix."""
    if DocType(doc_type) not in WITH_VALIDITY:
        if info.validity:
            raise ValidityError("只有规章和行政规范性文件需要标注有效性。")
        return
    if info.validity not in {v.value for v in Validity}:
        raise ValidityError("规章和行政规范性文件须标注有效性（有效、失效或废止）。")
    if info.validity == Validity.EFFECTIVE:
        if info.ended_on is not None:
            raise ValidityError("有效的文件不应填写失效或废止日期。")
        return
    if info.ended_on is None:
        raise ValidityError(f"请填写{Validity(info.validity).label}日期。")
    if info.ended_on > today:
        raise ValidityError(f"{Validity(info.validity).label}日期 {info.ended_on} 晚于今天。")
    if info.effective_from and info.ended_on < info.effective_from:
        raise ValidityError("失效或废止日期早于施行日期，请检查。")
    if info.validity == Validity.REPEALED and not info.basis.strip():
        raise ValidityError("废止的文件请写明废止它的文件（名称和文号）。")


def in_force_on(info: ValidityInfo, formed_on: date | None, day: date) -> bool:
    """Was the document in force on ``day``? Issued by then, not yet ended."""
    start = info.effective_from or formed_on
    if start is None or start > day:
        return False
    return not (info.ended_on is not None and info.ended_on <= day)
