"""往年已报数据的变动: requests an earlier year's report counted as replied, reopened since.

A year's report counts each request as it stood on 31 December (the closing then in force,
even if a reopening later superseded it), so reopening never rewrites a year already reported.
The request comes back in the year it was reopened as 二、上年结转 — where last year's report
has it in no row of 四 — and gets its new reply there. Those requests are this module's list:
shown on the draft and preview of the next report, stated as a finding, and allowed for in the
year-on-year rule (二 = last year's 四 + these), so the difference is explained, not hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from gongkai.annual_report.report import Finding
from gongkai.annual_report.tables import APPLICANT_COLUMNS, APPLICANT_PARTS
from gongkai.requests.domain.outcomes import OUTCOMES

RULE = "build.reported_changed"
_SHOWN = 10


@dataclass(frozen=True)
class EarlierClosing:
    """A closing a reopening superseded, as the requests context keeps it."""

    number: str
    outcome: str
    closed_on: date
    reopened_on: date
    reason: str = ""


@dataclass(frozen=True)
class ReportedChange:
    number: str
    applicant_type: str  # an APPLICANT_PARTS key
    reported_year: int  # the report that counted the earlier closing
    reported_outcome: str  # an outcome key
    closed_on: date
    reopened_on: date
    reason: str
    submitted: bool  # that year's report was submitted on the platform (a frozen version)

    @property
    def outcome_label(self) -> str:
        known = OUTCOMES.get(self.reported_outcome)
        return known.label if known else self.reported_outcome


def reported_changes(
    year: int,
    carried: Mapping[str, str],
    earlier: Iterable[EarlierClosing],
    *,
    submitted_years: Iterable[int] = (),
) -> list[ReportedChange]:
    """The requests of ``carried`` (number → applicant type: those counted in ``year``'s
    二、上年结转) that were closed on 31 December of the year before, by a closing of
    ``earlier`` reopened since: each was counted as replied in the report of its closing's year.
    """
    end = date(year - 1, 12, 31)
    submitted = set(submitted_years)
    found = []
    for closing in earlier:
        in_force = closing.closed_on <= end < closing.reopened_on
        if not in_force or closing.number not in carried:
            continue
        found.append(
            ReportedChange(
                number=closing.number,
                applicant_type=carried[closing.number],
                reported_year=closing.closed_on.year,
                reported_outcome=closing.outcome,
                closed_on=closing.closed_on,
                reopened_on=closing.reopened_on,
                reason=closing.reason,
                submitted=closing.closed_on.year in submitted,
            )
        )
    return sorted(found, key=lambda c: (c.reopened_on, c.number))


def carried_again(changes: Iterable[ReportedChange]) -> dict[str, int]:
    """Per applicant column and 总计: how many of 二 last year's 四 does not hold."""
    counts = dict.fromkeys(APPLICANT_COLUMNS, 0)
    for change in changes:
        counts[change.applicant_type] += 1
    counts["total"] = sum(counts[c] for c in APPLICANT_PARTS)
    return counts


def describe(change: ReportedChange) -> str:
    """One change in a line; without the reason, which is free text (the report's findings
    are read by people who may not open the request)."""
    report = f"{change.reported_year} 年度报告" + ("（已报送）" if change.submitted else "")
    return (
        f"{change.number}：{report}计为“{change.outcome_label}”"
        f"（{change.closed_on.isoformat()} 办结），{change.reopened_on.isoformat()} 重新办理"
    )


def change_finding(year: int, changes: list[ReportedChange]) -> Finding | None:
    """The list as a finding of ``year``'s report, or None when nothing changed."""
    if not changes:
        return None
    shown = "；".join(describe(c) for c in changes[:_SHOWN])
    more = f"；等共 {len(changes)} 件" if len(changes) > _SHOWN else ""
    return Finding(
        RULE,
        "warning",
        f"往年已报数据的变动：{len(changes)} 件申请在往年报告中已计为办结，{year} 年重新办理，"
        f"计入本年“二、上年结转”（往年报告不改）：{shown}{more}。请在报告正文中说明。",
        [],
    )
