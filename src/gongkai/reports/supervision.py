"""The supervising office's table: every unit of its subtree and its report for a year."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from gongkai.annual_report.report import Report
from gongkai.office.panels import unit_statistics
from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.web import params

from .domain.deadlines import submission_deadline
from .domain.figures import key_figures, outliers, year_over_year
from .models import SUBMISSIONS, PublishedReport

FIGURE_LABELS = {
    "received": "本年新收申请",
    "disclosure_rate": "公开率",
    "correction_rate": "复议诉讼纠错率",
}


def report_year(request) -> int:
    """The year a report page is about: ?year=, else last year (whose reports are due now)."""
    return params.year(request.GET, default=timezone.localdate().year - 1)


def latest_by_unit(reports) -> dict:
    """The newest report per unit (agency id, or the name for units not on the platform)."""
    found = {}
    for r in reports.order_by("submitted_at"):
        found[r.agency_id or r.unit_name] = r
    return found


def overview_rows(user, agency, year: int):
    units = list(policy.agencies_where(user, Action.REPORT_VIEW).subtree_of(agency))
    unit_ids = {u.pk for u in units}
    scope = PublishedReport.objects.filter(Q(agency__in=unit_ids) | Q(within__in=unit_ids))
    this_year = latest_by_unit(scope.filter(year=year))
    last_year = latest_by_unit(scope.filter(year=year - 1))
    # Timeliness is not in the report's tables; for units working on the platform it comes
    # from their request records (the contexts' per-unit statistics).

    timeliness = unit_statistics(units, year=year, today=timezone.localdate())
    rows = []
    for unit in units:
        row = _row(unit.name, unit.depth, this_year.get(unit.pk), last_year.get(unit.pk), unit)
        row["on_time_share"] = timeliness.get(unit.pk, {}).get("on_time_share")
        rows.append(row)
    # Units not on the platform, known only from the reports uploaded for them.
    for key, kept in this_year.items():
        if isinstance(key, str):
            rows.append(
                _row(kept.unit_name, None, kept, last_year.get(key), None) | {"on_time_share": None}
            )
    for figure in FIGURE_LABELS:
        flagged = outliers({i: r["figures"].get(figure) for i, r in enumerate(rows)})
        for i in flagged:
            rows[i]["outliers"].append(FIGURE_LABELS[figure])
    return rows, _chart(rows)


def _row(name, depth, kept, previous, unit):
    figures = key_figures(Report.from_dict(kept.data)) if kept else {}
    before = key_figures(Report.from_dict(previous.data)) if previous else {}
    on_time = deadline = None
    # Only a submission (here, or from the unit's own installation) has a known date; an upload's date is when the
    # supervising office fetched a report that was published at some earlier time.
    if unit is not None and kept is not None and kept.source in SUBMISSIONS:
        deadline = submission_deadline(kept.year, level=unit.level, kind=unit.kind)
        on_time = timezone.localtime(kept.submitted_at).date() <= deadline
    return {
        "name": name,
        "depth": depth,
        "unit": unit,
        "report": kept,
        "deadline": deadline,
        "on_time": on_time,
        "figures": figures,
        "received_change": year_over_year(figures.get("received"), before.get("received")),
        "outliers": [],
    }


def _chart(rows) -> list[dict]:
    """Bars of requests received per unit, as widths in percent of the largest."""
    values = [(r["name"], r["figures"].get("received")) for r in rows if r["report"]]
    values = [(n, v) for n, v in values if v is not None]
    top = max((v for _, v in values), default=0) or 1
    return [{"name": n, "value": v, "width": round(100 * v / top, 1)} for n, v in values]
