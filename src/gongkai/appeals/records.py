"""Appeal cases as the domain's records, for counting (the list page and the annual report)."""

from __future__ import annotations

from .domain.cases import AppealRecord


def appeal_records(cases) -> list[AppealRecord]:
    rows = cases.values_list("number", "kind", "filed_on", "result", "closed_on")
    return [
        AppealRecord(id=number, kind=kind, filed=filed, result=result, closed=closed)
        for number, kind, filed, result, closed in rows
    ]
