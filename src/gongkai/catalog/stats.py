"""The annual report's counts of rules and normative documents, read from the catalog.
The counting rules are in ``domain.stats``; this is only the query."""

from __future__ import annotations

from .domain import stats
from .domain.kinds import WITH_VALIDITY
from .models import Record


def _rule_rows(agency):
    return Record.objects.filter(
        agency=agency,
        doc_type__in=[t.value for t in WITH_VALIDITY],
        # In the catalog now; a withdrawn record was taken back as not properly issued.
        is_public=True,
    )


FIELDS = ("doc_type", "formed_on", "validity", "effective_from", "ended_on")


def regulation_counts(agency, year: int) -> dict[str, dict[str, int]]:
    rows = _rule_rows(agency).values_list(*FIELDS)
    return stats.regulation_counts((stats.RuleDoc(*row) for row in rows), year)


def records_behind(agency, year: int) -> dict[str, list[int]]:
    """For each cell of section 二's rules rows, the catalog records it counts."""
    behind: dict[str, list[int]] = {}
    for pk, *row in _rule_rows(agency).values_list("pk", *FIELDS):
        for cell in stats.cells_of(stats.RuleDoc(*row), year):
            behind.setdefault(cell, []).append(pk)
    return behind
