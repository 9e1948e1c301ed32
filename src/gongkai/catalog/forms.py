from __future__ import annotations

from django import forms
from django.utils import timezone
from django_prose_editor.widgets import (
    ProseEditorWidget,
    prose_editor_base_media,
    prose_editor_js,
    prose_editor_presets,
)
from js_asset import Media, Script

from gongkai.web.uploads import MultipleFileField, MultipleFileInput

from .domain.content import MAX_ATTACHMENT_BYTES
from .domain.kinds import ValidityError, ValidityInfo, check_validity
from .models import Category, Record

# Files one save of the form takes; more can be added by saving again.
MAX_FILES_PER_SAVE = 10


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kw):
        super().__init__(format="%Y-%m-%d", **kw)


# What the body editor offers. Every tag and attribute it can produce is one the sanitiser
# keeps (domain.content; a test holds the two together), so nothing typed is lost on saving.
BODY_EDITOR = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "HardBreak": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "HTML": True,
}


class BodyEditor(ProseEditorWidget):
    """The rich-text editor (ProseMirror, served from the package's own static files), with
    its labels in Chinese (gongkai/editor-zh.js, loaded by the page before it)."""

    def __init__(self, **kw):
        super().__init__(config={"extensions": BODY_EDITOR}, preset="configurable", **kw)

    @property
    def media(self):
        # gongkai/editor-csp.js must run before the preset creates the editor: it gives the
        # editor's own <style> the page's CSP nonce.
        return prose_editor_base_media + Media(
            js=[
                prose_editor_js,
                Script("gongkai/editor-csp.js", type="module"),
                *prose_editor_presets()["configurable"][1:],  # [0] is prose_editor_js
            ]
        )


class RecordForm(forms.ModelForm):
    attachments = MultipleFileField(
        label="附件（可选）",
        required=False,
        max_files=MAX_FILES_PER_SAVE,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif"}),
        help_text=f"PDF、Word（.docx）、Excel（.xlsx）或图片，可一次选择多个（至多 "
        f"{MAX_FILES_PER_SAVE} 个），按文件内容检查，每个不超过 "
        f"{MAX_ATTACHMENT_BYTES // 1048576} MB。保存后可在信息页调整顺序或删除。",
    )

    class Meta:
        model = Record
        fields = [
            "title", "category", "doc_type", "document_number", "formed_on", "changed_on",
            "subject_words", "subject_class", "summary", "body", "validity",
            "effective_from", "ended_on", "validity_basis", "interprets",
        ]  # fmt: skip
        widgets = {
            "formed_on": DateInput(),
            "changed_on": DateInput(),
            "effective_from": DateInput(),
            "ended_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": BodyEditor(attrs={"rows": 14}),
        }
        help_texts = {
            "body": "可设置标题、加粗、列表、表格和链接，也可从 Word 粘贴；脚本和样式会被自动去除。",
            "changed_on": "信息变更后重新公开时填写；公开时限从此日起算（第二十六条）。",
            "validity": "规章和行政规范性文件必填（有效、失效或废止），其他类型不填。",
            "interprets": "本信息是政策解读时，选择它解读的政策文件。",
            "subject_words": "多个主题词用空格分隔。",
        }

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(agency=agency, is_active=True)
        self.fields["category"].label_from_instance = lambda c: f"{c.code} {c.name}"
        self.fields["interprets"].queryset = Record.objects.filter(
            agency=agency, is_public=True, doc_type__in=["regulation", "normative", "document"]
        ).order_by("-published_at")[:200]
        self.fields["category"].required = False
        # The template writes the validity's hint itself (its star depends on the type).
        self.fields["validity"].widget.attrs["aria-describedby"] = "id_validity_help"

    def clean(self):
        data = super().clean()
        # The rule the submission enforces (kinds.check_validity), told at the field on every
        # save rather than only when the draft goes to review.
        if data.get("doc_type"):
            info = ValidityInfo(
                data.get("validity") or "",
                data.get("effective_from"),
                data.get("ended_on"),
                data.get("validity_basis") or "",
            )
            try:
                check_validity(data["doc_type"], info, today=timezone.localdate())
            except ValidityError as exc:
                self.add_error("validity", str(exc))
        return data

    def uploads(self) -> list:
        return self.cleaned_data.get("attachments") or []

    def data_for_action(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StepForm(forms.Form):
    event = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label="意见或理由", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    at = forms.DateTimeField(
        label="定时发布（不填则立即发布）",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class CategoryForm(forms.Form):
    code = forms.CharField(label="目录代码", max_length=20, help_text="如 7-4，会写入索引号。")
    name = forms.CharField(label="目录名称", max_length=100)
    parent = forms.ModelChoiceField(
        label="上级目录", queryset=Category.objects.none(), required=False
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Category.objects.filter(agency=agency)
        self.fields["parent"].label_from_instance = lambda c: f"{c.code} {c.name}"


class SchemeForm(forms.Form):
    index_scheme = forms.CharField(
        label="索引号规则",
        max_length=80,
        help_text="可用 {org} 机构代码、{cat} 目录代码、{year} 年份、{serial:05d} 流水号。",
    )
    org_code = forms.CharField(label="索引号中的机构代码", max_length=40, required=False)


class FromRequestForm(forms.Form):
    number = forms.CharField(label="申请登记编号", max_length=40)
