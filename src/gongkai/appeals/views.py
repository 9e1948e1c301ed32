from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gongkai import uploads
from gongkai.audit import labels
from gongkai.audit.log import entries_for
from gongkai.office.views import office_view
from gongkai.organisations import policy
from gongkai.organisations.roles import Action
from gongkai.web import params

from . import actions
from .domain.cases import tabulate_appeals
from .forms import CaseForm, CloseForm
from .models import AppealCase
from .records import appeal_records


def _cases(agency):
    # Cases of the current agency only: a handler manages its own agency's appeals.
    return AppealCase.objects.filter(agency=agency).select_related("request")


@office_view(Action.APPEAL_MANAGE)
def case_list(request, agency):
    today = timezone.localdate()
    year = params.year(request.GET, default=today.year)
    cases = _cases(agency).filter(filed_on__year=year).order_by("-filed_on", "-id")
    table = tabulate_appeals(appeal_records(_cases(agency).filter(filed_on__year=year)), year)
    return render(
        request,
        "appeals/list.html",
        {
            "agency": agency,
            "cases": cases,
            "year": year,
            "years": range(today.year, today.year - 6, -1),
            "table": table,
        },
    )


@office_view(Action.APPEAL_MANAGE)
def create(request, agency):
    today = timezone.localdate()
    form = CaseForm(request.POST or None, request.FILES or None, agency=agency, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            case = actions.create_case(
                actor=request.user,
                agency=agency,
                today=today,
                documents=form.cleaned_data["documents"],
                **form.case_fields(),
            )
        except actions.InvalidCase as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已登记案件 {case.number}。")
            return redirect("appeals:detail", pk=case.pk)
    return render(request, "appeals/edit.html", {"agency": agency, "form": form, "case": None})


@office_view(Action.APPEAL_MANAGE)
def detail(request, agency, pk):
    case = get_object_or_404(_cases(agency), pk=pk)
    close_form = None
    if case.is_pending:
        close_form = CloseForm(initial={"version": case.version, "closed_on": timezone.localdate()})
    return render(
        request,
        "appeals/detail.html",
        {
            "agency": agency,
            "case": case,
            "close_form": close_form,
            "documents": case.documents.all(),
            "history": [
                {"entry": e, "label": labels.action_label(e.action, e.transition)}
                for e in entries_for(case).order_by("seq")
            ],
        },
    )


@office_view(Action.APPEAL_MANAGE)
def edit(request, agency, pk):
    case = get_object_or_404(_cases(agency), pk=pk)
    today = timezone.localdate()
    form = CaseForm(
        request.POST or None, request.FILES or None, instance=case, agency=agency, today=today
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_case(
                actor=request.user,
                case=AppealCase.objects.get(pk=case.pk),
                today=today,
                expected_version=form.cleaned_data.get("version"),
                documents=form.cleaned_data["documents"],
                **form.case_fields(),
            )
        except (actions.InvalidCase, actions.StaleEdit) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "案件信息已保存。")
            return redirect("appeals:detail", pk=case.pk)
    return render(request, "appeals/edit.html", {"agency": agency, "form": form, "case": case})


@office_view(Action.APPEAL_MANAGE)
def close(request, agency, pk):
    case = get_object_or_404(_cases(agency), pk=pk)
    if request.method != "POST":
        return redirect("appeals:detail", pk=pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
        return redirect("appeals:detail", pk=pk)
    data = form.cleaned_data
    try:
        actions.close_case(
            actor=request.user,
            case=case,
            result=data["result"],
            closed_on=data["closed_on"],
            today=timezone.localdate(),
            reopen_request=data["reopen_request"],
            expected_version=data["version"],
            note=data["note"],
        )
    except (actions.InvalidCase, actions.StaleEdit) as exc:
        messages.error(request, str(exc))
    except policy.Denied as exc:
        raise PermissionDenied(str(exc)) from exc
    else:
        done = "，所涉申请已恢复办理" if data["reopen_request"] else ""
        messages.success(request, f"案件已结案{done}。")
    return redirect("appeals:detail", pk=pk)


@office_view(Action.APPEAL_MANAGE)
def document(request, agency, pk, doc):
    case = get_object_or_404(_cases(agency), pk=pk)
    item = get_object_or_404(case.documents, pk=doc)
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=uploads.download_name(item.original_name, item.content_type),
        content_type=item.content_type,
    )
