"""A form field for several files in one input (Django's documented pattern).

A plain ``FileField`` with a multiple-file widget receives a list, which its ``to_python``
does not take: every upload then fails with Django's "未提交文件。请检查表单的编码类型。".
``MultipleFileField.clean`` cleans each file as ``FileField`` would and returns the list.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, max_files: int, **kwargs):
        self.max_files = max_files
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if not files:
            # An empty list through FileField.clean: "required" is raised when it must be.
            super().clean(None, initial)
            return []
        if len(files) > self.max_files:
            raise ValidationError(f"最多上传 {self.max_files} 个附件，请减少所选的文件。")
        return [self.check(super(MultipleFileField, self).clean(f, initial)) for f in files]

    def check(self, upload):
        """One cleaned file; subclasses refuse it (ValidationError) or annotate it."""
        return upload
