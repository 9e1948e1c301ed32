from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from gongkai.requests.forms import MultipleFileField
from gongkai.requests.models import InfoRequest

from .domain.cases import RESULTS
from .models import AppealCase, Kind

# HTML date inputs take ISO dates only, whatever the locale's display format.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class CaseForm(forms.ModelForm):
    request_number = forms.CharField(
        label="涉及的申请（登记编号）",
        required=False,
        max_length=40,
        help_text="如 demo-county-2025-0012；不知道的可留空，以后补充。",
    )
    documents = MultipleFileField(
        label="案件材料（可选）",
        required=False,
        help_text="复议申请书、决定书、起诉状、判决书等。PDF、JPG、PNG、Word，每个不超过 10 MB。",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AppealCase
        fields = ["number", "kind", "body", "filed_on", "notes"]
        widgets = {
            "kind": forms.RadioSelect,
            "filed_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "number": "复议机关或法院的案号；留空则自动编号。",
            "body": "如：示范市人民政府（复议）、示范县人民法院（诉讼）。",
            "filed_on": "复议机关或法院受理（收案）的日期；年度报告按此日期计入年度。",
        }

    def __init__(self, *args, agency, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency, self.today = agency, today
        self.fields["number"].required = False
        self.fields["kind"].choices = list(Kind.choices)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            if self.instance.request_id:
                self.fields["request_number"].initial = self.instance.request.number

    def clean_filed_on(self):
        value = self.cleaned_data["filed_on"]
        if value > self.today:
            raise ValidationError("收案日期不能晚于今天。")
        return value

    def clean_request_number(self):
        number = self.cleaned_data["request_number"].strip()
        if not number:
            return None
        req = InfoRequest.objects.filter(agency=self.agency, number=number).first()
        if req is None:
            raise ValidationError(f"本机关没有登记编号为 {number} 的申请，请核对。")
        return req

    def case_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "number": data["number"] or "",
            "kind": data["kind"],
            "body": data["body"],
            "filed_on": data["filed_on"],
            "notes": data["notes"],
            "request": data["request_number"],
        }


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(
        label="结果", choices=list(RESULTS.items()), widget=forms.RadioSelect
    )
    closed_on = forms.DateField(label="结案日期（决定或判决作出之日）", widget=DATE)
    reopen_request = forms.BooleanField(
        label="决定要求本机关重新答复（所涉申请恢复办理）",
        required=False,
        help_text="仅在结果为“纠正”且决定书、判决书责令重新答复时勾选。",
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("reopen_request") and data.get("result") != "corrected":
            self.add_error("reopen_request", "只有结果为“纠正”时才能要求重新答复。")
        return data
