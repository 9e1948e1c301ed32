"""The few figures a supervising office reads first, and which units stand out.

Computed from a report's tables (any template), so a report built in the platform and one
parsed from another body's website are compared alike.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping

from gongkai.annual_report.report import Report
from gongkai.annual_report.tables import APPEAL_GROUPS

# A unit is flagged when it is this many (scaled) median absolute deviations from its peers.
OUTLIER_MADS = 3.5
# Fewer peers than this and "standing out" means nothing.
MIN_PEERS = 5


def key_figures(report: Report) -> dict[str, float | int | None]:
    if report.template == "legacy":
        return {
            "received": report.get("legacy.requests_received"),
            "answered": None,
            "disclosure_rate": None,
            "appeals": _sum(
                report.get("legacy.reconsideration_total"), report.get("legacy.litigation_total")
            ),
            "correction_rate": None,
        }
    total = report.value("requests.results_total.total")
    disclosed = report.value("requests.disclosed.total") + report.value(
        "requests.partially_disclosed.total"
    )
    appeals = sum(report.value(f"appeals.{g}.total") for g in APPEAL_GROUPS)
    decided = appeals - sum(report.value(f"appeals.{g}.pending") for g in APPEAL_GROUPS)
    corrected = sum(report.value(f"appeals.{g}.corrected") for g in APPEAL_GROUPS)
    return {
        "received": report.get("requests.received_this_year.total"),
        "answered": report.get("requests.results_total.total"),
        "disclosure_rate": disclosed / total if total else None,
        "appeals": appeals,
        "correction_rate": corrected / decided if decided else None,
    }


def _sum(*values) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def outliers(values: Mapping[object, float | int | None]) -> set[object]:
    """Units far from their peers' median, by the median absolute deviation (robust to the
    very outliers it looks for, unlike a mean and standard deviation)."""
    present = {k: float(v) for k, v in values.items() if v is not None}
    if len(present) < MIN_PEERS:
        return set()
    median = statistics.median(present.values())
    mad = statistics.median(abs(v - median) for v in present.values())
    if mad == 0:
        # Most peers agree exactly; anyone different stands out only if clearly so.
        spread = max(abs(median), 1.0)
        return {k for k, v in present.items() if abs(v - median) > spread}
    scale = 1.4826 * mad  # makes the MAD comparable to a standard deviation
    return {k for k, v in present.items() if abs(v - median) / scale > OUTLIER_MADS}


def year_over_year(this: float | int | None, last: float | int | None) -> float | None:
    if this is None or not last:
        return None
    return (this - last) / abs(last)
