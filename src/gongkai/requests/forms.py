from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from gongkai import uploads
from gongkai.web import uploads as web_uploads

from .attachments import ATTACHMENT_TYPES
from .domain.applicants import phone_problem
from .domain.outcomes import OUTCOMES
from .domain.personal_data import valid_identity_number
from .domain.workflow import Event
from .models import ApplicantType, Channel, IdType, InfoRequest, ReceiveMethod

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
# A request names the information sought; a longer list belongs in an attachment. Long enough
# for every real request seen, short enough that the handler's page stays readable.
MAX_DESCRIPTION_CHARS = 5000

APPLICANT_FIELDS = [
    "applicant_type",
    "applicant_name",
    "organisation_name",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "document_number",
    "provision_form",
    "receive_method",
]


def sniff(upload, allowed=ATTACHMENT_TYPES) -> str:
    """The upload's content type by its content; ValidationError in Chinese if not allowed."""
    data = upload.read()
    upload.seek(0)
    try:
        return uploads.identify(upload.name, data, allowed).content_type
    except uploads.UploadRefused as exc:
        raise ValidationError(str(exc)) from None


class MultipleFileField(web_uploads.MultipleFileField):
    """An applicant's files: at most MAX_ATTACHMENTS, each within the size limit and of a
    type judged by its first bytes."""

    def __init__(self, *args, max_files: int = MAX_ATTACHMENTS, **kwargs):
        super().__init__(*args, max_files=max_files, **kwargs)

    def check(self, upload):
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise ValidationError(
                f"附件“{upload.name}”有 {upload.size / 1048576:.1f} MB，超过 10 MB 的上限。"
            )
        upload.sniffed_type = sniff(upload)
        return upload


def limit_text(field: forms.Field, limit: int, what: str) -> None:
    """A length limit the browser shows (maxlength, the counter in apply-form.js) and the
    server enforces with a message that says how far over the text is."""
    field.max_length = limit
    field.widget.attrs.update({"maxlength": str(limit), "data-counter": str(limit)})
    field.validators.append(
        MaxLengthValidator(
            limit,
            message=f"{what}最多 %(limit_value)s 字，现有 %(show_value)s 字；"
            "请精简，较长的清单可作为附件上传。",
        )
    )


# Labels for organisations (法人或其他组织): Art. 29 asks for the organisation's name and its
# code; the person filling in the form is its contact. The page swaps them as the type changes
# (apply-form.js reads data-label-*), and the server renders them for a form sent back.
PERSON_LABELS = {"applicant_name": "申请人姓名", "id_number": "证件号码"}
ORG_LABELS = {
    "applicant_name": "联系人姓名",
    "id_number": "统一社会信用代码或证件号码",
    "organisation_name": "法人或其他组织名称",
}
ORG_NAME_MISSING = "法人或其他组织申请的，请填写组织名称。"


class ApplicantForm(forms.ModelForm):
    """What Art. 29 requires of a request, with messages that say what to fix."""

    attachments = MultipleFileField(
        label="附件（可选）",
        required=False,
        help_text="如身份证明、营业执照或其他材料。支持 PDF、OFD、JPG、PNG、Word、Excel，每个不超过 10 MB。",
    )

    class Meta:
        model = InfoRequest
        fields = APPLICANT_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "applicant_type": forms.RadioSelect,
            "provision_form": forms.RadioSelect,
            "receive_method": forms.RadioSelect,
            "phone": forms.TextInput(
                attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}
            ),
            "postcode": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code", "pattern": r"\d{6}"}
            ),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "description": f"请写明所需政府信息的名称、文号，或便于查找的其他特征（第二十九条），"
            f"不超过 {MAX_DESCRIPTION_CHARS} 字。",
            "id_number": "自然人填写身份证件号码；法人或其他组织填写统一社会信用代码。",
            "phone": "手机号码 11 位，办理进展会以短信通知；固定电话请写区号，例如 0571-87654321"
            "（固定电话收不到短信，请同时填写电子邮箱）。",
            "postcode": "6 位数字。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("id_type", "id_number", "phone"):
            self.fields[name].required = True
        self.fields["id_type"].choices = [("", "请选择")] + list(IdType.choices)
        self.fields["applicant_type"].choices = list(ApplicantType.choices)
        limit_text(self.fields["description"], MAX_DESCRIPTION_CHARS, "内容描述")
        for name, org_label in ORG_LABELS.items():
            widget = self.fields[name].widget
            widget.attrs["data-label-org"] = org_label
            widget.attrs["data-label-person"] = PERSON_LABELS.get(name, "")
        self.fields["organisation_name"].error_messages["required"] = ORG_NAME_MISSING
        chosen = (
            self.data.get("applicant_type") if self.is_bound else self.initial.get("applicant_type")
        )
        if chosen and chosen != ApplicantType.NATURAL_PERSON:
            for name, label in ORG_LABELS.items():
                self.fields[name].label = label
            self.fields["organisation_name"].required = True

    def clean_phone(self):
        phone = (self.cleaned_data.get("phone") or "").strip()
        if phone:
            problem = phone_problem(phone)
            if problem:
                raise ValidationError(problem)
        return phone

    def clean_postcode(self):
        postcode = (self.cleaned_data.get("postcode") or "").strip()
        if postcode and not (len(postcode) == 6 and postcode.isascii() and postcode.isdigit()):
            raise ValidationError("邮政编码应为 6 位数字，例如 310000。")
        return postcode

    def clean(self):
        data = super().clean()
        is_person = data.get("applicant_type") == ApplicantType.NATURAL_PERSON
        if (
            data.get("applicant_type")
            and not is_person
            and not data.get("organisation_name")
            and "organisation_name" not in self.errors
        ):
            self.add_error("organisation_name", ORG_NAME_MISSING)
        id_type, id_number = data.get("id_type"), (data.get("id_number") or "").strip().upper()
        if id_type == IdType.RESIDENT_ID and id_number and not valid_identity_number(id_number):
            self.add_error(
                "id_number",
                "身份证号码不正确（位数、出生日期或最后一位校验码不符），请核对后重新填写。",
            )
        data["id_number"] = id_number
        method = data.get("receive_method")
        if method == "email" and not data.get("email"):
            self.add_error("email", "选择通过电子邮件获取信息的，请填写电子邮箱。")
        if method == "post" and not data.get("address"):
            self.add_error("address", "选择邮寄的，请填写通信地址。")
        return data

    def request_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in APPLICANT_FIELDS}


class CorrectionForm(forms.Form):
    """The applicant's answer to a correction notice, checked like the request form."""

    text = forms.CharField(
        label="补正内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"按补正告知的要求说明或补充所需信息，不超过 {MAX_DESCRIPTION_CHARS} 字。",
    )
    attachments = MultipleFileField(
        label="补正材料（可选）",
        required=False,
        help_text="支持 PDF、JPG、PNG、Word、Excel，最多 5 个，每个不超过 10 MB。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text(self.fields["text"], MAX_DESCRIPTION_CHARS, "补正内容")

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("text") or "").strip() and not data.get("attachments"):
            raise ValidationError("请填写补正内容或上传补正材料。")
        return data


class StaffIntakeForm(ApplicantForm):
    """A request received in person, by post, fax or email, registered by the clerk."""

    channel = forms.ChoiceField(label="申请方式", choices=Channel.choices)
    received_on = forms.DateField(
        label="收到申请日期",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text="第三十一条：当面提交为提交之日；挂号信为签收之日；平信为与申请人确认之日；"
        "传真、电子邮件、网上申请为双方确认之日。",
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        # An oral request is written down by the clerk; the identity document may be
        # recorded later, so it is not required here.
        for name in ("id_type", "id_number", "phone"):
            self.fields[name].required = False

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > self.today:
            raise ValidationError("收到日期不能晚于今天。")
        return value


# Steps that set a period, and what to say when it is missing.
PERIOD_EVENTS = {
    Event.APPROVE_EXTENSION: "请填写延长的工作日数（最长 20 个工作日，第三十三条第二款）。",
    Event.REQUEST_CORRECTION: "请填写补正期限（工作日数，通常不超过 15 个工作日，第三十条）。",
    Event.ISSUE_FEE_NOTICE: "请填写缴费期限（工作日数）。",
    Event.SET_LATER_DATE: "请填写延后答复的工作日数（第三十五条）。",
}


class TransitionForm(forms.Form):
    event = forms.ChoiceField(choices=[(e.value, e.label) for e in Event], widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    # HTML date inputs take ISO dates only, whatever the locale's display format.
    on = forms.DateField(
        label="日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    working_days = forms.IntegerField(
        label="期限（工作日）", required=False, min_value=1, max_value=60
    )
    outcome = forms.ChoiceField(
        label="办理结果",
        required=False,
        choices=[("", "请选择")] + [(key, o.label) for key, o in OUTCOMES.items()],
    )
    reply_body = forms.CharField(
        label="告知书正文（可修改）", required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    confirm_without_release = forms.BooleanField(
        label="确认不附公开文件（例如信息已主动公开，告知书已写明获取方式）", required=False
    )

    def clean(self):
        data = super().clean()
        event = data.get("event")
        if event == Event.REPLY and not data.get("outcome"):
            self.add_error("outcome", "答复前请选择办理结果。")
        if event in PERIOD_EVENTS and not data.get("working_days"):
            self.add_error("working_days", PERIOD_EVENTS[event])
        if event in (Event.REQUEST_EXTENSION, Event.REQUEST_CORRECTION) and not data.get("note"):
            self.add_error("note", "请写明理由（延期理由或需要补正的内容和期限）。")
        return data


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=ReceiveMethod.choices)
    on = forms.DateField(
        label="送达日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class TransferForm(forms.Form):
    """Transfer (转办) to another agency: which, when and why (``actions.transfer``)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(
        label="转送日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    to_agency = AgencyChoiceField(
        label="接收机关", queryset=None, empty_label="请选择负责公开该信息的机关"
    )
    reason = forms.CharField(
        label="转送原因（必填；申请人和接收机关都会看到）",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请写明转送原因，如所申请的信息由哪个机关制作或保存。"},
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = targets
        self.fields["to_agency"].error_messages |= {
            "required": "请选择接收机关（负责公开所申请信息的机关）。",
            "invalid_choice": "请从列表中选择接收机关。",
        }
