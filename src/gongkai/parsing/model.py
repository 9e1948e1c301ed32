"""The report model the parser fills, imported in this one place.

The model (tables, findings, validation, figures stated in prose) belongs to the reports
domain and may move to a package of its own; only these lines then change.
"""

from gongkai.annual_report import tables
from gongkai.annual_report.narrative import key_figures, stated_figures
from gongkai.annual_report.narrative import normalise as normalise_prose
from gongkai.annual_report.report import Finding, Report
from gongkai.annual_report.validation import validate

__all__ = [
    "Finding",
    "Report",
    "key_figures",
    "normalise_prose",
    "stated_figures",
    "tables",
    "validate",
]
