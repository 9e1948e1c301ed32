"""A region's pages for its government: the compiled report of every unit below, and every
unit's change from the year before in one table."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from openpyxl import Workbook

from gongkai.annual_report.report import Report
from gongkai.documents.annual_report import render_xlsx
from gongkai.office import downloads
from gongkai.office.views import office_view
from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.table_files import append_row

from .domain.aggregate import aggregate
from .domain.build import template_for
from .domain.compare import compare_tables
from .domain.layout import tables
from .models import PublishedReport
from .supervision import latest_by_unit, report_year


def _latest_by_unit(units, year: int) -> dict[int, PublishedReport]:
    return latest_by_unit(PublishedReport.objects.filter(agency__in=units, year=year))


def _units(request, agency):
    return (
        policy.agencies_where(request.user, Action.REPORT_VIEW)
        .subtree_of(agency)
        .exclude(pk=agency.pk)
    )


@office_view(Action.REPORT_VIEW)
def region(request, agency):
    year = report_year(request)
    template = template_for(year)
    latest = _latest_by_unit(_units(request, agency), year)
    reports = [Report.from_dict(k.data) for k in latest.values()]
    total = aggregate(reports, agency=agency.name, year=year, template=template)
    if request.GET.get("format") == "json":
        return downloads.download(total.to_json(), f"{agency.code}-{year}-region.json")
    if request.GET.get("format") == "xlsx":
        return downloads.download(render_xlsx(total), f"{agency.code}-{year}-region.xlsx")
    return render(
        request,
        "reports/region.html",
        {
            "agency": agency,
            "year": year,
            "report": total,
            "tables": tables(total),
            "included": sorted(latest.values(), key=lambda k: k.unit_name),
            "missing": _units(request, agency).exclude(pk__in=latest.keys()),
        },
    )


@office_view(Action.REPORT_VIEW)
def changes(request, agency):
    """Every unit's report against its report of the year before, in one batch."""
    year = report_year(request)
    units = _units(request, agency)
    this, last = _latest_by_unit(units, year), _latest_by_unit(units, year - 1)
    rows = []
    for unit in units:
        if unit.pk not in this or unit.pk not in last:
            rows.append(
                {"unit": unit, "a": last.get(unit.pk), "b": this.get(unit.pk), "cells": None}
            )
            continue
        a, b = last[unit.pk], this[unit.pk]
        cells = [
            c
            for c in compare_tables(Report.from_dict(a.data), Report.from_dict(b.data))
            if c.change
        ]
        biggest = sorted(cells, key=lambda c: abs(c.change), reverse=True)[:3]
        rows.append({"unit": unit, "a": a, "b": b, "cells": len(cells), "biggest": biggest})
    if request.GET.get("format") == "xlsx":
        return _changes_xlsx(rows, year)
    return render(request, "reports/changes.html", {"agency": agency, "year": year, "rows": rows})


def _changes_xlsx(rows, year) -> HttpResponse:

    book = Workbook()
    sheet = book.active
    sheet.title = f"{year - 1}-{year}"
    append_row(sheet, ["单位", f"{year - 1}年", f"{year}年", "不同的项数", "变化最大的项"])
    for r in rows:
        append_row(
            sheet,
            [
                r["unit"].name,
                "有" if r["a"] else "无",
                "有" if r["b"] else "无",
                r["cells"],
                "；".join(f"{c.label} {c.a}→{c.b}" for c in r.get("biggest", [])),
            ],
        )
    return downloads.download(downloads.saved(book), f"changes-{year}.xlsx")
