"""The annual report's counts of rules and normative documents, read from the catalog.
The counting rules are in ``domain.stats``; this is only the query."""

from __future__ import annotations

from .domain import stats
from .domain.kinds import WITH_VALIDITY
from .models import Record


def regulation_counts(agency, year: int) -> dict[str, dict[str, int]]:
    rows = Record.objects.filter(
        agency=agency,
        doc_type__in=[t.value for t in WITH_VALIDITY],
        # In the catalog now; a withdrawn record was taken back as not properly issued.
        is_public=True,
    ).values_list("doc_type", "formed_on", "validity", "effective_from", "ended_on")
    return stats.regulation_counts((stats.RuleDoc(*row) for row in rows), year)
