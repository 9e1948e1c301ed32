"""The unit's own report before it is submitted: every figure links to the records behind it,
and its key figures stand beside comparable units' so that outliers are caught early."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.annual_report.entry import FigureError, parse_figure
from gongkai.annual_report.report import Report
from gongkai.annual_report.tables import APPLICANT_COLUMNS, label_of
from gongkai.appeals.domain.cases import cases_behind
from gongkai.appeals.models import AppealCase
from gongkai.catalog.models import Record
from gongkai.catalog.stats import records_behind as catalog_behind
from gongkai.documents import annual_report as report_documents
from gongkai.office import downloads
from gongkai.office.views import office_view
from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.requests.domain.ledger import records_behind
from gongkai.requests.domain.personal_data import mask_found
from gongkai.requests.models import InfoRequest
from gongkai.requests.presentation import applicant_view, may_see_personal_data
from gongkai.web import params

from .actions.drafts import save_draft
from .builder import appeal_records_for, build_report, reported_changes, request_records
from .domain.drafting import (
    DraftError,
    check_figure,
    manual_cells,
    placeholders,
    sections_for,
)
from .domain.figures import key_figures
from .drafts import complete_report, draft_for
from .models import PublishedReport
from .supervision import latest_by_unit, report_year


@office_view(Action.REPORT_VIEW)
def preview(request, agency):
    year = report_year(request)
    today = timezone.localdate()
    if year > today.year:
        raise Http404
    try:
        report, narrative = complete_report(agency, year, today=today)
    except DraftError as exc:
        messages.error(request, f"草稿有误，以下按未填写显示：{exc}")
        report, narrative = build_report(agency, year, today=today), {}
    found, _ = request_records(agency, year)
    behind = _behind(agency, year, report.template, found)
    behind = {cell: n for cell, n in behind.items() if _may_list(request.user, agency, cell)}
    # The page mirrors the printed report: sections 一 to 六 in order, the tables in the official
    # grid (the same one the PDF, DOCX and HTML print), each counted figure opening its records.
    sections = []
    for kind, item in report_documents.outline(report, narrative):
        if kind == "heading":
            sections.append({"heading": item, "texts": [], "grid": None})
        elif kind == "text":
            sections[-1]["texts"].append(item)
        else:
            sections[-1]["grid"] = [
                [{"cell": cell, "link": cell.path in behind} for cell in row] for row in item.rows
            ]
    return render(
        request,
        "reports/preview.html",
        {
            "agency": agency,
            "year": year,
            "report": report,
            "sections": sections,
            "findings": report.findings,
            "peers": _peers(agency, year, key_figures(report)),
            "can_submit": Action.REPORT_EDIT in request.allowed_actions,
            "changes": _changes(request.user, agency, year, found),
        },
    )


def _changes(user, agency, year: int, found) -> dict:
    """往年已报数据的变动 as a table of the requests, for whoever may list them (the report's
    finding states the same without the reasons); the reason masked without personal data."""
    if not policy.can(user, Action.REQUEST_VIEW, agency):
        return {}
    personal = policy.can(user, Action.REQUEST_VIEW_PERSONAL, agency)
    changes = reported_changes(agency, year, found)
    pks = dict(
        InfoRequest.objects.filter(
            agency=agency, number__in=[c.number for c in changes]
        ).values_list("number", "pk")
    )
    rows = [
        {
            "change": c,
            "pk": pks.get(c.number),
            "applicant": APPLICANT_COLUMNS.get(c.applicant_type, ""),
            "reason": c.reason if personal else mask_found(c.reason),
        }
        for c in changes
    ]
    return {"year": year, "rows": rows} if rows else {}


def _peers(agency, year: int, mine: dict) -> list[dict]:
    """Units of the same level and kind under the same parent, from their latest reports."""
    if agency.parent_id is None:
        return []
    siblings = agency.parent.children.filter(level=agency.level, kind=agency.kind).exclude(
        pk=agency.pk
    )
    latest = latest_by_unit(PublishedReport.objects.filter(agency__in=siblings, year=year))
    rows = [{"name": f"{agency.name}（本机关）", "figures": mine, "own": True}]
    rows += [
        {"name": kept.unit_name, "figures": key_figures(Report.from_dict(kept.data)), "own": False}
        for kept in latest.values()
    ]
    return rows


def _behind(agency, year: int, template: str, found=None) -> dict[str, list[str]]:
    """Every figure of sections 三 and 四 with the numbers of the requests or cases it counts
    (``found``: the year's request records, when the caller has read them already)."""

    if found is None:
        found, _ = request_records(agency, year)
    behind = records_behind(found, year, template=template) | cases_behind(
        appeal_records_for(agency, year), year
    )
    if template == "2021":
        # The 2019 format's columns are a mapping of the catalog's counts, not the counts.

        behind |= {
            cell: [str(pk) for pk in pks] for cell, pks in catalog_behind(agency, year).items()
        }
    return behind


# Whose records a figure counts, and what one must hold to list them: reading the report does
# not open the requests, cases or catalog drafts behind its figures.
_CATALOG_ACTIONS = (Action.CATALOG_DRAFT, Action.CATALOG_REVIEW, Action.CATALOG_PUBLISH)


def _may_list(user, agency, cell: str) -> bool:
    if cell.startswith("proactive."):
        return any(policy.can(user, a, agency) for a in _CATALOG_ACTIONS)
    if cell.startswith("appeals."):
        return policy.can(user, Action.APPEAL_MANAGE, agency)
    return policy.can(user, Action.REQUEST_VIEW, agency)


@office_view(Action.REPORT_VIEW)
def records(request, agency):
    year = report_year(request)
    cell = params.text(request.GET, "cell", max_length=120)
    if not _may_list(request.user, agency, cell):
        raise PermissionDenied("您可以查看年度报告的数字，但没有查看其背后记录的权限。")
    template = build_report(agency, year, today=timezone.localdate()).template
    numbers = _behind(agency, year, template).get(cell)
    if numbers is None:
        raise Http404
    if cell.startswith("proactive."):
        found = Record.objects.filter(agency=agency, pk__in=[int(n) for n in numbers])
        return render(
            request,
            "reports/catalog_records.html",
            {
                "agency": agency,
                "year": year,
                "cell_label": label_of(cell),
                "records": found.order_by("formed_on"),
            },
        )
    if cell.startswith("appeals."):
        cases = AppealCase.objects.filter(agency=agency, number__in=numbers).order_by("filed_on")
        return render(
            request,
            "reports/cases.html",
            {
                "agency": agency,
                "year": year,
                "cell_label": label_of(cell),
                "cases": cases,
                "can_open": policy.can(request.user, Action.APPEAL_MANAGE, agency),
            },
        )
    requests = InfoRequest.objects.filter(agency=agency, number__in=numbers).order_by("received_on")
    personal = may_see_personal_data(request.user, agency)

    return render(
        request,
        "reports/records.html",
        {
            "agency": agency,
            "year": year,
            "cell_label": label_of(cell),
            "rows": [
                {"req": r, "applicant": applicant_view(r, personal=personal)} for r in requests
            ],
            "can_open": True,
        },
    )


DOWNLOADS = ("pdf", "docx", "html", "xlsx", "json")


@office_view(Action.REPORT_VIEW)
def download(request, agency, fmt):

    if fmt not in DOWNLOADS:
        raise Http404
    year = report_year(request)
    try:
        report, narrative = complete_report(agency, year, today=timezone.localdate())
    except DraftError as exc:
        raise Http404(str(exc)) from exc
    if fmt == "json":
        data = report.to_json().encode()
    elif fmt == "xlsx":
        data = report_documents.render_xlsx(report)
    else:
        data = getattr(report_documents, f"render_{fmt}")(report, narrative)
    return downloads.download(data, f"{agency.code}-{year}.{fmt}")


def _typed_figures(post, cells: dict) -> tuple[dict, dict, dict]:
    """The figures typed on the draft page: {cell: {"value", "source"}} of the good ones, what
    was typed in every row (shown again as typed), and a Chinese message per bad row."""
    manual, typed, errors = {}, {}, {}
    for n, path in enumerate(cells):
        raw = params.text(post, f"v{n}", max_length=40).strip()
        source = params.text(post, f"s{n}", max_length=200)
        typed[path] = {"value": raw, "source": source}
        try:
            value = parse_figure(raw)
            if value is not None:
                value = check_figure(path, value)
        except (FigureError, DraftError) as exc:
            errors[n] = str(exc)
            continue
        if value is not None:
            manual[path] = {"value": value, "source": source}
    return manual, typed, errors


@office_view(Action.REPORT_EDIT)
def edit_draft(request, agency):
    year = report_year(request)
    today = timezone.localdate()
    built = build_report(agency, year, today=today)
    draft = draft_for(agency, year)
    cells = manual_cells(built.template)
    shown, errors = draft.manual, {}
    if request.method == "POST":
        manual, typed, errors = _typed_figures(request.POST, cells)
        narrative = {
            key: params.text(request.POST, key, max_length=100_000)
            for key in sections_for(agency.kind)
        }
        # Whatever happens next, the page shows what was typed, not what was saved before.
        shown, draft.narrative = typed, narrative
        if errors:
            messages.error(
                request, f"未保存：有 {len(errors)} 个数字填写有误，请按各栏的提示改正。"
            )
        else:
            try:
                save_draft(
                    actor=request.user,
                    agency=agency,
                    year=year,
                    manual=manual,
                    narrative=narrative,
                    today=today,
                )
            except DraftError as exc:
                messages.error(request, f"未保存：{exc}")
            else:
                messages.success(request, "已保存。")
                return redirect(f"{reverse('reports:preview')}?year={year}")
    rows = [
        {
            "n": n,
            "label": label,
            "value": (shown.get(path) or {}).get("value", ""),
            "source": (shown.get(path) or {}).get("source", ""),
            "error": errors.get(n, ""),
        }
        for n, (path, label) in enumerate(cells.items())
    ]
    return render(
        request,
        "reports/draft.html",
        {
            "agency": agency,
            "year": year,
            "rows": rows,
            "sections": [
                (k, label, draft.narrative.get(k, ""))
                for k, label in sections_for(agency.kind).items()
            ],
            "placeholders": placeholders(built),
            "changes": _changes(request.user, agency, year, request_records(agency, year)[0]),
        },
    )
