from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.office.views import office_view
from gongkai.organisations.roles import Action
from gongkai.web import params

from . import actions
from .calendar import ScheduleError
from .entry import entry_text, parse_entry
from .models import CalendarYear
from .registry import current_calendar


class YearForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    source = forms.CharField(label="依据（通知名称、文号）", max_length=200)
    holidays = forms.CharField(
        label="放假安排（每行一个节日：名称 开始日期 至 结束日期）",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="例如：春节 2027-02-06 至 2027-02-13。连同周末在内的每一天都算放假。",
    )
    workdays = forms.CharField(
        label="调休上班日期",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="周末上班的日期，例如：2027-02-14 2027-02-20",
    )


@office_view(Action.MANAGE_CALENDAR)
def calendar_page(request, agency):
    today = timezone.localdate()
    initial = {"year": today.year + 1}
    year = params.year(request.GET)
    if year:
        row = CalendarYear.objects.filter(year=year).first()
        if row:
            holidays, workdays = entry_text(row.schedule())
            initial = {
                "year": row.year,
                "source": row.source,
                "holidays": holidays,
                "workdays": workdays,
            }
    form = YearForm(request.POST or None, initial=initial)
    preview = confirm = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            schedule = parse_entry(data["year"], data["holidays"], data["workdays"], data["source"])
            # Saving moves deadlines at once: it happens only after the administrator has seen
            # which, for exactly the schedule shown (a changed text is previewed again).
            if request.POST.get("confirm") == actions.fingerprint(schedule):
                actions.save_year(actor=request.user, schedule=schedule, today=today)
            else:
                preview = actions.preview_year(actor=request.user, schedule=schedule, today=today)
                confirm = actions.fingerprint(schedule)
                if request.POST.get("confirm"):
                    form.add_error(None, "安排在预览后又有修改，请核对新的预览后再确认保存。")
        except ScheduleError as exc:
            form.add_error(None, str(exc))
            preview = confirm = None
        except actions.Denied as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            if preview is None:
                messages.success(
                    request,
                    f"{data['year']} 年节假日安排已保存，办理中申请的答复期限已按新安排重新计算，"
                    "变动已记入各申请的办理记录；已办结的申请保留办结时的期限。",
                )
                return redirect("workdays:calendar")
    calendar = current_calendar()
    years = [
        {"year": y, "source": calendar.source(y)}
        for y in sorted(calendar.known_years(), reverse=True)[:6]
    ]
    return render(
        request,
        "workdays/calendar.html",
        {
            "agency": agency,
            "form": form,
            "years": years,
            "next_year": today.year + 1,
            "next_known": calendar.knows(today.year + 1),
            "stored": CalendarYear.objects.all(),
            "preview": preview,
            "confirm": confirm,
        },
    )
