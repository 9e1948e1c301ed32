"""The supervising office's pages: every unit's report for a year, the library, a report's
findings, and comparisons."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from docx import Document
from openpyxl import Workbook

from gongkai.annual_report.tables import label_of
from gongkai.errors import InvalidStep
from gongkai.office import downloads
from gongkai.office.views import office_view
from gongkai.organisations import policy
from gongkai.organisations.models import Agency
from gongkai.organisations.roles import Action
from gongkai.table_files import append_row
from gongkai.web import params

from .actions import library, uploads
from .domain.compare import compare
from .domain.layout import tables
from .models import TEMPLATE_LABELS, PublishedReport, UploadStatus, finding_key
from .supervision import overview_rows, report_year

# What the file chooser offers; the parser judges each file by its content, not its name.
ACCEPTED = (
    ".pdf",
    ".docx",
    ".doc",
    ".wps",
    ".xlsx",
    ".xls",
    ".et",
    ".html",
    ".htm",
    ".txt",
    ".zip",
)


def visible_reports(user):
    agencies = policy.agencies_where(user, Action.REPORT_VIEW)
    return PublishedReport.objects.filter(Q(within__in=agencies) | Q(agency__in=agencies))


@office_view(Action.REPORT_VIEW)
def overview(request, agency):
    year = report_year(request)
    rows, chart = overview_rows(request.user, agency, year)
    if request.GET.get("format") == "xlsx":
        return _overview_xlsx(rows, year)
    return render(
        request,
        "reports/overview.html",
        {
            "agency": agency,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 8, -1),
            "rows": rows,
            "chart": chart,
            "can_review": Action.REPORT_REVIEW in request.allowed_actions,
            "can_submit": Action.REPORT_EDIT in request.allowed_actions,
        },
    )


def _overview_xlsx(rows, year) -> HttpResponse:

    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年度报告汇总"
    append_row(
        sheet,
        [
            "单位",
            "是否报送",
            "报送时间",
            "是否按时",
            "错误数",
            "本年新收申请",
            "办结",
            "按期办结率",
            "公开率",
            "复议诉讼",
            "纠错率",
            "新收申请同比",
            "异常",
        ],
    )
    for r in rows:
        f = r["figures"]
        append_row(
            sheet,
            [
                r["name"],
                "是" if r["report"] else "否",
                r["report"].submitted_at.strftime("%Y-%m-%d") if r["report"] else "",
                {True: "按时", False: "逾期", None: ""}[r["on_time"]],
                r["report"].error_count if r["report"] else "",
                f.get("received"),
                f.get("answered"),
                r["on_time_share"],
                f.get("disclosure_rate"),
                f.get("appeals"),
                f.get("correction_rate"),
                r["received_change"],
                "、".join(r["outliers"]),
            ],
        )
    return downloads.download(downloads.saved(book), f"reports-{year}.xlsx")


@office_view(Action.REPORT_EDIT)
@require_POST
def submit(request, agency):
    year = params.year(request.POST, lenient=True)
    if year is None:
        messages.error(request, f"请选择要报送的年度（{params.YEAR_MIN}–{params.YEAR_MAX}）。")
        return redirect("reports:overview")
    try:
        kept, created = library.submit_report(
            actor=request.user,
            agency=agency,
            year=year,
            today=timezone.localdate(),
        )
    except library.LibraryError as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('reports:overview')}?year={year}")
    if created:
        messages.success(request, f"已向{kept.within.name}报送 {kept.year} 年度报告。")
    else:
        messages.info(request, "与已报送的版本完全相同，未重复报送。")
    return redirect("reports:detail", pk=kept.pk)


@office_view(Action.REPORT_VIEW)
def library_page(request, agency):
    reports = visible_reports(request.user).select_related("agency")
    year = params.year(request.GET)
    if year:
        reports = reports.filter(year=year)
    batch = _batch(request)
    return render(
        request,
        "reports/library.html",
        {
            "agency": agency,
            "reports": reports[:500],
            "year": year or "",
            "can_review": Action.REPORT_REVIEW in request.allowed_actions,
            "accept": ",".join(ACCEPTED),
            **batch,
        },
    )


def _batch(request) -> dict:
    """The upload the page follows (``?batch=``): its files and how far their parsing is."""
    try:
        batch = uuid.UUID(request.GET.get("batch", ""))
    except ValueError:
        return {}
    rows = list(uploads.batch_rows(request.user, batch))
    if not rows:
        return {}
    done = sum(r.finished for r in rows)
    return {
        "batch": batch,
        "batch_rows": rows,
        "batch_done": done,
        "batch_failed": sum(r.status == UploadStatus.FAILED for r in rows),
        "batch_running": done < len(rows),
    }


@office_view(Action.REPORT_REVIEW)
@require_POST
def upload(request, agency):
    try:
        files = uploads.expand(request.FILES.getlist("files"))
        batch = uploads.queue_uploads(actor=request.user, within=agency, files=files)
    except library.LibraryError as exc:
        messages.error(request, str(exc))
        return redirect("reports:library")
    messages.success(request, f"已收到 {len(files)} 个文件，正在后台逐个解析，本页显示进度。")
    return redirect(f"{reverse('reports:library')}?batch={batch}")


@office_view(Action.REPORT_VIEW)
def detail(request, agency, pk):
    kept = get_object_or_404(visible_reports(request.user).select_related("agency"), pk=pk)
    can_review = policy.can(request.user, Action.REPORT_REVIEW, kept.within)
    can_publish = (
        kept.source == "platform"
        and kept.agency is not None
        and policy.can(request.user, Action.CATALOG_DRAFT, kept.agency)
    )
    if request.method == "POST":
        if not can_review and not (can_publish and request.POST.get("form") == "publish"):
            raise PermissionDenied("您没有审核此报告的权限。")
        try:
            record = _post(request, kept)
        except (library.LibraryError, InvalidStep) as exc:
            messages.error(request, exc.message)
        except policy.Denied as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            if record is not None:
                return redirect("catalog_office:detail", pk=record.pk)
        return redirect("reports:detail", pk=pk)
    decisions = {d.finding_key: d for d in kept.decisions.all()}
    where = kept.data.get("provenance") or {}
    findings = [
        {
            "f": f,
            "key": finding_key(f),
            "decision": decisions.get(finding_key(f)),
            "where": [
                (label_of(c, short=True), where[c]) for c in f.get("cells") or [] if c in where
            ],
        }
        for f in kept.findings
    ]
    others = (
        visible_reports(request.user)
        .exclude(pk=kept.pk)
        .filter(Q(agency=kept.agency) if kept.agency_id else Q(unit_name=kept.unit_name))
    )
    return render(
        request,
        "reports/detail.html",
        {
            "agency": agency,
            "kept": kept,
            "tables": tables(library.as_report(kept)),
            "findings": findings,
            "can_review": can_review,
            "can_publish": can_publish,
            "others": others,
            "units": Agency.objects.subtree_of(kept.within),
            "templates": list(TEMPLATE_LABELS.items()),
        },
    )


def _post(request, kept):
    form = request.POST.get("form")
    if form == "decision":
        library.decide(
            actor=request.user,
            report=kept,
            key=request.POST.get("key", ""),
            decision=request.POST.get("decision", ""),
            note=request.POST.get("note", ""),
        )
        messages.success(request, "已记录审核意见。")
    elif form == "metadata":
        year = params.year(request.POST, lenient=True)
        if year is None:
            raise library.LibraryError(
                f"请填写年度（{params.YEAR_MIN}–{params.YEAR_MAX} 之间的四位数字）。"
            )
        code = request.POST.get("agency", "")
        unit = Agency.objects.filter(code=code).first() if code else None
        library.edit_metadata(
            actor=request.user,
            report=kept,
            unit_name=request.POST.get("unit_name", ""),
            year=year,
            agency=unit,
            template=request.POST.get("template") or None,
        )
        messages.success(request, "已更正报告信息。")
    elif form == "publish":
        record = library.publish_to_catalog(
            actor=request.user, kept=kept, today=timezone.localdate()
        )
        messages.success(request, "已在主动公开目录中生成草稿，提交保密审查后即可发布。")
        return record
    elif form == "reparse":
        library.reparse(actor=request.user, report=kept)
        messages.success(request, "已重新解析，此前的审核意见保留。")


def in_time_order(a, b) -> tuple:
    """The earlier report first, whichever way they were picked: a change is later minus
    earlier everywhere (as 同比 on the overview), never the other way round."""
    return tuple(sorted((a, b), key=lambda r: (r.year, r.submitted_at, r.pk)))


@office_view(Action.REPORT_VIEW)
def compare_page(request, agency):
    reports = visible_reports(request.user)
    a_id = params.object_id(request.GET, "a", label="报告 A")
    b_id = params.object_id(request.GET, "b", label="报告 B")
    if a_id is None or b_id is None:
        return render(
            request,
            "reports/compare_choose.html",
            {
                "agency": agency,
                "reports": reports.order_by("unit_name", "-year")[:500],
                "a_id": a_id,
                "b_id": b_id,
            },
        )
    a, b = in_time_order(get_object_or_404(reports, pk=a_id), get_object_or_404(reports, pk=b_id))
    result = compare(
        library.as_report(a), library.as_report(b), a_text=a.narrative, b_text=b.narrative
    )
    if request.GET.get("format") == "xlsx":
        return _compare_xlsx(a, b, result)
    if request.GET.get("format") == "docx":
        return _compare_docx(a, b, result)
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "reports/compare.html",
        {
            "agency": agency,
            "a": a,
            "b": b,
            "cells": result.cells if show_all else result.changed_cells,
            "changed": len(result.changed_cells),
            "show_all": show_all,
            "paragraphs": [p for p in result.paragraphs if p.kind != "same"],
            "same_paragraphs": sum(1 for p in result.paragraphs if p.kind == "same"),
        },
    )


def _compare_docx(a, b, result) -> HttpResponse:

    doc = Document()
    doc.add_heading("年度报告对比", level=1)
    doc.add_paragraph(f"较早：{a}\n较晚：{b}\n变化 = 较晚 − 较早")
    doc.add_heading(f"统计数据（{len(result.changed_cells)} 项不同）", level=2)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("项目", str(a), str(b), "变化"), strict=True):
        cell.text = text
    for c in result.changed_cells:
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = c.label, str(c.a or 0), str(c.b or 0)
        row[3].text = f"{c.change:+}"
    doc.add_heading("正文", level=2)
    labels = {"changed": "修改", "added": "较晚的报告新增", "removed": "较晚的报告删除"}
    for p in result.paragraphs:
        if p.kind == "same":
            continue
        doc.add_paragraph(labels[p.kind], style="Intense Quote")
        if p.a:
            doc.add_paragraph(f"{a.year} 年度：{p.a}")
        if p.b:
            doc.add_paragraph(f"{b.year} 年度：{p.b}")
    return downloads.download(downloads.saved(doc), f"compare-{a.pk}-{b.pk}.docx")


def _compare_xlsx(a, b, result) -> HttpResponse:

    book = Workbook()
    sheet = book.active
    sheet.title = "数据对比"
    append_row(sheet, ["单元格", "项目", str(a), str(b), "变化（较晚 − 较早）"])
    for c in result.cells:
        append_row(sheet, [c.path, c.label, c.a, c.b, c.change])
    text = book.create_sheet("正文对比")
    append_row(text, ["变化", str(a), str(b)])
    labels = {"same": "相同", "changed": "修改", "added": "新增", "removed": "删除"}
    for p in result.paragraphs:
        append_row(text, [labels[p.kind], p.a, p.b])
    return downloads.download(downloads.saved(book), f"compare-{a.pk}-{b.pk}.xlsx")
